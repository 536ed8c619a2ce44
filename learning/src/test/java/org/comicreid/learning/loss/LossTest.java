package org.comicreid.learning.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LossTest {

  @Test
  void ntXentHandComputedCase() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
      NDArray b = m.create(new float[] {0.6f, 0.8f, 0, 2}, new Shape(2, 2));
      NtXentLoss.Result r = new NtXentLoss(0.5).compute(a, b);
      // by hand (python loops): rows z = a0, a1, b0/|b0|, b1/|b1|, s = z·z / 0.5
      assertEquals(0.7588851980329553, r.loss().getFloat(), 1e-5);
      // positive ranks per row: 0, 0, 2, 0
      assertEquals(0.75, r.top1(), 1e-12);
      assertEquals(1.0, r.top5(), 1e-12);
      assertEquals(1.5, r.meanPosition(), 1e-12);
    }
  }

  @Test
  void contrastiveHandComputedCaseAveragesNonZeroTermsPerSubLoss() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(new float[] {1, 0, 0.6f, 0.8f, 0, 1}, new Shape(3, 2));
      NDArray loss = ContrastiveLoss.defaults()
          .compute(e, new int[][] {{0, 1}}, new int[][] {{0, 2}, {1, 2}});
      // pos: d(0,1) = √0.8; neg: relu(1 − √2) = 0 (not counted), relu(1 − √0.4)
      double expected = Math.sqrt(0.8) + (1 - Math.sqrt(0.4));
      assertEquals(expected, loss.getFloat(), 1e-5);
      NDArray none = ContrastiveLoss.defaults().compute(e, new int[0][], new int[][] {{0, 2}});
      assertEquals(0.0, none.getFloat(), 0);
    }
  }

  @Test
  void ntXentGradientMatchesFiniteDifferences() {
    NtXentLoss loss = new NtXentLoss(0.3);
    checkGradient(6, 4, x -> loss.compute(x.get("0:3"), x.get("3:6")).loss(), 11);
  }

  @Test
  void contrastiveGradientMatchesFiniteDifferences() {
    ContrastiveLoss loss = new ContrastiveLoss(0.1, 1.0);
    int[][] pos = {{0, 1}, {2, 3}, {4, 0}};
    int[][] neg = {{0, 2}, {1, 3}, {2, 4}, {3, 0}, {1, 4}};
    checkGradient(5, 3, x -> loss.compute(x, pos, neg), 12);
  }

  /** Central differences in float64 against the autograd gradient. */
  private static void checkGradient(int rows, int cols, Function<NDArray, NDArray> f, long seed) {
    Random rnd = new Random(seed);
    double[] x0 = new double[rows * cols];
    for (int i = 0; i < x0.length; i++) {
      x0[i] = rnd.nextGaussian();
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(x0, new Shape(rows, cols));
      x.setRequiresGradient(true);
      double[] analytic;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray l = f.apply(x);
        assertEquals(DataType.FLOAT64, l.getDataType());
        gc.backward(l);
      }
      analytic = x.getGradient().toDoubleArray();
      double h = 1e-6;
      int nonZero = 0;
      for (int i = 0; i < x0.length; i++) {
        double[] p = x0.clone();
        double[] q = x0.clone();
        p[i] += h;
        q[i] -= h;
        double lp = f.apply(m.create(p, new Shape(rows, cols))).getDouble();
        double lq = f.apply(m.create(q, new Shape(rows, cols))).getDouble();
        double numeric = (lp - lq) / (2 * h);
        assertEquals(numeric, analytic[i], 1e-6 + 1e-5 * Math.abs(numeric), "element " + i);
        if (Math.abs(analytic[i]) > 1e-4) {
          nonZero++;
        }
      }
      assertTrue(nonZero > x0.length / 2, "gradient mostly zero: " + nonZero);
    }
  }
}
