package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.metrics.RetrievalEngine;
import org.comicreid.core.metrics.RetrievalMetrics;
import org.comicreid.worker.bench.MemoryProbe;
import org.comicreid.worker.bench.SyntheticEmbeddings;
import org.comicreid.worker.bench.Timing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reid bench metrics}: retrieval metrics with query = reference on synthetic embeddings. */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Time eval-embeddings' engine (query = reference, k = all) on seeded synthetic embeddings:"
          + " identities of 1-9 instances (mean 5), Gaussian noise around random centres, rows"
          + " L2-normalised. The 'random' case shuffles the labels, the worst case for the fast"
          + " engine (almost every reference must be placed among the relevant ones)."
    })
public final class BenchMetricsCommand implements Callable<Integer> {

  @Option(names = "--sizes", split = ",", defaultValue = "10000,100000", paramLabel = "N[,N...]",
      description = "Numbers of embeddings (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--labels", defaultValue = "both", paramLabel = "clustered|random|both",
      description = "Label structure to time (default: ${DEFAULT-VALUE}).")
  String labels;

  @Option(names = "--engine", defaultValue = "fast", paramLabel = "fast|reference",
      description = "Engine to time (default: ${DEFAULT-VALUE}).")
  EvalEmbeddingsCommand.EngineChoice engine;

  @CommandLine.Mixin SyntheticBenchOptions data;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    data.validate();
    List<String> cases = switch (labels) {
      case "clustered" -> List.of("clustered");
      case "random" -> List.of("random");
      case "both" -> List.of("clustered", "random");
      default -> throw new ReidInputException("--labels is '" + labels + "'; expected clustered, random or both");
    };
    for (int n : sizes) {
      if (n < 2) {
        throw new ReidInputException("--sizes contains " + n + "; expected sizes >= 2");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.print(BenchCommand.environment("reid " + String.join(" ", spec.commandLine().getParseResult().originalArgs())));
    out.printf(Locale.ROOT, "- engine: %s; %d warm-up + %d timed runs per case; median wall time%n%n", engine, data.warmup, data.reps);
    List<String> rows = new ArrayList<>();
    rows.add("| labels | n | dim | identities | median s | min-max s | CPU s/run | peak RSS (VmHWM) | peak heap | MAP@R | P@1 |");
    rows.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : sizes) {
      Embeddings base = SyntheticEmbeddings.clustered(n, data.dim, data.spread, data.seed);
      for (String c : cases) {
        Embeddings e = c.equals("random") ? SyntheticEmbeddings.shuffledLabels(base, data.seed + 1) : base;
        RetrievalEngine eng = EvalEmbeddingsCommand.newEngine(engine, null);
        err.printf(Locale.ROOT, "bench metrics: %s labels, n=%d ...%n", c, n);
        err.flush();
        System.gc();
        boolean rssReset = MemoryProbe.reset();
        Timing.Result<RetrievalMetrics> r = Timing.run(data.warmup, data.reps, () -> eng.evaluate(e, null, false));
        String row = String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.2f-%.2f | %.1f | %s%s | %s | %.4f | %.4f |",
            c, n, data.dim, SyntheticEmbeddings.identities(e), r.median(), r.min(), r.max(), r.cpuSecondsPerRun(),
            MemoryProbe.mib(MemoryProbe.peakRssBytes()), rssReset ? "" : " (process)",
            MemoryProbe.mib(MemoryProbe.peakHeapBytes()), r.value().mapAtR(), r.value().pAt1());
        rows.add(row);
        err.println("bench metrics: " + row);
        err.flush();
      }
    }
    rows.forEach(out::println);
    out.println();
    out.println("- load average at end: " + BenchCommand.loadAverage());
    out.flush();
    return 0;
  }
}
