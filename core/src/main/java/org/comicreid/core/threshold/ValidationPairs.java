package org.comicreid.core.threshold;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.metrics.Embeddings;

/**
 * Euclidean distances of validation pairs whose relation is known.
 *
 * <p>Positive pairs: every unordered pair of rows with the same identity label, anywhere. Negative
 * pairs: unordered pairs with different labels that lie together in at least one group (a sequence
 * or clique), each counted once however many groups share it. Rows of different labels that never
 * share a group are not known to differ and are left out.
 *
 * @param positive positive-pair distances, in (i, j) row order
 * @param negative negative-pair distances, in (i, j) row order
 */
public record ValidationPairs(double[] positive, double[] negative) {

  /**
   * Builds the pairs.
   *
   * @param embeddings labelled rows (labels are identity ids)
   * @param groups each group as row indexes into {@code embeddings}
   */
  public static ValidationPairs of(Embeddings embeddings, List<int[]> groups) {
    if (!embeddings.labelled()) {
      throw new ReidInputException("validation pairs need labelled embeddings");
    }
    int n = embeddings.size();
    Set<Long> negKeys = new HashSet<>();
    for (int[] g : groups) {
      for (int a = 0; a < g.length; a++) {
        for (int b = a + 1; b < g.length; b++) {
          int i = g[a];
          int j = g[b];
          if (i < 0 || i >= n || j < 0 || j >= n) {
            throw new ReidInputException("group row index out of range 0.." + (n - 1));
          }
          if (embeddings.label(i) != embeddings.label(j)) {
            negKeys.add((long) Math.min(i, j) * n + Math.max(i, j));
          }
        }
      }
    }
    double[] pos = new double[countPositive(embeddings)];
    double[] neg = new double[negKeys.size()];
    int ip = 0;
    int in = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (embeddings.label(i) == embeddings.label(j)) {
          pos[ip++] = distance(embeddings, i, j);
        } else if (negKeys.contains((long) i * n + j)) {
          neg[in++] = distance(embeddings, i, j);
        }
      }
    }
    return new ValidationPairs(pos, neg);
  }

  private static int countPositive(Embeddings e) {
    java.util.Map<Integer, Integer> c = new java.util.HashMap<>();
    for (int i = 0; i < e.size(); i++) {
      c.merge(e.label(i), 1, Integer::sum);
    }
    long s = 0;
    for (int v : c.values()) {
      s += (long) v * (v - 1) / 2;
    }
    if (s > Integer.MAX_VALUE - 8) {
      throw new ReidInputException("too many positive pairs: " + s);
    }
    return (int) s;
  }

  /** Euclidean distance of rows {@code i} and {@code j}, in double precision. */
  static double distance(Embeddings e, int i, int j) {
    int d = e.dim();
    float[] x = e.data();
    double s = 0;
    for (int k = 0; k < d; k++) {
      double t = (double) x[i * d + k] - x[j * d + k];
      s += t * t;
    }
    return Math.sqrt(s);
  }
}
