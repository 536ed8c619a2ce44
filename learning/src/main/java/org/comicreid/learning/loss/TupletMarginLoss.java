package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * pytorch-metric-learning's {@code TupletMarginLoss(margin, scale)}, defined on cosine similarity
 * only. Per positive pair (a, p), with N_a the negatives paired with the same anchor a:
 *
 * <pre>
 *   L_ap = log(1 + Σ_{n ∈ N_a} e^{scale·(s_an − cos(θ_ap − m))}),   θ_ap = acos(s_ap)
 * </pre>
 *
 * with m the margin converted from degrees to radians. The loss is the mean of L_ap over all
 * positive pairs (the library's MeanReducer); a positive pair whose anchor has no negatives has
 * L_ap = 0 but still counts. No positive pair → a zero connected to the embeddings.
 *
 * <p><b>Decisions.</b> s_ap is clamped to [−1 + 1e−6, 1 − 1e−6] before acos, so that identical rows
 * (s = 1, or slightly above 1 in float32) give neither NaN values nor an infinite gradient; inside
 * the clamp the value is the library's. The sum over N_a is computed once per anchor as a
 * log-sum-exp of scale·s_an over the anchor's row of the M × M matrix (shifted, the shift constant
 * for the gradient), and L_ap = softplus(LSE_a − scale·cos(θ_ap − m)), computed stably; memory is
 * O(M² + pairs) instead of the library's positives × negatives matrix.
 */
public final class TupletMarginLoss {

  /** The clamp δ of s_ap: acos is taken of a value in [−1 + δ, 1 − δ]. */
  public static final double ACOS_CLAMP = 1e-6;

  private final double marginRadians;
  private final double scale;

  /**
   * @param marginDegrees m in degrees (5.73)
   * @param scale the scale (64)
   * @throws IllegalArgumentException when m is not finite or the scale is not positive
   */
  public TupletMarginLoss(double marginDegrees, double scale) {
    if (!Double.isFinite(marginDegrees)) {
      throw new IllegalArgumentException("finetune.tuplet_margin_deg: expected a finite number, got "
          + marginDegrees);
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("finetune.tuplet_scale: expected a positive number, got "
          + scale);
    }
    this.marginRadians = Math.toRadians(marginDegrees);
    this.scale = scale;
  }

  /**
   * The loss over {@code pairs}; a scalar.
   *
   * @throws IllegalArgumentException when the matrix is not {@link Distance#COSINE}
   */
  public NDArray compute(PairMatrix matrix, PairIndices pairs) {
    if (!matrix.isSimilarity()) {
      throw new IllegalArgumentException("finetune.distance: the tuplet margin loss is defined on "
          + "cosine similarity only, got " + matrix.distance());
    }
    NDArray zero = matrix.zero();
    int np = pairs.positives();
    if (np == 0) {
      return zero;
    }
    int m = matrix.rows();
    boolean[] hasNeg = new boolean[m];
    for (int a : pairs.negAnchor()) {
      hasNeg[a] = true;
    }
    int kept = 0;
    for (int a : pairs.posAnchor()) {
      kept += hasNeg[a] ? 1 : 0;
    }
    if (kept == 0) {
      return zero;
    }
    int[] a = new int[kept];
    int[] p = new int[kept];
    long[] anchorRow = new long[kept];
    int k = 0;
    for (int i = 0; i < np; i++) {
      if (hasNeg[pairs.posAnchor()[i]]) {
        a[k] = pairs.posAnchor()[i];
        p[k] = pairs.positive()[i];
        anchorRow[k] = a[k];
        k++;
      }
    }
    NDArray lseNeg = LossMath.rowLogSumExp(matrix, matrix.matrix().mul(scale),
        MultiSimilarityLoss.mask(m, pairs.negAnchor(), pairs.negative()), false);
    NDArray lse = lseNeg.take(matrix.manager().create(anchorRow));
    NDArray sap = matrix.gather(a, p).clip(-1 + ACOS_CLAMP, 1 - ACOS_CLAMP);
    NDArray cos = sap.acos().sub(marginRadians).cos();
    NDArray z = lse.sub(cos.mul(scale));
    // softplus(z) = c + log(e^{−c} + e^{z − c}) with c = max(z, 0), constant for the gradient
    double[] zv = z.toType(DataType.FLOAT64, false).toDoubleArray();
    double[] c = new double[kept];
    double[] ec = new double[kept];
    for (int i = 0; i < kept; i++) {
      c[i] = Math.max(zv[i], 0);
      ec[i] = Math.exp(-c[i]);
    }
    NDArray cc = matrix.constant(c, new Shape(kept));
    NDArray softplus = z.sub(cc).exp().add(matrix.constant(ec, new Shape(kept))).log().add(cc);
    return softplus.sum().div(np).add(zero);
  }
}
