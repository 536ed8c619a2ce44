package org.comicreid.core.clustering;

import java.util.HashMap;
import java.util.Map;
import org.comicreid.core.ReidInputException;

/** Agreement scores between a predicted partition and the true one; labels are arbitrary ints. */
public final class PartitionScores {
  private PartitionScores() {}

  /**
   * The Hubert–Arabie adjusted Rand index (scikit-learn's {@code adjusted_rand_score}); symmetric.
   *
   * <p>{@code ARI = (Σ C(n_ij,2) - E) / ((Σ C(a_i,2) + Σ C(b_j,2))/2 - E)} with
   * {@code E = Σ C(a_i,2) Σ C(b_j,2) / C(n,2)}. The denominator is 0 exactly when both partitions
   * are all singletons or both are a single cluster (or n &lt; 2); those partitions are identical
   * up to relabelling and the ARI is defined as 1, as scikit-learn does. One partition all
   * singletons and the other a single cluster gives 0.
   */
  public static double adjustedRandIndex(int[] a, int[] b) {
    if (a.length != b.length) {
      throw new ReidInputException("partitions differ in size: " + a.length + " vs " + b.length);
    }
    int n = a.length;
    if (n < 2) {
      return 1.0;
    }
    Map<Long, Integer> cells = new HashMap<>();
    Map<Integer, Integer> rows = new HashMap<>();
    Map<Integer, Integer> cols = new HashMap<>();
    for (int i = 0; i < n; i++) {
      cells.merge(((long) a[i] << 32) | (b[i] & 0xffffffffL), 1, Integer::sum);
      rows.merge(a[i], 1, Integer::sum);
      cols.merge(b[i], 1, Integer::sum);
    }
    double index = 0;
    for (int v : cells.values()) {
      index += comb2(v);
    }
    double sa = 0;
    for (int v : rows.values()) {
      sa += comb2(v);
    }
    double sb = 0;
    for (int v : cols.values()) {
      sb += comb2(v);
    }
    double expected = sa * sb / comb2(n);
    double max = (sa + sb) / 2;
    if (max == expected) {
      return 1.0;
    }
    return (index - expected) / (max - expected);
  }

  /**
   * Purity: for each predicted cluster, the size of its largest true class, summed and divided by
   * n. 1 when every cluster is pure (all singletons give 1); NaN for n = 0.
   */
  public static double purity(int[] pred, int[] truth) {
    if (pred.length != truth.length) {
      throw new ReidInputException("partitions differ in size: " + pred.length + " vs " + truth.length);
    }
    if (pred.length == 0) {
      return Double.NaN;
    }
    Map<Integer, Map<Integer, Integer>> byCluster = new HashMap<>();
    for (int i = 0; i < pred.length; i++) {
      byCluster.computeIfAbsent(pred[i], k -> new HashMap<>()).merge(truth[i], 1, Integer::sum);
    }
    long s = 0;
    for (Map<Integer, Integer> m : byCluster.values()) {
      s += m.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
    return (double) s / pred.length;
  }

  private static double comb2(long v) {
    return v * (v - 1) / 2.0;
  }
}
