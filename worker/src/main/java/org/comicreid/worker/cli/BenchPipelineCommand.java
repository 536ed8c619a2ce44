package org.comicreid.worker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import org.comicreid.worker.bench.PipelineOverheadBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid bench pipeline}: the cost of the pipeline machinery itself. Runs the embedded
 * pipeline (in-process Temporal server in real time, both workers) with no-op stage activities,
 * so every millisecond measured is Temporal scheduling, the ledger calls around each stage and
 * the polling of the launcher.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Time the embedded Temporal pipeline with no-op stages: per-activity overhead of the"
          + " machinery (9 stage activities + 36 ledger activities per run)."
    })
public final class BenchPipelineCommand implements Callable<Integer> {

  @Option(names = "--runs", defaultValue = "10", description = "Timed runs after one warm-up (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--ledger", defaultValue = "memory,h2", split = ",", paramLabel = "memory|h2",
      description = "Stage ledger(s) to measure with: an in-memory map, or the catalog on an"
          + " embedded H2 file database in a temporary directory (default: ${DEFAULT-VALUE}).")
  List<String> ledgers;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (runs < 1) {
      throw new ReidInputException("--runs must be >= 1, got " + runs);
    }
    for (String l : ledgers) {
      if (!l.equals("memory") && !l.equals("h2")) {
        throw new ReidInputException("--ledger '" + l + "': expected memory or h2");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.print(BenchCommand.environment(
        "reid " + String.join(" ", spec.commandLine().getParseResult().originalArgs())));
    out.printf(Locale.ROOT, "- no-op stages; 1 warm-up + %d timed runs per ledger; medians%n%n", runs);
    List<String> rows = new ArrayList<>();
    rows.add("| ledger | activities/run | median ms/run | min-max ms/run | median ms/activity | median ms/stage |");
    rows.add("|---|---:|---:|---:|---:|---:|");
    for (String l : ledgers) {
      err.println("bench pipeline: ledger " + l + " ...");
      err.flush();
      PipelineOverheadBench.Result r = l.equals("memory") ? PipelineOverheadBench.measure(runs) : withH2(runs);
      List<Long> sorted = new ArrayList<>(r.runMillis());
      Collections.sort(sorted);
      double medianRun = median(sorted);
      rows.add(String.format(Locale.ROOT, "| %s | %d | %.0f | %d-%d | %.2f | %.1f |", l,
          r.activitiesPerRun(), medianRun, sorted.get(0), sorted.get(sorted.size() - 1),
          r.medianMsPerActivity(), medianRun / 9.0));
    }
    rows.forEach(out::println);
    out.println();
    out.println("- load average at end: " + BenchCommand.loadAverage());
    out.flush();
    return 0;
  }

  private static PipelineOverheadBench.Result withH2(int runs) {
    Path dir;
    try {
      dir = Files.createTempDirectory("reid-bench-pipeline");
    } catch (IOException e) {
      throw new ReidRunException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try (Catalog catalog = Catalog.open(CatalogSettings.embedded(dir))) {
      return PipelineOverheadBench.measure(runs, new CatalogStageLedger(catalog));
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  private static double median(List<Long> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
