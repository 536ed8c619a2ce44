package org.comicreid.learning.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter; PyTorch's {@code torch.optim.AdamW}) over a fixed list of DJL
 * parameters, with state that can be saved. For step t (1-based), gradient g and learning rate lr:
 *
 * <pre>
 *   w ← w · (1 − lr · weightDecay)                  (decoupled weight decay, every parameter)
 *   m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²
 *   w ← w − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 *
 * <p>Reads the gradients the last backward pass left on the parameters and zeroes them afterwards.
 * Temporaries live in a sub-manager closed at the end of each step. Parameters are looked up through
 * {@link Parameter#getArray()} at every step, so reloading parameters in place is safe.
 */
public final class AdamWOptimizer implements AutoCloseable {

  private final List<Parameter> params;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final NDManager manager;
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private long step;

  /**
   * @param params trainable parameters (initialised)
   * @param manager parent manager for the moment arrays (a sub-manager is created)
   */
  public AdamWOptimizer(List<Parameter> params, NDManager manager, double beta1, double beta2,
      double eps, double weightDecay) {
    this.params = List.copyOf(params);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.manager = manager.newSubManager();
    for (Parameter p : this.params) {
      NDArray w = p.getArray();
      m.add(this.manager.zeros(w.getShape(), w.getDataType()));
      v.add(this.manager.zeros(w.getShape(), w.getDataType()));
    }
  }

  /** PyTorch defaults: β = (0.9, 0.999), ε = 1e-8. */
  public static AdamWOptimizer create(List<Parameter> params, NDManager manager, double weightDecay) {
    return new AdamWOptimizer(params, manager, 0.9, 0.999, 1e-8, weightDecay);
  }

  /** Steps taken so far. */
  public long stepCount() {
    return step;
  }

  /** One update with learning rate {@code lr}, then zeroes the gradients. */
  public void step(double lr) {
    step++;
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = 1 - Math.pow(beta2, step);
    try (NDManager tmp = manager.newSubManager()) {
      for (int i = 0; i < params.size(); i++) {
        NDArray w = params.get(i).getArray();
        NDArray g = w.getGradient();
        g.attach(tmp);
        NDArray mi = m.get(i);
        NDArray vi = v.get(i);
        mi.muli(beta1).addi(g.mul(1 - beta1));
        vi.muli(beta2).addi(g.square().mul(1 - beta2));
        // results land in the first operand's manager: move the moment-derived ones to tmp
        NDArray vHat = vi.div(bc2);
        vHat.attach(tmp);
        NDArray mHat = mi.div(bc1);
        mHat.attach(tmp);
        NDArray update = mHat.div(vHat.sqrt().add(eps)).mul(lr);
        w.muli(1 - lr * weightDecay);
        w.subi(update);
        g.subi(g);
      }
    }
  }

  /** Writes β's, ε, weight decay, the step count and every moment array. */
  public void saveState(DataOutputStream out) throws IOException {
    out.writeInt(params.size());
    out.writeLong(step);
    for (int i = 0; i < params.size(); i++) {
      byte[] a = m.get(i).encode();
      byte[] b = v.get(i).encode();
      out.writeInt(a.length);
      out.write(a);
      out.writeInt(b.length);
      out.write(b);
    }
  }

  /** Reads what {@link #saveState} wrote for the same parameter list. */
  public void loadState(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n != params.size()) {
      throw new IOException("optimizer state for " + n + " parameters, this model has " + params.size());
    }
    long s = in.readLong();
    for (int i = 0; i < n; i++) {
      for (List<NDArray> target : List.of(m, v)) {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        NDArray loaded = manager.decode(bytes);
        if (!loaded.getShape().equals(target.get(i).getShape())) {
          throw new IOException("optimizer state shape " + loaded.getShape() + " for parameter "
              + params.get(i).getName() + " of shape " + target.get(i).getShape());
        }
        target.get(i).close();
        target.set(i, loaded);
      }
    }
    step = s;
  }

  @Override
  public void close() {
    manager.close();
  }
}
