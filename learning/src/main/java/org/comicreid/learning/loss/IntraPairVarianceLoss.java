package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;

/**
 * pytorch-metric-learning's {@code IntraPairVarianceLoss(pos_eps = neg_eps = ε)} on cosine
 * similarity:
 *
 * <pre>
 *   pos = mean over positive pairs of relu((1 − ε)·μ_p − s_p)²,   μ_p = mean of the positive s
 *   neg = mean over negative pairs of relu(s_n − (1 + ε)·μ_n)²,   μ_n = mean of the negative s
 * </pre>
 *
 * and the loss is pos + neg (each part 0 when its pairs are absent; a zero connected to the
 * embeddings when both are).
 *
 * <p><b>Decision:</b> the means μ_p and μ_n are NOT treated as constants: the gradient flows
 * through them, as in the library (which does not detach {@code torch.mean(pos_pairs)}).
 */
public final class IntraPairVarianceLoss {

  private final double epsilon;

  /**
   * @param epsilon ε (0.01)
   * @throws IllegalArgumentException when ε is not finite
   */
  public IntraPairVarianceLoss(double epsilon) {
    if (!Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("finetune.ipv_epsilon: expected a finite number, got "
          + epsilon);
    }
    this.epsilon = epsilon;
  }

  /**
   * The loss over {@code pairs}; a scalar.
   *
   * @throws IllegalArgumentException when the matrix is not {@link Distance#COSINE}
   */
  public NDArray compute(PairMatrix matrix, PairIndices pairs) {
    if (!matrix.isSimilarity()) {
      throw new IllegalArgumentException("finetune.distance: the intra-pair-variance loss is "
          + "written here for cosine similarity only, got " + matrix.distance());
    }
    NDArray total = matrix.zero();
    if (pairs.positives() > 0) {
      NDArray s = matrix.gather(pairs.posAnchor(), pairs.positive());
      NDArray v = LossMath.times(s.mean(), 1 - epsilon).sub(s).maximum(0f);
      total = total.add(v.square().mean());
    }
    if (pairs.negatives() > 0) {
      NDArray s = matrix.gather(pairs.negAnchor(), pairs.negative());
      NDArray v = s.sub(LossMath.times(s.mean(), 1 + epsilon)).maximum(0f);
      total = total.add(v.square().mean());
    }
    return total;
  }
}
