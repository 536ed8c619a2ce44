package org.comicreid.learning.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Test-side reference in plain doubles: normalised rows, cosine similarity s and Euclidean distance
 * d written from their definitions (not through the code under test), hand-derived gradients of s
 * and d with respect to the raw rows, ordered pairs of a group, and autograd / finite-difference
 * helpers.
 */
final class Ref {

  final double[][] x;
  final double[][] u;
  final double[] norm;
  final int m;
  final int dim;

  Ref(double[][] x) {
    this.x = x;
    this.m = x.length;
    this.dim = x[0].length;
    this.u = new double[m][dim];
    this.norm = new double[m];
    for (int i = 0; i < m; i++) {
      double n = 0;
      for (double v : x[i]) {
        n += v * v;
      }
      norm[i] = Math.sqrt(n);
      for (int k = 0; k < dim; k++) {
        u[i][k] = x[i][k] / norm[i];
      }
    }
  }

  /** s_ij = u_i · u_j. */
  double s(int i, int j) {
    double s = 0;
    for (int k = 0; k < dim; k++) {
      s += u[i][k] * u[j][k];
    }
    return s;
  }

  /** d_ij = ‖u_i − u_j‖. */
  double d(int i, int j) {
    double s = 0;
    for (int k = 0; k < dim; k++) {
      double t = u[i][k] - u[j][k];
      s += t * t;
    }
    return Math.sqrt(s);
  }

  /** s or d by the distance. */
  double v(Distance dist, int i, int j) {
    return dist == Distance.COSINE ? s(i, j) : d(i, j);
  }

  double[][] zeroGrad() {
    return new double[m][dim];
  }

  /**
   * g += c · ∂s_ij/∂x. With u = x/‖x‖: ∂s_ij/∂x_i = (u_j − s_ij·u_i)/‖x_i‖ and symmetrically for j.
   */
  void addS(double[][] g, int i, int j, double c) {
    double s = s(i, j);
    for (int k = 0; k < dim; k++) {
      g[i][k] += c * (u[j][k] - s * u[i][k]) / norm[i];
      g[j][k] += c * (u[i][k] - s * u[j][k]) / norm[j];
    }
  }

  /** g += c · ∂d_ij/∂x. For unit u, d² = 2 − 2s, so ∂d = −∂s / d. */
  void addD(double[][] g, int i, int j, double c) {
    addS(g, i, j, -c / d(i, j));
  }

  /** g += c · ∂v_ij/∂x for s or d. */
  void addV(Distance dist, double[][] g, int i, int j, double c) {
    if (dist == Distance.COSINE) {
      addS(g, i, j, c);
    } else {
      addD(g, i, j, c);
    }
  }

  /** Ordered pairs (a, b), a ≠ b, of {@code rows} with equal labels. */
  static List<int[]> pos(int[] labels, int... rows) {
    return pairs(labels, rows, true);
  }

  /** Ordered pairs (a, b), a ≠ b, of {@code rows} with different labels. */
  static List<int[]> neg(int[] labels, int... rows) {
    return pairs(labels, rows, false);
  }

  private static List<int[]> pairs(int[] labels, int[] rows, boolean same) {
    List<int[]> out = new ArrayList<>();
    for (int a : rows) {
      for (int b : rows) {
        if (a != b && (labels[a] == labels[b]) == same) {
          out.add(new int[] {a, b});
        }
      }
    }
    return out;
  }

  /** All rows 0..m−1. */
  static int[] range(int m) {
    int[] r = new int[m];
    for (int i = 0; i < m; i++) {
      r[i] = i;
    }
    return r;
  }

  /** A spec with the paper's parameters. */
  static ObjectiveSpec spec(String loss, String miner, Distance distance) {
    return new ObjectiveSpec(loss, miner, distance, 0, 1, 0.1, 2, 50, 0.5, 0.1, 5.73, 64, 0.01, 1,
        0.5);
  }

  /** The objective's loss of {@code x} (float64) with the given labels and groups. */
  static Function<NDArray, NDArray> objective(ObjectiveSpec spec, int[] labels, List<int[]> groups) {
    Objective o = Objective.create(spec);
    return e -> o.compute(e, labels, groups).orElseThrow();
  }

  /** The objective's result, or empty. */
  static Optional<Double> value(ObjectiveSpec spec, double[][] x, int[] labels, List<int[]> groups) {
    try (NDManager mgr = NDManager.newBaseManager()) {
      return Objective.create(spec).compute(mgr.create(x), labels, groups).map(NDArray::getDouble);
    }
  }

  /** f(x) in float64. */
  static double value(Function<NDArray, NDArray> f, double[][] x) {
    try (NDManager mgr = NDManager.newBaseManager()) {
      NDArray l = f.apply(mgr.create(x));
      assertEquals(DataType.FLOAT64, l.getDataType());
      assertEquals(new Shape(), l.getShape());
      return l.getDouble();
    }
  }

  /** f(x) in float32. */
  static float value32(Function<NDArray, NDArray> f, double[][] x) {
    try (NDManager mgr = NDManager.newBaseManager()) {
      NDArray l = f.apply(mgr.create(x).toType(DataType.FLOAT32, false));
      assertEquals(DataType.FLOAT32, l.getDataType());
      return l.getFloat();
    }
  }

  /** The autograd gradient of f at x (float64); fails when backward is impossible. */
  static double[][] autograd(Function<NDArray, NDArray> f, double[][] x) {
    try (NDManager mgr = NDManager.newBaseManager()) {
      NDArray e = mgr.create(x);
      e.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(f.apply(e));
      }
      double[] g = e.getGradient().toDoubleArray();
      double[][] out = new double[x.length][x[0].length];
      for (int i = 0; i < x.length; i++) {
        for (int k = 0; k < x[0].length; k++) {
          out[i][k] = g[i * x[0].length + k];
        }
      }
      return out;
    }
  }

  /** Central differences of f at x (float64), step h. */
  static double[][] numeric(Function<NDArray, NDArray> f, double[][] x, double h) {
    double[][] out = new double[x.length][x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < x[0].length; k++) {
        double[][] p = copy(x);
        double[][] q = copy(x);
        p[i][k] += h;
        q[i][k] -= h;
        out[i][k] = (value(f, p) - value(f, q)) / (2 * h);
      }
    }
    return out;
  }

  /** Autograd equals central differences (h = 1e−6), and the gradient is not all zero. */
  static void assertFiniteDifferences(Function<NDArray, NDArray> f, double[][] x) {
    double[][] a = autograd(f, x);
    double[][] n = numeric(f, x, 1e-6);
    assertClose(n, a, 1e-6, 1e-5);
    double max = 0;
    for (double[] r : a) {
      for (double v : r) {
        max = Math.max(max, Math.abs(v));
      }
    }
    assertTrue(max > 1e-4, "gradient is all zero");
  }

  /** |expected − actual| ≤ abs + rel·|expected| element-wise. */
  static void assertClose(double[][] expected, double[][] actual, double abs, double rel) {
    for (int i = 0; i < expected.length; i++) {
      for (int k = 0; k < expected[0].length; k++) {
        assertEquals(expected[i][k], actual[i][k], abs + rel * Math.abs(expected[i][k]),
            "element [" + i + "][" + k + "]");
      }
    }
  }

  /** Every element is exactly 0. */
  static void assertAllZero(double[][] g) {
    for (double[] r : g) {
      for (double v : r) {
        assertEquals(0.0, v, 0.0);
      }
    }
  }

  static double[][] copy(double[][] x) {
    double[][] c = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i].clone();
    }
    return c;
  }
}
