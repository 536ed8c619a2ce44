package org.comicreid.learning.kernels;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.metrics.Distances;
import org.comicreid.core.metrics.DistanceTileKernel;
import org.comicreid.core.metrics.Embeddings;

/**
 * A {@link DistanceTileKernel} on libtorch sgemm (DJL PyTorch engine, CPU).
 *
 * <p>Each tile is one matrix product of augmented rows: queries become {@code [x, |x|^2, 1]} and
 * references {@code [-2y, 1, |y|^2]}, so the product is {@code |x|^2 + |y|^2 - 2 x.y} directly,
 * one float32 dot product of length dim + 2 per entry, which meets the core error contract.
 * Both augmented matrices live in native memory for the session; tiles are copied out once.
 */
public final class TorchDistanceTileKernel implements DistanceTileKernel {

  private final String engineName;

  /** Uses the PyTorch engine. */
  public TorchDistanceTileKernel() {
    this("PyTorch");
  }

  /** Uses the named DJL engine. */
  public TorchDistanceTileKernel(String engineName) {
    this.engineName = engineName;
  }

  @Override
  public Session open(Embeddings query, Embeddings reference) {
    Engine engine;
    try {
      engine = Engine.getEngine(engineName);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new ReidRunException(
          "cannot start the DJL " + engineName + " engine (use --engine reference): " + e.getMessage(), e);
    }
    NDManager manager = engine.newBaseManager();
    try {
      NDArray x = manager.create(augment(query, false), new Shape(query.size(), query.dim() + 2));
      NDArray y = manager.create(augment(reference, true), new Shape(reference.size(), reference.dim() + 2));
      return new TorchSession(manager, x, y);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static float[] augment(Embeddings e, boolean reference) {
    int n = e.size();
    int d = e.dim();
    float[] src = e.data();
    float[] out = new float[n * (d + 2)];
    for (int i = 0; i < n; i++) {
      int o = i * (d + 2);
      float norm = (float) Distances.squaredNorm(src, i, d);
      if (reference) {
        for (int k = 0; k < d; k++) {
          out[o + k] = -2f * src[i * d + k];
        }
        out[o + d] = 1f;
        out[o + d + 1] = norm;
      } else {
        System.arraycopy(src, i * d, out, o, d);
        out[o + d] = norm;
        out[o + d + 1] = 1f;
      }
    }
    return out;
  }

  private static final class TorchSession implements Session {
    private final NDManager manager;
    private final NDArray x;
    private final NDArray y;

    TorchSession(NDManager manager, NDArray x, NDArray y) {
      this.manager = manager;
      this.x = x;
      this.y = y;
    }

    @Override
    public void tile(int r0, int rows, int c0, int cols, float[] out) {
      try (NDArray q = x.get(new NDIndex("{}:{}", r0, r0 + rows));
          NDArray r = y.get(new NDIndex("{}:{}", c0, c0 + cols));
          NDArray rt = r.transpose();
          NDArray t = q.matMul(rt)) {
        FloatBuffer fb = t.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
        fb.get(out, 0, rows * cols);
      }
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}
