package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;

/**
 * pytorch-metric-learning's {@code MultiSimilarityLoss(alpha, beta, base)}. For every row i of the
 * batch, over its kept positive pairs P_i and negative pairs N_i (pairs anchored at i):
 *
 * <pre>
 *   L_i = (1/α)·log(1 + Σ_{j ∈ P_i} e^{α·x_ij}) + (1/β)·log(1 + Σ_{j ∈ N_i} e^{β·y_ij})
 * </pre>
 *
 * with, following the library's {@code distance.margin}:
 *
 * <ul>
 *   <li>{@link Distance#COSINE}: x = −(s − base), y = s − base (the paper's formula);
 *   <li>{@link Distance#LP}: the similarity is replaced by the distance with the signs flipped, x =
 *       d − base, y = base − d.
 * </ul>
 *
 * <p>The loss is the mean of L_i over all M rows of the batch (the library's MeanReducer over
 * "element" losses); a row without pairs contributes 0 but still counts in M. The log-sum-exps are
 * computed on the M × M matrix with −∞ outside the kept pairs and a per-row shift (a constant for
 * the gradient), so they stay finite for any α, β.
 */
public final class MultiSimilarityLoss {

  private final double alpha;
  private final double beta;
  private final double base;

  /**
   * @param alpha α (2)
   * @param beta β (50)
   * @param base base (0.5)
   * @throws IllegalArgumentException when α or β is not positive or base is not finite
   */
  public MultiSimilarityLoss(double alpha, double beta, double base) {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("finetune.ms_alpha: expected a positive number, got "
          + alpha);
    }
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("finetune.ms_beta: expected a positive number, got "
          + beta);
    }
    if (!Double.isFinite(base)) {
      throw new IllegalArgumentException("finetune.ms_base: expected a finite number, got " + base);
    }
    this.alpha = alpha;
    this.beta = beta;
    this.base = base;
  }

  /** The loss over {@code pairs}; a scalar. */
  public NDArray compute(PairMatrix matrix, PairIndices pairs) {
    NDArray zero = matrix.zero();
    if (pairs.isEmpty()) {
      return zero;
    }
    int m = matrix.rows();
    NDArray mat = matrix.matrix();
    boolean sim = matrix.isSimilarity();
    NDArray total = zero;
    if (pairs.positives() > 0) {
      NDArray x = sim ? mat.neg().add(base) : mat.sub(base);
      NDArray lse = LossMath.rowLogSumExp(matrix, x.mul(alpha),
          mask(m, pairs.posAnchor(), pairs.positive()), true);
      total = total.add(LossMath.times(lse.sum(), 1 / (alpha * m)));
    }
    if (pairs.negatives() > 0) {
      NDArray y = sim ? mat.sub(base) : mat.neg().add(base);
      NDArray lse = LossMath.rowLogSumExp(matrix, y.mul(beta),
          mask(m, pairs.negAnchor(), pairs.negative()), true);
      total = total.add(LossMath.times(lse.sum(), 1 / (beta * m)));
    }
    return total;
  }

  static boolean[] mask(int m, int[] a, int[] b) {
    boolean[] mask = new boolean[m * m];
    for (int k = 0; k < a.length; k++) {
      mask[a[k] * m + b[k]] = true;
    }
    return mask;
  }
}
