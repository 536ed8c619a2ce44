package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;

/**
 * pytorch-metric-learning's {@code ContrastiveLoss(pos_margin, neg_margin)}. With the library's
 * {@code distance.margin(x, y)} (x − y for a distance, y − x for a similarity):
 *
 * <ul>
 *   <li>{@link Distance#LP} (distance d): positive pair relu(d − posMargin), negative pair
 *       relu(negMargin − d);
 *   <li>{@link Distance#COSINE} (similarity s): positive pair relu(posMargin − s), negative pair
 *       relu(s − negMargin) — the margins flip their role, so the library's defaults (0, 1) are
 *       meaningless with cosine (every term is 0); use e.g. posMargin 1, negMargin 0.
 * </ul>
 *
 * <p><b>Reduction (AvgNonZero).</b> The positive and the negative pair losses are two sub-losses,
 * each reduced separately (mean over its terms that are &gt; 0, 0 when there is none), and the
 * result is their sum. The count of non-zero terms is a constant for the gradient, as the library's
 * mask is. With no positive pairs only the negative part remains, and vice versa; when every term
 * is 0 the result is a zero connected to the embeddings.
 *
 * <p>Entries come from {@link PairMatrix} (embeddings L2-normalised; d clamped as described there
 * so that identical rows have a zero, not NaN, gradient).
 */
public final class ContrastiveLoss {

  private final double posMargin;
  private final double negMargin;

  /** @param posMargin 0 by default; @param negMargin 1 by default */
  public ContrastiveLoss(double posMargin, double negMargin) {
    if (!Double.isFinite(posMargin)) {
      throw new IllegalArgumentException("finetune.pos_margin: expected a finite number, got "
          + posMargin);
    }
    if (!Double.isFinite(negMargin)) {
      throw new IllegalArgumentException("finetune.neg_margin: expected a finite number, got "
          + negMargin);
    }
    this.posMargin = posMargin;
    this.negMargin = negMargin;
  }

  /** The library defaults (0, 1). */
  public static ContrastiveLoss defaults() {
    return new ContrastiveLoss(0, 1);
  }

  /**
   * The loss with {@link Distance#LP} over pairs of rows of {@code embeddings} (M × d).
   *
   * @param posPairs rows {i, j} of positive pairs (may be empty)
   * @param negPairs rows {i, j} of negative pairs (may be empty)
   * @return a scalar in the embeddings' manager and dtype
   */
  public NDArray compute(NDArray embeddings, int[][] posPairs, int[][] negPairs) {
    return compute(PairMatrix.of(embeddings, Distance.LP), PairIndices.of(posPairs, negPairs));
  }

  /** The loss over {@code pairs}, with the distance of {@code matrix}; a scalar. */
  public NDArray compute(PairMatrix matrix, PairIndices pairs) {
    NDArray zero = matrix.zero();
    NDArray total = zero;
    boolean sim = matrix.isSimilarity();
    if (pairs.positives() > 0) {
      NDArray v = matrix.gather(pairs.posAnchor(), pairs.positive());
      NDArray terms = (sim ? v.neg().add(posMargin) : v.sub(posMargin)).maximum(0f);
      total = total.add(LossMath.avgNonZero(terms, zero));
    }
    if (pairs.negatives() > 0) {
      NDArray v = matrix.gather(pairs.negAnchor(), pairs.negative());
      NDArray terms = (sim ? v.sub(negMargin) : v.neg().add(negMargin)).maximum(0f);
      total = total.add(LossMath.avgNonZero(terms, zero));
    }
    return total;
  }
}
