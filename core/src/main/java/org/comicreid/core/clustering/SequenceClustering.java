package org.comicreid.core.clustering;

import java.util.ArrayList;
import java.util.List;
import org.comicreid.core.ReidInputException;

/**
 * Identity assignment inside each sequence (paper Appendix H): {@link AgglomerativeClustering} run
 * separately per sequence, so instances of different sequences are never put in one cluster, and
 * each sequence scored against its true labels with the ARI and purity.
 */
public final class SequenceClustering {
  private SequenceClustering() {}

  /**
   * One sequence's points.
   *
   * @param id the sequence's name (for reports)
   * @param data row-major points
   * @param dim values per point
   * @param trueLabels sequence-local true labels, one per point, or {@code null} when unknown
   */
  public record Sequence(String id, float[] data, int dim, int[] trueLabels) {
    /** Checks the shapes. */
    public Sequence {
      if (dim <= 0 || data.length % dim != 0) {
        throw new ReidInputException("sequence " + id + ": data length " + data.length
            + " is not a multiple of dim " + dim);
      }
      if (trueLabels != null && trueLabels.length != data.length / dim) {
        throw new ReidInputException("sequence " + id + ": " + trueLabels.length + " labels for "
            + data.length / dim + " points");
      }
    }

    /** The number of points. */
    public int size() {
      return data.length / dim;
    }
  }

  /**
   * One sequence's clustering.
   *
   * @param id the sequence's name
   * @param clustering the clusters
   * @param ari adjusted Rand index against the true labels (NaN without labels)
   * @param purity purity against the true labels (NaN without labels or points)
   */
  public record SequenceResult(String id, ClusteringResult clustering, double ari, double purity) {}

  /**
   * All sequences' clusterings and the unweighted means over the sequences that have labels and
   * at least one point.
   *
   * @param sequences per sequence, in input order
   * @param meanAri mean ARI (NaN when no sequence was scored)
   * @param meanPurity mean purity (NaN when no sequence was scored)
   * @param scored the number of sequences in the means
   */
  public record Result(List<SequenceResult> sequences, double meanAri, double meanPurity, int scored) {
    /** Copies the list. */
    public Result {
      sequences = List.copyOf(sequences);
    }
  }

  /** Clusters each sequence on its own with the given threshold and linkage. */
  public static Result cluster(List<Sequence> sequences, double threshold, Linkage linkage) {
    List<SequenceResult> out = new ArrayList<>();
    double ari = 0;
    double purity = 0;
    int scored = 0;
    for (Sequence s : sequences) {
      ClusteringResult c = s.size() == 0
          ? new ClusteringResult(new int[0], 0, new double[0])
          : AgglomerativeClustering.cluster(s.data(), s.dim(), threshold, linkage);
      double a = Double.NaN;
      double p = Double.NaN;
      if (s.trueLabels() != null && s.size() > 0) {
        a = PartitionScores.adjustedRandIndex(c.labels(), s.trueLabels());
        p = PartitionScores.purity(c.labels(), s.trueLabels());
        ari += a;
        purity += p;
        scored++;
      }
      out.add(new SequenceResult(s.id(), c, a, p));
    }
    return new Result(out, scored == 0 ? Double.NaN : ari / scored, scored == 0 ? Double.NaN : purity / scored, scored);
  }
}
