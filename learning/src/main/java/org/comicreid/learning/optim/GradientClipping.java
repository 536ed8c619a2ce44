package org.comicreid.learning.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Global-norm gradient clipping (PyTorch {@code clip_grad_norm_}, Lightning's
 * {@code gradient_clip_val} with the default "norm" algorithm): when the 2-norm of all gradients
 * together exceeds {@code maxNorm}, every gradient is scaled by {@code maxNorm / norm}. (PyTorch
 * divides by {@code norm + 1e-6}; here the clipped norm is exactly {@code maxNorm}.)
 */
public final class GradientClipping {

  private GradientClipping() {}

  /** Clips in place; returns the norm before clipping. */
  public static double clipGlobalNorm(List<Parameter> params, double maxNorm) {
    if (params.isEmpty()) {
      return 0;
    }
    NDManager parent = params.get(0).getArray().getManager();
    try (NDManager tmp = parent.newSubManager()) {
      double sq = 0;
      NDArray[] grads = new NDArray[params.size()];
      for (int i = 0; i < params.size(); i++) {
        NDArray g = params.get(i).getArray().getGradient();
        g.attach(tmp);
        grads[i] = g;
        NDArray s = g.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).square().sum();
        sq += s.getDouble();
      }
      double norm = Math.sqrt(sq);
      if (norm > maxNorm && norm > 0) {
        float scale = (float) (maxNorm / norm);
        for (NDArray g : grads) {
          g.muli(scale);
        }
      }
      return norm;
    }
  }
}
