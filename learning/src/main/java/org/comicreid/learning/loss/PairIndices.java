package org.comicreid.learning.loss;

import java.util.Arrays;
import java.util.List;

/**
 * Ordered positive pairs (posAnchor[k], positive[k]) and negative pairs (negAnchor[k],
 * negative[k]) of batch rows, as pytorch-metric-learning's (a1, p, a2, n) tuple. (a, b) and (b, a)
 * are different pairs. The arrays are owned by the record; do not modify them.
 *
 * @param posAnchor anchors of the positive pairs
 * @param positive positives, same length as {@code posAnchor}
 * @param negAnchor anchors of the negative pairs
 * @param negative negatives, same length as {@code negAnchor}
 */
public record PairIndices(int[] posAnchor, int[] positive, int[] negAnchor, int[] negative) {

  /** Checks that the paired arrays have equal lengths. */
  public PairIndices {
    if (posAnchor.length != positive.length || negAnchor.length != negative.length) {
      throw new IllegalArgumentException("pair arrays of different lengths: " + posAnchor.length
          + "/" + positive.length + " and " + negAnchor.length + "/" + negative.length);
    }
  }

  /** No pairs. */
  public static PairIndices empty() {
    return new PairIndices(new int[0], new int[0], new int[0], new int[0]);
  }

  /** From {i, j} rows (e.g. {@code new int[][] {{0, 1}, {1, 0}}}). */
  public static PairIndices of(int[][] posPairs, int[][] negPairs) {
    return new PairIndices(column(posPairs, 0), column(posPairs, 1), column(negPairs, 0),
        column(negPairs, 1));
  }

  /** Number of positive pairs. */
  public int positives() {
    return posAnchor.length;
  }

  /** Number of negative pairs. */
  public int negatives() {
    return negAnchor.length;
  }

  /** True when there is no pair at all. */
  public boolean isEmpty() {
    return posAnchor.length == 0 && negAnchor.length == 0;
  }

  /**
   * The union of several pair sets over a batch of {@code rows} rows: an ordered pair present in
   * more than one set counts once. The result is sorted by (anchor, other).
   */
  public static PairIndices union(List<PairIndices> parts, int rows) {
    int np = 0;
    int nn = 0;
    for (PairIndices p : parts) {
      np += p.positives();
      nn += p.negatives();
    }
    long[] pos = new long[np];
    long[] neg = new long[nn];
    int ip = 0;
    int in = 0;
    for (PairIndices p : parts) {
      for (int k = 0; k < p.positives(); k++) {
        pos[ip++] = (long) p.posAnchor[k] * rows + p.positive[k];
      }
      for (int k = 0; k < p.negatives(); k++) {
        neg[in++] = (long) p.negAnchor[k] * rows + p.negative[k];
      }
    }
    long[] up = sortedUnique(pos);
    long[] un = sortedUnique(neg);
    int[][] pp = decode(up, rows);
    int[][] nnp = decode(un, rows);
    return new PairIndices(pp[0], pp[1], nnp[0], nnp[1]);
  }

  /** Sorts and removes duplicates. */
  static long[] sortedUnique(long[] keys) {
    long[] k = keys.clone();
    Arrays.sort(k);
    int n = 0;
    for (int i = 0; i < k.length; i++) {
      if (i == 0 || k[i] != k[i - 1]) {
        k[n++] = k[i];
      }
    }
    return Arrays.copyOf(k, n);
  }

  private static int[][] decode(long[] keys, int rows) {
    int[] a = new int[keys.length];
    int[] b = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      a[i] = (int) (keys[i] / rows);
      b[i] = (int) (keys[i] % rows);
    }
    return new int[][] {a, b};
  }

  private static int[] column(int[][] pairs, int c) {
    int[] out = new int[pairs.length];
    for (int k = 0; k < pairs.length; k++) {
      if (pairs[k].length != 2) {
        throw new IllegalArgumentException("pair " + k + " has " + pairs[k].length + " entries");
      }
      out[k] = pairs[k][c];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairIndices p && Arrays.equals(posAnchor, p.posAnchor)
        && Arrays.equals(positive, p.positive) && Arrays.equals(negAnchor, p.negAnchor)
        && Arrays.equals(negative, p.negative);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new int[] {Arrays.hashCode(posAnchor), Arrays.hashCode(positive),
        Arrays.hashCode(negAnchor), Arrays.hashCode(negative)});
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("PairIndices[pos=");
    for (int k = 0; k < posAnchor.length; k++) {
      sb.append(k == 0 ? "" : ",").append('(').append(posAnchor[k]).append(',')
          .append(positive[k]).append(')');
    }
    sb.append(", neg=");
    for (int k = 0; k < negAnchor.length; k++) {
      sb.append(k == 0 ? "" : ",").append('(').append(negAnchor[k]).append(',')
          .append(negative[k]).append(')');
    }
    return sb.append(']').toString();
  }
}
