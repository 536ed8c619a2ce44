package org.comicreid.learning.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The multi-similarity loss through {@link Objective}: value and gradient against formulas. */
class MultiSimilarityObjectiveTest {

  static final double[][] X = ContrastiveObjectiveTest.X;
  static final int[] LABELS = ContrastiveObjectiveTest.LABELS;

  static ObjectiveSpec spec(Distance dist, double alpha, double beta, double base) {
    return new ObjectiveSpec("multi_similarity", "none", dist, 0, 1, 0.1, alpha, beta, base, 0.1,
        5.73, 64, 0.01, 1, 0.5);
  }

  /**
   * Reference: per row i, (1/α)·log(1 + Σ_{(i,j) pos} e^{α·x_ij}) + (1/β)·log(1 + Σ_{(i,j) neg}
   * e^{β·y_ij}), x = base − s, y = s − base (cosine) or x = d − base, y = base − d (LP); mean over
   * all m rows. ∂/∂v_ij of a pos pair: (1/m)·e^{α·x_ij}/(1 + Σ)·∂x/∂v with ∂x/∂v = −1 (cosine),
   * +1 (LP); of a neg pair (1/m)·e^{β·y_ij}/(1 + Σ)·∂y/∂v, +1 (cosine), −1 (LP).
   */
  static double reference(Ref r, Distance dist, double alpha, double beta, double base,
      List<int[]> pos, List<int[]> neg, int m, double[][] g) {
    boolean lp = dist == Distance.LP;
    double total = 0;
    for (int i = 0; i < m; i++) {
      for (int part = 0; part < 2; part++) {
        double k = part == 0 ? alpha : beta;
        double sign = part == 0 ? (lp ? 1 : -1) : (lp ? -1 : 1);
        double sum = 0;
        for (int[] p : part == 0 ? pos : neg) {
          if (p[0] == i) {
            sum += Math.exp(k * sign * (r.v(dist, i, p[1]) - base));
          }
        }
        total += Math.log(1 + sum) / k;
        for (int[] p : part == 0 ? pos : neg) {
          if (p[0] == i) {
            double w = Math.exp(k * sign * (r.v(dist, i, p[1]) - base)) / (1 + sum);
            r.addV(dist, g, i, p[1], sign * w / m);
          }
        }
      }
    }
    return total / m;
  }

  private static void check(Distance dist, double alpha, double beta, double base, int[] labels,
      List<int[]> groups, List<int[]> pos, List<int[]> neg) {
    Ref r = new Ref(X);
    double[][] g = r.zeroGrad();
    double expected = reference(r, dist, alpha, beta, base, pos, neg, X.length, g);
    Function<NDArray, NDArray> f = Ref.objective(spec(dist, alpha, beta, base), labels, groups);
    assertEquals(expected, Ref.value(f, X), 1e-12);
    assertEquals(expected, Ref.value32(f, X), 1e-5 * Math.max(1, expected));
    Ref.assertClose(g, Ref.autograd(f, X), 1e-10, 1e-8);
    Ref.assertFiniteDifferences(f, X);
  }

  private static void checkAll(Distance dist, double alpha, double beta, double base,
      int[] labels) {
    int[] all = Ref.range(5);
    check(dist, alpha, beta, base, labels, List.of(all), Ref.pos(labels, all),
        Ref.neg(labels, all));
  }

  @Test
  void cosineValueAndGradient() {
    checkAll(Distance.COSINE, 2, 50, 0.5, LABELS);
    checkAll(Distance.COSINE, 1, 5, 0.3, LABELS);
  }

  @Test
  void lpValueAndGradientUseTheDistanceWithSignsFlipped() {
    checkAll(Distance.LP, 2, 50, 0.5, LABELS);
    checkAll(Distance.LP, 3, 10, 0.9, LABELS);
  }

  @Test
  void twoOrthogonalPointsByHand() {
    // s = 0 for the pairs (0,1) and (1,0); each row: ½·log(1 + e^{−2(0 − 0.5)}) = ½·log(1 + e);
    // mean over 2 rows: ½·log(1 + e). Each pair: ∂/∂s = (1/2)·(−e/(1 + e)); s01 appears twice
    // → ∂L/∂s01 = −e/(1 + e); ∂s01/∂x0 = u1 − s·u0 = (0, 1), ∂s01/∂x1 = (1, 0).
    double[][] x = {{1, 0}, {0, 1}};
    Function<NDArray, NDArray> f = Ref.objective(spec(Distance.COSINE, 2, 50, 0.5),
        new int[] {4, 4}, List.of(new int[] {0, 1}));
    double e = Math.E;
    assertEquals(0.5 * Math.log(1 + e), Ref.value(f, x), 1e-12);
    double w = e / (1 + e);
    Ref.assertClose(new double[][] {{0, -w}, {-w, 0}}, Ref.autograd(f, x), 1e-12, 0);
  }

  @Test
  void rowsWithoutPairsCountInTheMean() {
    // group {0, 1, 2, 3}: row 4 has no pair but the mean is over all 5 rows
    int[] g = {0, 1, 2, 3};
    for (Distance dist : Distance.values()) {
      check(dist, 2, 50, 0.5, LABELS, List.of(g), Ref.pos(LABELS, g), Ref.neg(LABELS, g));
    }
    Ref r = new Ref(X);
    double over5 = reference(r, Distance.COSINE, 2, 50, 0.5, Ref.pos(LABELS, g),
        Ref.neg(LABELS, g), 5, r.zeroGrad());
    double over4 = over5 * 5 / 4;
    double actual = Ref.value(spec(Distance.COSINE, 2, 50, 0.5), X, LABELS, List.of(g))
        .orElseThrow();
    assertNotEquals(over4, actual, 1e-3);
  }

  @Test
  void noPositivesLeavesTheNegativePart() {
    for (Distance dist : Distance.values()) {
      checkAll(dist, 2, 50, 0.5, new int[] {0, 1, 2, 3, 4});
    }
    // the positive part is absent: the value does not depend on α
    int[] distinct = {0, 1, 2, 3, 4};
    double a2 = Ref.value(spec(Distance.LP, 2, 50, 0.5), X, distinct, List.of(Ref.range(5)))
        .orElseThrow();
    double a9 = Ref.value(spec(Distance.LP, 9, 50, 0.5), X, distinct, List.of(Ref.range(5)))
        .orElseThrow();
    assertEquals(a2, a9, 0);
  }

  @Test
  void noNegativesLeavesThePositivePart() {
    for (Distance dist : Distance.values()) {
      checkAll(dist, 2, 50, 0.5, new int[] {1, 1, 1, 1, 1});
    }
    // one part only: with no negatives the value is the positive part alone (β plays no role)
    int[] same = {1, 1, 1, 1, 1};
    double b50 = Ref.value(spec(Distance.COSINE, 2, 50, 0.5), X, same, List.of(Ref.range(5)))
        .orElseThrow();
    double b7 = Ref.value(spec(Distance.COSINE, 2, 7, 0.5), X, same, List.of(Ref.range(5)))
        .orElseThrow();
    assertEquals(b50, b7, 0);
  }

  @Test
  void noPairIsEmpty() {
    assertTrue(Ref.value(spec(Distance.LP, 2, 50, 0.5), X, LABELS,
        List.of(new int[] {1}, new int[] {4})).isEmpty());
  }

  @Test
  void otherParametersGiveOtherValues() {
    Ref r = new Ref(X);
    int[] all = Ref.range(5);
    double right = reference(r, Distance.COSINE, 2, 50, 0.5, Ref.pos(LABELS, all),
        Ref.neg(LABELS, all), 5, r.zeroGrad());
    double base = Ref.value(spec(Distance.COSINE, 2, 50, 0.4), X, LABELS, List.of(all))
        .orElseThrow();
    double alpha = Ref.value(spec(Distance.COSINE, 3, 50, 0.5), X, LABELS, List.of(all))
        .orElseThrow();
    assertNotEquals(right, base, 1e-4);
    assertNotEquals(right, alpha, 1e-4);
    // the LP variant is not the cosine one
    double lp = Ref.value(spec(Distance.LP, 2, 50, 0.5), X, LABELS, List.of(all)).orElseThrow();
    assertNotEquals(right, lp, 1e-3);
  }
}
