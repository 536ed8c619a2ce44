package org.comicreid.learning.loss;

import java.util.Arrays;

/**
 * pytorch-metric-learning's {@code MultiSimilarityMiner(epsilon)}, run on the candidate pairs of
 * one mining group (see {@link PairMiner}). For an anchor a of the group, with P_a its positives and
 * N_a its negatives in the group:
 *
 * <ul>
 *   <li>similarity ({@link Distance#COSINE}): a positive (a, p) is kept when s_ap − ε &lt; max_{n ∈
 *       N_a} s_an; a negative (a, n) is kept when s_an + ε &gt; min_{p ∈ P_a} s_ap;
 *   <li>distance ({@link Distance#LP}): a positive is kept when d_ap + ε &gt; min_{n ∈ N_a} d_an; a
 *       negative when d_an − ε &lt; max_{p ∈ P_a} d_ap.
 * </ul>
 *
 * <p><b>Anchors without positives or without negatives.</b> The condition of their pairs cannot be
 * evaluated and all their pairs are dropped. This is what the library does: it fills the
 * positions of the other kind with ±∞ before taking the max/min, so an empty side gives an extreme
 * of ∓∞ and no strict comparison with it holds (and it returns nothing at all when the batch has no
 * positive or no negative pair).
 *
 * <p>The comparisons are made in double on the matrix values (computed in the embeddings' dtype);
 * the miner never takes part in the gradient.
 */
public final class MultiSimilarityMiner implements PairMiner {

  private final double epsilon;

  /**
   * @param epsilon ε (0.1 in the paper's runs)
   * @throws IllegalArgumentException when ε is not finite
   */
  public MultiSimilarityMiner(double epsilon) {
    if (!Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("finetune.miner_epsilon: expected a finite number, got "
          + epsilon);
    }
    this.epsilon = epsilon;
  }

  /** ε. */
  public double epsilon() {
    return epsilon;
  }

  @Override
  public PairIndices mine(PairMatrix matrix, int[] labels, int[] rows) {
    int[] r = PairMiner.distinct(rows);
    boolean sim = matrix.isSimilarity();
    int cap = r.length * Math.max(0, r.length - 1);
    int[] pa = new int[cap];
    int[] pb = new int[cap];
    int[] na = new int[cap];
    int[] nb = new int[cap];
    int np = 0;
    int nn = 0;
    for (int a : r) {
      double minPos = Double.POSITIVE_INFINITY;
      double maxPos = Double.NEGATIVE_INFINITY;
      double minNeg = Double.POSITIVE_INFINITY;
      double maxNeg = Double.NEGATIVE_INFINITY;
      boolean anyPos = false;
      boolean anyNeg = false;
      for (int b : r) {
        if (b == a) {
          continue;
        }
        double v = matrix.value(a, b);
        if (labels[a] == labels[b]) {
          anyPos = true;
          minPos = Math.min(minPos, v);
          maxPos = Math.max(maxPos, v);
        } else {
          anyNeg = true;
          minNeg = Math.min(minNeg, v);
          maxNeg = Math.max(maxNeg, v);
        }
      }
      if (!anyPos || !anyNeg) {
        continue;
      }
      for (int b : r) {
        if (b == a) {
          continue;
        }
        double v = matrix.value(a, b);
        if (labels[a] == labels[b]) {
          boolean keep = sim ? v - epsilon < maxNeg : v + epsilon > minNeg;
          if (keep) {
            pa[np] = a;
            pb[np++] = b;
          }
        } else {
          boolean keep = sim ? v + epsilon > minPos : v - epsilon < maxPos;
          if (keep) {
            na[nn] = a;
            nb[nn++] = b;
          }
        }
      }
    }
    return new PairIndices(Arrays.copyOf(pa, np), Arrays.copyOf(pb, np), Arrays.copyOf(na, nn),
        Arrays.copyOf(nb, nn));
  }
}
