package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.comicreid.learning.model.ReidNetwork;

/**
 * pytorch-metric-learning's {@code ContrastiveLoss} with its defaults: embeddings L2-normalised
 * (LpDistance(normalize_embeddings=True), idempotent for already normalised embeddings), Euclidean
 * distance d; positive pair loss relu(d − posMargin), negative pair loss relu(negMargin − d).
 *
 * <p><b>Reduction (AvgNonZero).</b> As in pytorch-metric-learning, the positive and the negative
 * pair losses are two sub-losses, each reduced separately (mean over its pairs whose loss is &gt; 0,
 * 0 when there is none), and the result is their sum. The count of non-zero terms is a constant for
 * the gradient, as the library's mask is.
 *
 * <p>d = √max(Σ(x − y)², 1e−24), so identical rows have a zero (not NaN) gradient.
 */
public final class ContrastiveLoss {

  private final double posMargin;
  private final double negMargin;

  /** @param posMargin 0 by default; @param negMargin 1 by default */
  public ContrastiveLoss(double posMargin, double negMargin) {
    this.posMargin = posMargin;
    this.negMargin = negMargin;
  }

  /** The library defaults (0, 1). */
  public static ContrastiveLoss defaults() {
    return new ContrastiveLoss(0, 1);
  }

  /**
   * The loss over pairs of rows of {@code embeddings} (M × d).
   *
   * @param posPairs rows {i, j} of positive pairs (may be empty)
   * @param negPairs rows {i, j} of negative pairs (may be empty)
   * @return a scalar in the embeddings' manager and dtype
   */
  public NDArray compute(NDArray embeddings, int[][] posPairs, int[][] negPairs) {
    NDArray e = ReidNetwork.l2Normalize(embeddings);
    NDArray zero = e.sum().mul(0);
    NDArray total = zero;
    if (posPairs.length > 0) {
      NDArray d = distances(e, posPairs);
      total = total.add(avgNonZero(d.sub(posMargin).maximum(0f), zero));
    }
    if (negPairs.length > 0) {
      NDArray d = distances(e, negPairs);
      total = total.add(avgNonZero(d.neg().add(negMargin).maximum(0f), zero));
    }
    return total;
  }

  /** Euclidean distances of the pairs, through a (P × M) ±1 selection matrix. */
  static NDArray distances(NDArray e, int[][] pairs) {
    int m = (int) e.getShape().get(0);
    float[] sel = new float[pairs.length * m];
    for (int k = 0; k < pairs.length; k++) {
      int i = pairs[k][0];
      int j = pairs[k][1];
      if (i < 0 || j < 0 || i >= m || j >= m) {
        throw new IndexOutOfBoundsException("pair (" + i + ", " + j + ") outside " + m + " rows");
      }
      sel[k * m + i] += 1f;
      sel[k * m + j] -= 1f;
    }
    NDManager manager = e.getManager();
    NDArray s = manager.create(sel, new Shape(pairs.length, m)).toType(e.getDataType(), false);
    NDArray diff = s.matMul(e);
    return diff.square().sum(new int[] {1}).maximum(1e-24f).sqrt();
  }

  private static NDArray avgNonZero(NDArray losses, NDArray zero) {
    float[] v = losses.toType(DataType.FLOAT32, false).toFloatArray();
    int count = 0;
    for (float x : v) {
      if (x > 0) {
        count++;
      }
    }
    return count == 0 ? zero : losses.sum().div(count);
  }
}
