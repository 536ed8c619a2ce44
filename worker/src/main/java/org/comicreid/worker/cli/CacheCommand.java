package org.comicreid.worker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.cache.ArtifactEntry;
import org.comicreid.catalog.cache.ArtifactFiles;
import org.comicreid.catalog.cache.CacheCollector;
import org.comicreid.catalog.cache.CacheInventory;
import org.comicreid.catalog.cache.CachePolicy;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.worker.setup.LedgerWiring;
import org.comicreid.worker.setup.RunSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid cache list} and {@code reid cache gc}: housekeeping of the stage outputs under
 * {@code paths.artifacts}. Only wiring: the inventory, the policy and the deletion live in the
 * catalog's {@code org.comicreid.catalog.cache}. Each subcommand closes the catalog it opens.
 */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = "List or delete cached stage outputs (see the README's cache housekeeping).",
    subcommands = {CacheCommand.ListCommand.class, CacheCommand.GcCommand.class})
public final class CacheCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Output formats of {@code reid cache list}. */
  enum Format { text, json }

  /** {@code reid cache list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "One line per stage record (stage, key, experiment, status, finished at, size,"
          + " pipelines that used it, last use), then the orphan directories and the totals.")
  static final class ListCommand implements Callable<Integer> {

    @Option(names = "--experiment", paramLabel = "NAME", description = "Only this experiment.")
    String experiment;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json.")
    Format format;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (default pipeline).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
    List<String> sets = new ArrayList<>();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      RunSetup setup = RunSetup.resolve(config, sets);
      CacheInventory inv;
      try (Catalog catalog = LedgerWiring.openCatalog(setup)) {
        inv = CacheInventory.load(new CatalogStageLedger(catalog), artifactRoot(setup), experiment);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(format == Format.json ? json(inv) : text(inv));
      out.flush();
      return ReidMain.EXIT_OK;
    }
  }

  /** {@code reid cache gc}. */
  @Command(
      name = "gc",
      mixinStandardHelpOptions = true,
      description = "Delete stage outputs no pipeline uses: unused and failed records and orphan"
          + " directories; with --keep-last N, everything the N most recently active pipelines"
          + " did not use. Never a running stage, never outside paths.artifacts.")
  static final class GcCommand implements Callable<Integer> {

    @Option(names = "--keep-last", paramLabel = "N",
        description = "Keep only what the N most recently active pipelines (workflow ids) used.")
    Integer keepLast;

    @Option(names = "--dry-run", description = "Print what would be deleted; delete nothing.")
    boolean dryRun;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (default pipeline).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
    List<String> sets = new ArrayList<>();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      RunSetup setup = RunSetup.resolve(config, sets);
      Path root = artifactRoot(setup);
      CachePolicy.GcPlan plan;
      CacheCollector.Result result;
      try (Catalog catalog = LedgerWiring.openCatalog(setup)) {
        CatalogStageLedger ledger = new CatalogStageLedger(catalog);
        plan = CachePolicy.plan(CacheInventory.load(ledger, root, null), keepLast);
        result = CacheCollector.collect(plan, root, ledger, dryRun);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(gcText(plan, result, keepLast));
      out.flush();
      if (!plan.refused().isEmpty() || !result.errors().isEmpty()) {
        throw new ReidRunException("cache gc: " + plan.refused().size() + " record(s) refused and "
            + result.errors().size() + " deletion error(s), listed above");
      }
      return ReidMain.EXIT_OK;
    }
  }

  static Path artifactRoot(RunSetup setup) {
    return setup.typed().paths().artifacts().toAbsolutePath().normalize();
  }

  static String text(CacheInventory inv) {
    StringBuilder b = new StringBuilder();
    String row = "%-9s %-16s %-24s %-8s %-20s %10s %5s  %s%n";
    b.append(String.format(Locale.ROOT, row, "stage", "key", "experiment", "status",
        "finished at", "size", "uses", "last used"));
    for (CacheInventory.RecordEntry e : inv.records()) {
      StageRecord r = e.record();
      b.append(String.format(Locale.ROOT, row, r.stage().key(), e.shortKey(), r.experiment(),
          status(r), time(r.finishedAt()), ArtifactFiles.human(e.bytes()), e.uses().size(),
          time(e.lastUsed())));
    }
    if (!inv.orphans().isEmpty()) {
      b.append("orphans (no stage record names them; gc deletes them):\n");
      for (ArtifactEntry o : inv.orphans()) {
        b.append(String.format(Locale.ROOT, "  %10s  %s%n", ArtifactFiles.human(o.bytes()),
            o.path()));
      }
    }
    b.append(String.format(Locale.ROOT,
        "total: %d records, %s; %d orphans, %s; shared caches (%s, kept by gc): %s%n",
        inv.records().size(), ArtifactFiles.human(inv.recordBytes()), inv.orphans().size(),
        ArtifactFiles.human(inv.orphanBytes()), String.join(", ", ArtifactFiles.SHARED_CACHES),
        ArtifactFiles.human(inv.sharedCacheBytes())));
    return b.toString();
  }

  static String json(CacheInventory inv) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("artifacts", inv.root().toString());
    List<Map<String, Object>> records = new ArrayList<>();
    for (CacheInventory.RecordEntry e : inv.records()) {
      StageRecord r = e.record();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", r.stage().key());
      m.put("key", e.shortKey());
      m.put("stage_key", r.stageKey());
      m.put("experiment", r.experiment());
      m.put("status", status(r));
      m.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
      m.put("bytes", e.bytes());
      m.put("size", ArtifactFiles.human(e.bytes()));
      m.put("pipelines", e.uses().stream().map(u -> u.workflowId()).toList());
      m.put("uses", e.uses().size());
      m.put("last_used", e.lastUsed() == null ? null : e.lastUsed().toString());
      records.add(m);
    }
    doc.put("records", records);
    List<Map<String, Object>> orphans = new ArrayList<>();
    for (ArtifactEntry o : inv.orphans()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", o.path().toString());
      m.put("bytes", o.bytes());
      orphans.add(m);
    }
    doc.put("orphans", orphans);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("records", inv.records().size());
    totals.put("record_bytes", inv.recordBytes());
    totals.put("orphans", inv.orphans().size());
    totals.put("orphan_bytes", inv.orphanBytes());
    totals.put("shared_cache_bytes", inv.sharedCacheBytes());
    doc.put("totals", totals);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new ReidRunException("cannot write the cache list as JSON: " + e.getMessage(), e);
    }
  }

  static String gcText(CachePolicy.GcPlan plan, CacheCollector.Result r, Integer keepLast) {
    StringBuilder b = new StringBuilder();
    if (keepLast != null) {
      b.append("kept pipelines (--keep-last ").append(keepLast).append("): ")
          .append(plan.keptPipelines().isEmpty() ? "(none)"
              : String.join(", ", plan.keptPipelines()))
          .append('\n');
    }
    String verb = r.dryRun() ? "would delete" : "deleted";
    for (CacheCollector.Item i : r.deleted()) {
      b.append(String.format(Locale.ROOT, "%s %s: %s (%s)%n", verb, i.what(), i.path(),
          ArtifactFiles.human(i.bytes())));
    }
    for (CachePolicy.Refusal f : plan.refused()) {
      b.append(String.format(Locale.ROOT, "refused record %s %s (%s): %s%n",
          f.record().stage().key(), CacheInventory.RecordEntry.shortKey(f.record().stageKey()),
          f.record().experiment(), f.reason()));
    }
    r.skipped().forEach(s -> b.append("skipped ").append(s).append('\n'));
    r.errors().forEach(s -> b.append("error: ").append(s).append('\n'));
    b.append(r.dryRun()
        ? String.format(Locale.ROOT, "dry run: would free %s (%d items); nothing was deleted%n",
            ArtifactFiles.human(r.bytes()), r.deleted().size())
        : String.format(Locale.ROOT, "freed %s (%d items)%n", ArtifactFiles.human(r.bytes()),
            r.deleted().size()));
    return b.toString();
  }

  private static String status(StageRecord r) {
    return r.status().name().toLowerCase(Locale.ROOT);
  }

  private static String time(Instant t) {
    return t == null ? "-" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
