package org.comicreid.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.sweep.SweepMemberResult;
import org.comicreid.core.sweep.SweepResult;
import org.comicreid.experiments.sweep.SweepFile;
import org.comicreid.experiments.sweep.SweepPlan;
import org.comicreid.experiments.sweep.SweepReport;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.worker.setup.LedgerWiring;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.setup.StageWiring;
import org.comicreid.worker.setup.SweepSetup;
import org.comicreid.worker.setup.TrackingWiring;
import org.comicreid.worker.temporal.EmbeddedPipeline;
import org.comicreid.worker.temporal.SweepLauncher;
import org.comicreid.worker.temporal.TemporalConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reid sweep FILE}: runs every member of a sweep file as a pipeline of one {@code
 * SweepWorkflow}, reusing the stages members share (a fine-tuning sweep pretrains once), and
 * prints and writes the metric grid. Exit 0 when every member finished, 1 when one failed
 * (rerunning the same command then reuses what finished and restarts failed members at their failed
 * stage), 2 on bad input.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = "Run a sweep file's members (configs/sweeps/*.yaml) as one durable sweep.")
public final class SweepCommand implements Callable<Integer> {

  static final Duration POLL = Duration.ofMillis(500);

  @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file.")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a config key in every member (repeatable; after the sweep's own).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the grid as JSON here.")
  Path json;

  @Option(names = "--force", paramLabel = "STAGE",
      description = "Every member runs STAGE and its downstream stages again (repeatable).")
  List<String> force = new ArrayList<>();

  @Option(names = "--no-cache",
      description = "Every member computes all its stages itself, replacing cached outputs (to"
          + " measure what stage caching saves).")
  boolean noCache;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Members running at once (default: the sweep file's, else 2).")
  Integer concurrency;

  @Option(names = "--seeds", paramLabel = "N",
      description = "Runs of every member, with experiment.seed = base seed + 0..N-1 (default: the"
          + " sweep file's, else 1). Retraining is not bit-for-bit reproducible, so compare means"
          + " over seeds.")
  Integer seeds;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SweepPlan plan = SweepFile.read(file);
    if (concurrency != null && concurrency < 1) {
      throw new org.comicreid.core.ReidInputException(
          "--concurrency " + concurrency + ": expected at least 1");
    }
    if (seeds != null && seeds < 1) {
      throw new org.comicreid.core.ReidInputException("--seeds " + seeds + ": expected at least 1");
    }
    if (concurrency != null || seeds != null) {
      plan = new SweepPlan(plan.name(), plan.file(), plan.base(), plan.description(),
          plan.shared(), plan.members(), seeds != null ? seeds : plan.seeds(),
          concurrency != null ? concurrency : plan.concurrency(), plan.columns());
    }
    out.println("sweep '" + plan.name() + "': " + plan.members().size() + " members x "
        + plan.seeds() + " seed" + (plan.seeds() == 1 ? "" : "s") + " on " + plan.base());
    out.flush();
    // every member's config resolves before anything starts or opens
    List<RunSetup> members = SweepSetup.resolveMembers(plan, sets);
    RunSetup first = members.get(0);
    SweepResult result;
    try (Catalog catalog = LedgerWiring.openCatalog(first)) {
      if (noCache && !force.isEmpty()) {
        throw new org.comicreid.core.ReidInputException(
            "--no-cache already reruns every stage; drop --force");
      }
      SweepSetup setup = noCache ? SweepSetup.resolveUncached(plan, members, catalog, out)
          : SweepSetup.resolve(plan, members, RunCommand.forcedStages(force), catalog, out);
      StageLedger ledger = new CatalogStageLedger(catalog);
      try (Tracker tracker = TrackingWiring.open(first, () -> new TrackingStore(catalog))) {
        String target = first.worker().target();
        if (target == null) {
          StageTracking tracking = TrackingWiring.stages(tracker, ledger, first);
          StageImplementations impls = StageWiring.stages(first, () -> catalog,
              new ConsoleProgress(out), tracking);
          RunCommand.requireAllStages(impls);
          try (EmbeddedPipeline p = EmbeddedPipeline.start(first.worker(), first.queueOf(), impls,
              ledger, tracking)) {
            out.println("embedded Temporal server with workers for "
                + first.worker().cpuQueue() + " and " + first.worker().gpuQueue());
            result = SweepLauncher.run(p.client(), setup.spec(), out, POLL).result();
          }
        } else {
          try (TemporalConnection c = TemporalConnection.connect(target,
              first.worker().namespace())) {
            out.println("submitting to Temporal at " + target);
            result = SweepLauncher.run(c.client(), setup.spec(), out, POLL).result();
          }
        }
      }
    }
    out.print(summary(result));
    Map<String, Object> doc =
        SweepReport.sweep(result, plan.columns(), plan.seeds(), plan.file().toString());
    out.print(SweepReport.textGrid(doc, plan.columns()));
    if (json != null) {
      write(json, doc);
      out.println("wrote " + json);
    }
    if (!result.trackingRunId().isEmpty()) {
      out.println("tracked as sweep run " + result.trackingRunId());
    }
    out.flush();
    if (!result.failed().isEmpty()) {
      spec.commandLine().getErr().println("reid: error: " + result.failed().size() + " of "
          + result.members().size() + " sweep members failed; rerun the same command to retry"
          + " them from their failed stage");
      return ReidMain.EXIT_RUN_FAILED;
    }
    return ReidMain.EXIT_OK;
  }

  /** One line per member run: status, reused stages, failure. */
  static String summary(SweepResult r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "sweep %s finished: %d of %d pipelines, %d stages reused%n",
        r.name(), r.members().size() - r.failed().size(), r.members().size(),
        r.members().stream().mapToInt(m -> m.cached().size()).sum()));
    for (SweepMemberResult m : r.members()) {
      b.append(String.format(Locale.ROOT, "  %-36s %-6s reused %d of 9 stages%s%n", m.label(),
          m.finished() ? "ok" : "FAILED", m.cached().size(),
          m.finished() ? "" : ": " + m.error()));
    }
    return b.toString();
  }

  static void write(Path target, Object doc) {
    try {
      Path abs = target.toAbsolutePath();
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
      Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
      Files.writeString(tmp, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(doc));
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }
}
