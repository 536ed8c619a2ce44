package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;

/**
 * pytorch-metric-learning's {@code TripletMarginLoss(margin)} (no swap, no smooth loss, all
 * triplets): per triplet (a, p, n)
 *
 * <ul>
 *   <li>{@link Distance#LP}: relu(d_ap − d_an + margin);
 *   <li>{@link Distance#COSINE}: relu(s_an − s_ap + margin) (the library's {@code
 *       distance.margin(ap, an)} flips for a similarity).
 * </ul>
 *
 * <p>Reduced with AvgNonZero: the mean over the triplets whose loss is &gt; 0 (count constant for
 * the gradient), a zero connected to the embeddings when none is.
 */
public final class TripletMarginLoss {

  private final double margin;

  /**
   * @param margin the margin (library default 0.05; the paper's runs used 0.1 and 0.2)
   * @throws IllegalArgumentException when the margin is not finite
   */
  public TripletMarginLoss(double margin) {
    if (!Double.isFinite(margin)) {
      throw new IllegalArgumentException("finetune.triplet_margin: expected a finite number, got "
          + margin);
    }
    this.margin = margin;
  }

  /** The margin. */
  public double margin() {
    return margin;
  }

  /** The loss over {@code triplets}; a scalar (a connected zero when there is no triplet). */
  public NDArray compute(PairMatrix matrix, Triplets triplets) {
    NDArray zero = matrix.zero();
    if (triplets.isEmpty()) {
      return zero;
    }
    NDArray ap = matrix.gather(triplets.anchor(), triplets.positive());
    NDArray an = matrix.gather(triplets.anchor(), triplets.negative());
    NDArray violation = matrix.isSimilarity() ? an.sub(ap) : ap.sub(an);
    return LossMath.avgNonZero(violation.add(margin).maximum(0f), zero);
  }
}
