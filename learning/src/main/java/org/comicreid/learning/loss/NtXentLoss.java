package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.comicreid.learning.model.ReidNetwork;

/**
 * NT-Xent / InfoNCE over 2N views (FACTS "Self-supervised pretraining"): rows of {@code a} and
 * {@code b} are L2-normalised and stacked to z (2N × d); s = z zᵀ / τ; the self pair is masked out;
 * row i's positive is its partner (i ± N); loss_i = −s[i, pos] + log Σ_{j ≠ i} exp s[i, j]; the
 * loss is the mean over the 2N rows.
 *
 * <p>The Table-3 metrics are computed over the same 2N rows (both directions): p = the number of
 * non-self, non-positive columns whose similarity is strictly greater than the positive's (ties
 * rank the positive first, as a stable sort with the positive placed first does); top-1 = mean(p =
 * 0), top-5 = mean(p &lt; 5), mean position = 1 + mean(p).
 *
 * <p>Works in the dtype of its inputs (float32 in training, float64 for gradient checks).
 */
public final class NtXentLoss {

  private final double temperature;

  /** The loss value (a scalar attached to the inputs' manager) and the per-batch metrics. */
  public record Result(NDArray loss, double top1, double top5, double meanPosition) {}

  /** @param temperature τ (0.07 in the paper) */
  public NtXentLoss(double temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive");
    }
    this.temperature = temperature;
  }

  /** The temperature τ. */
  public double temperature() {
    return temperature;
  }

  /**
   * Loss of N positive pairs: row i of {@code a} with row i of {@code b}; every other row of both
   * is a negative.
   */
  public Result compute(NDArray a, NDArray b) {
    long n = a.getShape().get(0);
    if (!a.getShape().equals(b.getShape()) || n < 1) {
      throw new IllegalArgumentException("NT-Xent: views of different shapes " + a.getShape()
          + " and " + b.getShape());
    }
    int m = (int) (2 * n);
    NDManager manager = a.getManager();
    DataType type = a.getDataType();
    NDArray z = ReidNetwork.l2Normalize(NDArrays.concat(new ai.djl.ndarray.NDList(a, b), 0));
    NDArray sim = z.matMul(z.transpose()).div(temperature);
    float[] s = sim.toType(DataType.FLOAT32, false).toFloatArray();
    float[] self = new float[m * m];
    float[] pos = new float[m * m];
    double top1 = 0;
    double top5 = 0;
    double meanPos = 0;
    for (int i = 0; i < m; i++) {
      int p = (int) ((i + n) % m);
      self[i * m + i] = 1e9f;
      pos[i * m + p] = 1f;
      float sp = s[i * m + p];
      int rank = 0;
      for (int j = 0; j < m; j++) {
        if (j != i && j != p && s[i * m + j] > sp) {
          rank++;
        }
      }
      top1 += rank == 0 ? 1 : 0;
      top5 += rank < 5 ? 1 : 0;
      meanPos += rank;
    }
    NDArray selfMask = manager.create(self, new Shape(m, m)).toType(type, false);
    NDArray posMask = manager.create(pos, new Shape(m, m)).toType(type, false);
    NDArray logp = sim.sub(selfMask).logSoftmax(1);
    NDArray loss = logp.mul(posMask).sum().neg().div(m);
    return new Result(loss, top1 / m, top5 / m, 1 + meanPos / m);
  }
}
