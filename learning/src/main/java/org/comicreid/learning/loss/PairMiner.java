package org.comicreid.learning.loss;

import java.util.Arrays;

/**
 * Chooses the pairs of one mining group. The candidates are the ordered pairs (a, b), a ≠ b, of
 * the group's rows (both orders, as pytorch-metric-learning's all-pairs indices); a pair is
 * positive when the two labels are equal, negative otherwise. A row listed twice in a group is
 * taken once.
 */
@FunctionalInterface
public interface PairMiner {

  /**
   * The pairs kept in one group.
   *
   * @param matrix the batch's matrix (the miner reads its values, never its gradient)
   * @param labels label of every batch row (length M)
   * @param rows the group's rows (indexes into the batch)
   */
  PairIndices mine(PairMatrix matrix, int[] labels, int[] rows);

  /** No mining: every candidate pair of the group. */
  static PairMiner all() {
    return (matrix, labels, rows) -> allPairs(labels, rows);
  }

  /** Every ordered pair (a, b), a ≠ b, of the distinct {@code rows}, split by label. */
  static PairIndices allPairs(int[] labels, int[] rows) {
    int[] r = distinct(rows);
    int np = 0;
    int nn = 0;
    for (int x : r) {
      for (int y : r) {
        if (x != y) {
          if (labels[x] == labels[y]) {
            np++;
          } else {
            nn++;
          }
        }
      }
    }
    int[] pa = new int[np];
    int[] pb = new int[np];
    int[] na = new int[nn];
    int[] nb = new int[nn];
    int ip = 0;
    int in = 0;
    for (int x : r) {
      for (int y : r) {
        if (x == y) {
          continue;
        }
        if (labels[x] == labels[y]) {
          pa[ip] = x;
          pb[ip++] = y;
        } else {
          na[in] = x;
          nb[in++] = y;
        }
      }
    }
    return new PairIndices(pa, pb, na, nb);
  }

  /** The distinct rows, sorted. */
  static int[] distinct(int[] rows) {
    return Arrays.stream(rows).sorted().distinct().toArray();
  }
}
