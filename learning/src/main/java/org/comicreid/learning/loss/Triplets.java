package org.comicreid.learning.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Triplets (anchor[k], positive[k], negative[k]) of batch rows. Formed from the pairs of one mining
 * group as pytorch-metric-learning's {@code convert_to_triplets} does with a pair tuple: every
 * positive pair (a, p) is combined with every negative pair (a, n) of the same anchor. Triplets of
 * several groups are united (a triplet found in two groups counts once), never formed across
 * groups. The arrays are owned by the record; do not modify them.
 *
 * @param anchor anchors
 * @param positive positives, same length
 * @param negative negatives, same length
 */
public record Triplets(int[] anchor, int[] positive, int[] negative) {

  /** Largest batch for which a triplet (a, p, n) fits one {@code long} key a·M² + p·M + n. */
  static final int MAX_ROWS = 2_000_000;

  /** Checks the lengths. */
  public Triplets {
    if (anchor.length != positive.length || anchor.length != negative.length) {
      throw new IllegalArgumentException("triplet arrays of different lengths");
    }
  }

  /** Number of triplets. */
  public int size() {
    return anchor.length;
  }

  /** True when there is no triplet. */
  public boolean isEmpty() {
    return anchor.length == 0;
  }

  /**
   * All combinations of a positive and a negative pair sharing the anchor, from the pairs of ONE
   * mining group, sorted by (a, p, n).
   */
  public static Triplets fromPairs(PairIndices pairs, int rows) {
    return decode(keys(pairs, rows), rows);
  }

  /** The union of the triplets of each group's pairs; sorted by (a, p, n), each counted once. */
  public static Triplets unionOfGroups(List<PairIndices> groups, int rows) {
    List<long[]> parts = new ArrayList<>();
    int total = 0;
    for (PairIndices g : groups) {
      long[] k = keys(g, rows);
      parts.add(k);
      total += k.length;
    }
    long[] all = new long[total];
    int i = 0;
    for (long[] k : parts) {
      System.arraycopy(k, 0, all, i, k.length);
      i += k.length;
    }
    return decode(PairIndices.sortedUnique(all), rows);
  }

  private static long[] keys(PairIndices pairs, int rows) {
    if (rows > MAX_ROWS) {
      throw new IllegalArgumentException("triplets: " + rows + " rows, at most " + MAX_ROWS);
    }
    // group negatives by anchor: sort negative pairs by anchor
    int nn = pairs.negatives();
    long[] negKeys = new long[nn];
    for (int k = 0; k < nn; k++) {
      negKeys[k] = (long) pairs.negAnchor()[k] * rows + pairs.negative()[k];
    }
    Arrays.sort(negKeys);
    long count = 0;
    int[] start = new int[pairs.positives()];
    int[] end = new int[pairs.positives()];
    for (int k = 0; k < pairs.positives(); k++) {
      long a = pairs.posAnchor()[k];
      start[k] = lowerBound(negKeys, a * rows);
      end[k] = lowerBound(negKeys, (a + 1) * rows);
      count += end[k] - start[k];
    }
    if (count > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("triplets: " + count + " triplets in one group");
    }
    long[] out = new long[(int) count];
    int i = 0;
    long rr = (long) rows * rows;
    for (int k = 0; k < pairs.positives(); k++) {
      long a = pairs.posAnchor()[k];
      long p = pairs.positive()[k];
      for (int q = start[k]; q < end[k]; q++) {
        out[i++] = a * rr + p * rows + negKeys[q] % rows;
      }
    }
    return PairIndices.sortedUnique(out);
  }

  private static int lowerBound(long[] sorted, long key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static Triplets decode(long[] keys, int rows) {
    long rr = (long) rows * rows;
    int[] a = new int[keys.length];
    int[] p = new int[keys.length];
    int[] n = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      a[i] = (int) (keys[i] / rr);
      p[i] = (int) (keys[i] % rr / rows);
      n[i] = (int) (keys[i] % rows);
    }
    return new Triplets(a, p, n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Triplets t && Arrays.equals(anchor, t.anchor)
        && Arrays.equals(positive, t.positive) && Arrays.equals(negative, t.negative);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new int[] {Arrays.hashCode(anchor), Arrays.hashCode(positive),
        Arrays.hashCode(negative)});
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Triplets[");
    for (int k = 0; k < anchor.length; k++) {
      sb.append(k == 0 ? "" : ",").append('(').append(anchor[k]).append(',').append(positive[k])
          .append(',').append(negative[k]).append(')');
    }
    return sb.append(']').toString();
  }
}
