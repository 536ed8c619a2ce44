package org.comicreid.learning.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.comicreid.learning.training.Params;
import org.junit.jupiter.api.Test;

class OptimTest {

  /** A Linear 2→1 with weight (0.5, −1) and bias 0.2. */
  private static Linear linear(NDManager m) {
    Linear lin = Linear.builder().setUnits(1).build();
    lin.initialize(m, DataType.FLOAT32, new Shape(1, 2));
    List<Parameter> ps = Params.trainable(lin);
    ps.get(0).getArray().set(new float[] {0.5f, -1f});
    ps.get(1).getArray().set(new float[] {0.2f});
    return lin;
  }

  /** Backward of sum(lin(x)): weight gradient x, bias gradient 1. */
  private static void backward(NDManager m, Linear lin, float x0, float x1) {
    try (NDManager tmp = m.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray x = tmp.create(new float[] {x0, x1}, new Shape(1, 2));
      NDArray y = lin.forward(new ParameterStore(tmp, false), new NDList(x), true).singletonOrThrow();
      gc.backward(y.sum());
    }
  }

  @Test
  void adamWTwoStepsMatchHandComputation() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Linear lin = linear(m);
      List<Parameter> ps = Params.trainable(lin);
      AdamWOptimizer opt = AdamWOptimizer.create(ps, m, 0.01);
      backward(m, lin, 2, -3);
      opt.step(0.1);
      // step 1: m̂ = g, v̂ = g², so w ← w·(1 − 0.001) − 0.1·sign(g)
      assertArrayEquals(new float[] {0.3995f, -0.899f}, ps.get(0).getArray().toFloatArray(), 1e-6f);
      assertArrayEquals(new float[] {0.0998f}, ps.get(1).getArray().toFloatArray(), 1e-6f);
      // gradients were zeroed: a second backward gives the new gradient, not the sum
      backward(m, lin, 1, 1);
      assertArrayEquals(new float[] {1f, 1f}, ps.get(0).getArray().getGradient().toFloatArray());
      opt.step(0.1);
      // step 2 for w0 (g = 2 then 1), by hand:
      // m = 0.9·0.2 + 0.1·1 = 0.28, m̂ = 0.28 / 0.19; v = 0.999·0.004 + 0.001 = 0.004996,
      // v̂ = 0.004996 / 0.001999; w = 0.3995·0.999 − 0.1·m̂/(√v̂ + 1e-8)
      double w0 = 0.3995 * 0.999 - 0.1 * (0.28 / 0.19) / Math.sqrt(0.004996 / 0.001999);
      assertEquals(0.3058825, w0, 1e-6);
      assertEquals(w0, ps.get(0).getArray().toFloatArray()[0], 1e-6);

      // state round trip: a fresh optimizer loaded from the saved state takes the same next step
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      opt.saveState(new DataOutputStream(bytes));
      Linear twin = linear(m);
      List<Parameter> tp = Params.trainable(twin);
      tp.get(0).getArray().set(ps.get(0).getArray().toFloatArray());
      tp.get(1).getArray().set(ps.get(1).getArray().toFloatArray());
      AdamWOptimizer opt2 = AdamWOptimizer.create(tp, m, 0.01);
      opt2.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertEquals(2, opt2.stepCount());
      backward(m, lin, -1, 0.5f);
      opt.step(0.05);
      backward(m, twin, -1, 0.5f);
      opt2.step(0.05);
      assertArrayEquals(ps.get(0).getArray().toFloatArray(), tp.get(0).getArray().toFloatArray(), 0f);
    }
  }

  @Test
  void clippingScalesToMaxNormAndLeavesSmallGradients() {
    try (NDManager m = NDManager.newBaseManager()) {
      Linear lin = linear(m);
      List<Parameter> ps = Params.trainable(lin);
      backward(m, lin, 3, 4); // gradients (3, 4) and (1): norm √26
      double norm = GradientClipping.clipGlobalNorm(ps, 1.0);
      assertEquals(Math.sqrt(26), norm, 1e-6);
      float s = (float) (1 / Math.sqrt(26));
      assertArrayEquals(new float[] {3 * s, 4 * s}, ps.get(0).getArray().getGradient().toFloatArray(), 1e-6f);
      assertArrayEquals(new float[] {s}, ps.get(1).getArray().getGradient().toFloatArray(), 1e-6f);
      assertEquals(1.0, GradientClipping.clipGlobalNorm(ps, 5.0), 1e-6); // now 1 < 5: unchanged
      assertArrayEquals(new float[] {s}, ps.get(1).getArray().getGradient().toFloatArray(), 1e-6f);
    }
  }

  @Test
  void schedules() {
    CosineSchedule c = new CosineSchedule(5e-4, 100, 5e-4 / 50);
    assertEquals(5e-4, c.lr(0), 1e-15);
    assertEquals((5e-4 + 1e-5) / 2, c.lr(50), 1e-15);
    assertEquals(1e-5, c.lr(100), 1e-15);
    assertEquals(1e-5, c.lr(150), 1e-15);
    ExponentialSchedule e = new ExponentialSchedule(7.5e-4, 0.95);
    assertEquals(7.5e-4 * 0.95 * 0.95, e.lr(2), 1e-15);
  }
}
