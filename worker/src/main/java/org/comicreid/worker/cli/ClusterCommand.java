package org.comicreid.worker.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.clustering.AgglomerativeClustering;
import org.comicreid.core.clustering.ClusteringResult;
import org.comicreid.core.clustering.Linkage;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.metrics.EmbeddingsCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reid cluster}: agglomerative clustering of embeddings with a distance threshold. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Cluster embeddings agglomeratively on Euclidean distance, merging while the linkage distance"
          + " is strictly below --threshold (scikit-learn AgglomerativeClustering with"
          + " distance_threshold).",
      "Input CSV: header id,e0,e1,... Output CSV: id,cluster, where clusters are numbered 0, 1, ..."
          + " in order of their first row. Memory grows as n^2 (10,000 rows need about 400 MB)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:clusters written", "1:the run failed", "2:bad options or input file"})
public final class ClusterCommand implements Callable<Integer> {

  @Option(names = "--input", required = true, paramLabel = "P.csv",
      description = "Points to cluster: CSV with header id,e0,e1,...")
  Path input;

  @Option(names = "--threshold", required = true, paramLabel = "T",
      description = "Distance threshold (finite, >= 0): clusters merge only while their linkage distance is < T.")
  double threshold;

  @Option(names = "--linkage", defaultValue = "average", paramLabel = "average|single|complete",
      description = "Cluster distance: average (UPGMA), single (minimum) or complete (maximum). Default: ${DEFAULT-VALUE}.")
  String linkage;

  @Option(names = "--output", required = true, paramLabel = "L.csv",
      description = "Where to write id,cluster (temporary file, then renamed).")
  Path output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!Double.isFinite(threshold) || threshold < 0) {
      throw new ReidInputException("--threshold is " + threshold + "; expected a finite number >= 0");
    }
    Linkage l = parseLinkage(linkage);
    Embeddings e = EmbeddingsCsv.readUnlabelled(input);
    if (e.size() > AgglomerativeClustering.MAX_POINTS) {
      throw new ReidInputException(input + ": " + e.size() + " rows; expected at most "
          + AgglomerativeClustering.MAX_POINTS + " for clustering");
    }
    ClusteringResult r = AgglomerativeClustering.cluster(e.data(), e.dim(), threshold, l);
    EvalEmbeddingsCommand.writeAtomically(output, w -> {
      w.write("id,cluster\n");
      for (int i = 0; i < e.size(); i++) {
        w.write(e.ids()[i]);
        w.write(',');
        w.write(Integer.toString(r.labels()[i]));
        w.write('\n');
      }
    });
    spec.commandLine().getOut().printf(Locale.ROOT, "%d points, %d clusters (%s linkage, threshold %s) -> %s%n",
        e.size(), r.clusterCount(), l.name().toLowerCase(Locale.ROOT), threshold, output);
    spec.commandLine().getOut().flush();
    return 0;
  }

  static Linkage parseLinkage(String s) {
    try {
      return Linkage.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("--linkage is '" + s + "'; expected average, single or complete");
    }
  }
}
