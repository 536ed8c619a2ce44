package org.comicreid.worker.cli;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.worker.setup.DatasetSetup;
import org.comicreid.worker.setup.StageWiring;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.worker.setup.LedgerWiring;
import org.comicreid.experiments.tracking.TrackedRun;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.setup.TrackingWiring;
import org.comicreid.worker.temporal.EmbeddedPipeline;
import org.comicreid.worker.temporal.PipelineLauncher;
import org.comicreid.worker.temporal.TemporalConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid run}: runs the pipeline of a config. Without {@code temporal.target} it starts the
 * embedded Temporal server and both workers in this process; with one it only submits and waits.
 * A still-running (or finished) workflow with the same {@code <experiment>-<configHash>} is joined;
 * a failed one is rerun and resumes after its last finished stage.
 *
 * <p>The run is tracked ({@code tracking.*}: MLflow when a tracking URI is set, else the local
 * tracker in the catalog): one run per pipeline, keyed by the workflow id, with one nested run per
 * executed stage; its MLflow address is printed at the end.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the nine-stage pipeline for a config (embedded Temporal by default).")
public final class RunCommand implements Callable<Integer> {

  /** How often progress is polled through the workflow query. */
  static final Duration POLL = Duration.ofMillis(500);

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML config file (default: the demo config, configs/demo.yaml, embedded in the jar).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON here.")
  Path json;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "Catalog dataset to run on (same as --set dataset.name=NAME). Names starting"
          + " with 'synthetic' are generated from the world.* keys when missing.")
  String dataset;

  @Option(names = "--force", paramLabel = "STAGE",
      description = "Run STAGE and every stage downstream of it again, replacing their cached"
          + " outputs (repeatable; detect, pair, pretrain, link, metamine, finetune, threshold,"
          + " cluster, evaluate).")
  List<String> force = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The stages named by {@code --force}; an unknown name is an input error listing the names. */
  static java.util.Set<Stage> forcedStages(List<String> names) {
    java.util.Set<Stage> out = java.util.EnumSet.noneOf(Stage.class);
    for (String n : names) {
      out.add(Stage.byKey(n.strip()).orElseThrow(() -> new org.comicreid.core.ReidInputException(
          "--force '" + n + "': expected one of " + StageImplementations.keys(Stage.inOrder()))));
    }
    return out;
  }

  @Override
  public Integer call() {
    List<String> all = new ArrayList<>(sets);
    if (dataset != null) {
      all.add("dataset.name=" + dataset);
    }
    PrintWriter out = spec.commandLine().getOut();
    RunSetup setup;
    if (config == null) {
      out.println("no --config: running the demo config (configs/demo.yaml)");
      setup = RunSetup.from(new org.comicreid.experiments.config.ConfigLoader().loadDemo(all));
    } else {
      setup = RunSetup.resolve(config, all);
    }
    // closed when the command ends: an open embedded H2 catalog keeps rewriting its lock file,
    // so one left open by an in-process run races whoever deletes the work dir afterwards
    try (Catalogs catalogs = new Catalogs(setup)) {
      setup = setup.withCacheIdentity(DatasetSetup.ensure(setup, catalogs.get(), out));
      if (!force.isEmpty()) {
        setup = setup.withForced(forcedStages(force));
        out.println("forcing " + String.join(", ", force) + " and every stage downstream to run"
            + " again");
      }
      PipelineLauncher.Outcome o;
      StageLedger ledger = new CatalogStageLedger(catalogs.get());
      try (Tracker tracker =
          TrackingWiring.open(setup, () -> new TrackingStore(catalogs.get()))) {
        StageTracking stageTracking = TrackingWiring.stages(tracker, ledger, setup);
        StageImplementations impls = StageWiring.stages(setup, catalogs, new ConsoleProgress(out),
            stageTracking);
        requireAllStages(impls);
        o = launch(setup, impls, () -> ledger, tracker, out);
      }
      report(o, json, out, ledger);
    }
    return ReidMain.EXIT_OK;
  }

  /**
   * The setup's catalog, opened once on first use and shared by the ledger and the tracker; closed
   * with the command.
   */
  private static final class Catalogs implements Supplier<Catalog>, AutoCloseable {
    private final RunSetup setup;
    private Catalog catalog;

    Catalogs(RunSetup setup) {
      this.setup = setup;
    }

    @Override
    public synchronized Catalog get() {
      if (catalog == null) {
        catalog = LedgerWiring.openCatalog(setup);
      }
      return catalog;
    }

    @Override
    public synchronized void close() {
      if (catalog != null) {
        catalog.close();
      }
    }
  }

  /** Fails, before anything starts, if a stage has no implementation in this build. */
  static void requireAllStages(StageImplementations impls) {
    List<Stage> missing = impls.missing();
    if (!missing.isEmpty()) {
      throw new ReidRunException(
          "this build has no implementation of stages " + StageImplementations.keys(missing));
    }
  }

  /** Runs the pipeline embedded (no target) or as a client of the configured target, untracked. */
  static PipelineLauncher.Outcome launch(
      RunSetup setup, StageImplementations impls, Supplier<StageLedger> ledger, PrintWriter out) {
    return launch(setup, impls, ledger, null, out);
  }

  /**
   * Runs the pipeline embedded (no target) or as a client of the configured target. With a
   * tracker, the pipeline run is started (or found again) before submitting and finished with the
   * outcome; in embedded mode the in-process cpu worker nests a run per executed stage under it
   * (a remote cpu worker does so with its own tracker, which must be the same backend).
   *
   * @param trackerOrNull the tracker (owned by the caller), or null for an untracked run
   */
  static PipelineLauncher.Outcome launch(
      RunSetup setup,
      StageImplementations impls,
      Supplier<StageLedger> ledger,
      Tracker trackerOrNull,
      PrintWriter out) {
    TrackedRun run = trackerOrNull == null ? null : TrackingWiring.begin(trackerOrNull, setup);
    PipelineSpec spec = run == null ? setup.spec() : setup.spec().withTracking(run.runId());
    PipelineLauncher.Outcome o;
    try {
      o = submit(setup, spec, impls, ledger, trackerOrNull, out);
    } catch (RuntimeException e) {
      if (run != null) {
        try {
          TrackingWiring.fail(run, e.getMessage());
          out.println("tracked as " + TrackingWiring.describe(trackerOrNull, run, setup));
          out.flush();
        } catch (RuntimeException tracking) {
          e.addSuppressed(tracking); // the pipeline's failure is the one to report
        }
      }
      throw e;
    }
    if (run != null) {
      try {
        TrackingWiring.end(run, o.result());
        out.println("tracked as " + TrackingWiring.describe(trackerOrNull, run, setup));
      } catch (RuntimeException tracking) { // the pipeline itself succeeded
        out.println("warning: the pipeline finished but its tracked run " + run.runId()
            + " could not be finished: " + String.valueOf(tracking.getMessage()).strip());
      }
      out.flush();
    }
    return o;
  }

  private static PipelineLauncher.Outcome submit(
      RunSetup setup,
      PipelineSpec spec,
      StageImplementations impls,
      Supplier<StageLedger> ledger,
      Tracker trackerOrNull,
      PrintWriter out) {
    String target = setup.worker().target();
    if (target == null) {
      StageLedger l = ledger.get();
      StageTracking tracking =
          trackerOrNull == null ? null : TrackingWiring.stages(trackerOrNull, l, setup);
      try (EmbeddedPipeline p =
          EmbeddedPipeline.start(setup.worker(), setup.queueOf(), impls, l, tracking)) {
        out.println("embedded Temporal server with workers for "
            + setup.worker().cpuQueue() + " and " + setup.worker().gpuQueue());
        return PipelineLauncher.run(p.client(), spec, out, POLL);
      }
    }
    try (TemporalConnection c = TemporalConnection.connect(target, setup.worker().namespace())) {
      out.println("submitting to Temporal at " + target);
      return PipelineLauncher.run(c.client(), spec, out, POLL);
    }
  }

  /** Prints the summary and writes the JSON result (via a temporary file, then a rename). */
  static void report(PipelineLauncher.Outcome o, Path json, PrintWriter out, StageLedger ledger) {
    PipelineResult r = o.result();
    Map<Stage, StageRecord> records = new EnumMap<>(Stage.class);
    for (Stage s : Stage.inOrder()) {
      ledger.find(r.stageKeys().get(s)).ifPresent(rec -> records.put(s, rec));
    }
    out.println("pipeline " + r.workflowId() + " finished"
        + (o.joined() ? " (joined an existing run)" : "")
        + ", reused " + r.cached().size() + " of 9 stages");
    out.println("stage wall times:");
    out.print(ResultReport.wallTimes(r, records));
    out.println();
    out.println(String.format(java.util.Locale.ROOT,
        "clustering: threshold %.3f, %d clusters, mean adjusted Rand %.3f, mean purity %.3f",
        r.selectThreshold().threshold(), r.cluster().clusterCount(),
        r.cluster().meanAdjustedRand(), r.cluster().meanPurity()));
    out.println("test metrics (" + r.evaluate().metricsPath() + "):");
    out.print(ResultReport.table(r.evaluate()));
    out.flush();
    if (json != null) {
      try {
        Path abs = json.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        Files.writeString(tmp, ResultReport.json(r, records));
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new ReidRunException("cannot write " + json + ": " + e.getMessage(), e);
      }
    }
  }
}
