package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Reductions shared by the losses. */
final class LossMath {

  private LossMath() {}

  /**
   * x·w in x's dtype. (PyTorch promotes a 0-dim float32 array times a Java double to float64, since
   * DJL passes the double as a 0-dim float64 array; the factor is therefore made in x's dtype.)
   */
  static NDArray times(NDArray x, double w) {
    return x.mul(x.getManager().create(w).toType(x.getDataType(), false));
  }

  /**
   * pytorch-metric-learning's AvgNonZeroReducer: the mean over the terms that are &gt; 0, or
   * {@code zero} when there is none. The count is a constant for the gradient.
   */
  static NDArray avgNonZero(NDArray losses, NDArray zero) {
    double[] v = losses.toType(DataType.FLOAT64, false).toDoubleArray();
    int count = 0;
    for (double x : v) {
      if (x > 0) {
        count++;
      }
    }
    return count == 0 ? zero : losses.sum().div(count);
  }

  /**
   * Per row i of the M × M array z: log(addOne + Σ_{j : mask[i·M + j]} exp z_ij), computed with a
   * per-row shift c_i that is a constant for the gradient (the row's largest kept entry, or 0 with
   * {@code addOne} when that is larger): c_i + log(Σ exp(z_ij − c_i) + addOne·exp(−c_i)). A row
   * without kept entries gives log(addOne), i.e. 0 with {@code addOne}; without {@code addOne} such
   * a row gives 0 too (log 1 instead of log 0, so that no NaN appears); callers must ignore it.
   * Entries outside the mask get −∞ added, so they contribute exp(−∞) = 0 and a zero gradient.
   */
  static NDArray rowLogSumExp(PairMatrix pm, NDArray z, boolean[] mask, boolean addOne) {
    int m = pm.rows();
    double[] add = new double[m * m];
    double[] empty = new double[m];
    for (int i = 0; i < m; i++) {
      boolean any = false;
      for (int j = 0; j < m; j++) {
        if (mask[i * m + j]) {
          any = true;
        } else {
          add[i * m + j] = Double.NEGATIVE_INFINITY;
        }
      }
      empty[i] = any || addOne ? 0 : 1;
    }
    NDArray zm = z.add(pm.constant(add, new Shape(m, m)));
    double[] rowMax = zm.max(new int[] {1}).toType(DataType.FLOAT64, false).toDoubleArray();
    double[] shift = new double[m];
    double[] extra = new double[m];
    for (int i = 0; i < m; i++) {
      double c = rowMax[i];
      if (addOne) {
        c = Math.max(c, 0);
        extra[i] = Math.exp(-c);
      } else if (c == Double.NEGATIVE_INFINITY) {
        c = 0;
      }
      shift[i] = c;
      extra[i] += empty[i];
    }
    NDArray c = pm.constant(shift, new Shape(m, 1));
    NDArray sum = zm.sub(c).exp().sum(new int[] {1}).add(pm.constant(extra, new Shape(m)));
    return sum.log().add(c.reshape(m));
  }
}
