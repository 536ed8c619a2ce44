package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.clustering.AgglomerativeClustering;
import org.comicreid.core.clustering.ClusteringResult;
import org.comicreid.core.clustering.Linkage;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.worker.bench.MemoryProbe;
import org.comicreid.worker.bench.SyntheticEmbeddings;
import org.comicreid.worker.bench.Timing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reid bench cluster}: agglomerative clustering on synthetic embeddings. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Time agglomerative clustering (distance matrix + nearest-neighbour chain + cut) on the same"
          + " seeded synthetic embeddings as 'bench metrics'."
    })
public final class BenchClusterCommand implements Callable<Integer> {

  @Option(names = "--sizes", split = ",", defaultValue = "2000,10000", paramLabel = "N[,N...]",
      description = "Numbers of points (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--linkage", defaultValue = "average", paramLabel = "average|single|complete",
      description = "Linkage (default: ${DEFAULT-VALUE}).")
  String linkage;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Distance threshold (default: halfway between the expected same-identity and"
          + " different-identity distances of the synthetic data).")
  Double threshold;

  @CommandLine.Mixin SyntheticBenchOptions data;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    data.validate();
    Linkage l = ClusterCommand.parseLinkage(linkage);
    double t = threshold != null ? threshold
        : (Math.sqrt(2 * (1 - 1 / (1 + data.spread * data.spread))) + Math.sqrt(2)) / 2;
    if (!Double.isFinite(t) || t < 0) {
      throw new ReidInputException("--threshold is " + t + "; expected a finite number >= 0");
    }
    for (int n : sizes) {
      if (n < 1 || n > AgglomerativeClustering.MAX_POINTS) {
        throw new ReidInputException("--sizes contains " + n + "; expected 1.." + AgglomerativeClustering.MAX_POINTS);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.print(BenchCommand.environment("reid " + String.join(" ", spec.commandLine().getParseResult().originalArgs())));
    out.printf(Locale.ROOT, "- %s linkage, threshold %.4f; %d warm-up + %d timed runs per case; median wall time%n%n",
        l.name().toLowerCase(Locale.ROOT), t, data.warmup, data.reps);
    List<String> rows = new ArrayList<>();
    rows.add("| n | dim | identities | clusters | median s | min-max s | CPU s/run | peak RSS (VmHWM) | peak heap |");
    rows.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : sizes) {
      Embeddings e = SyntheticEmbeddings.clustered(n, data.dim, data.spread, data.seed);
      err.printf(Locale.ROOT, "bench cluster: n=%d ...%n", n);
      err.flush();
      System.gc();
      boolean rssReset = MemoryProbe.reset();
      Timing.Result<ClusteringResult> r = Timing.run(data.warmup, data.reps,
          () -> AgglomerativeClustering.cluster(e.data(), e.dim(), t, l));
      String row = String.format(Locale.ROOT, "| %d | %d | %d | %d | %.2f | %.2f-%.2f | %.1f | %s%s | %s |",
          n, data.dim, SyntheticEmbeddings.identities(e), r.value().clusterCount(), r.median(), r.min(), r.max(), r.cpuSecondsPerRun(),
          MemoryProbe.mib(MemoryProbe.peakRssBytes()), rssReset ? "" : " (process)",
          MemoryProbe.mib(MemoryProbe.peakHeapBytes()));
      rows.add(row);
      err.println("bench cluster: " + row);
      err.flush();
    }
    rows.forEach(out::println);
    out.println();
    out.println("- load average at end: " + BenchCommand.loadAverage());
    out.flush();
    return 0;
  }
}
