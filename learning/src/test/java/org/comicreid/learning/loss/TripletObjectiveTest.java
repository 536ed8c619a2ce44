package org.comicreid.learning.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The triplet margin loss through {@link Objective}: value and gradient against formulas. */
class TripletObjectiveTest {

  static final double[][] X = ContrastiveObjectiveTest.X;
  static final int[] LABELS = ContrastiveObjectiveTest.LABELS;

  static ObjectiveSpec spec(Distance dist, double margin) {
    return new ObjectiveSpec("triplet", "none", dist, 0, 1, margin, 2, 50, 0.5, 0.1, 5.73, 64,
        0.01, 1, 0.5);
  }

  /** All (a, p, n) of {@code rows}: p ≠ a with a's label, n with another label. */
  static List<int[]> triplets(int[] labels, int... rows) {
    List<int[]> out = new ArrayList<>();
    for (int a : rows) {
      for (int p : rows) {
        for (int n : rows) {
          if (p != a && labels[p] == labels[a] && labels[n] != labels[a]) {
            out.add(new int[] {a, p, n});
          }
        }
      }
    }
    return out;
  }

  /**
   * Reference: t = relu(d_ap − d_an + margin) (LP) or relu(s_an − s_ap + margin) (cosine), mean over
   * the t &gt; 0. Gradient of an active t: (∂d_ap − ∂d_an)/count or (∂s_an − ∂s_ap)/count.
   */
  static double reference(Ref r, Distance dist, double margin, List<int[]> triplets,
      double[][] g) {
    boolean lp = dist == Distance.LP;
    double sum = 0;
    int count = 0;
    for (int[] t : triplets) {
      double v = lp ? r.d(t[0], t[1]) - r.d(t[0], t[2]) + margin
          : r.s(t[0], t[2]) - r.s(t[0], t[1]) + margin;
      if (v > 0) {
        sum += v;
        count++;
      }
    }
    if (count == 0) {
      return 0;
    }
    for (int[] t : triplets) {
      double v = lp ? r.d(t[0], t[1]) - r.d(t[0], t[2]) + margin
          : r.s(t[0], t[2]) - r.s(t[0], t[1]) + margin;
      if (v > 0) {
        double sign = lp ? 1 : -1;
        r.addV(dist, g, t[0], t[1], sign / count);
        r.addV(dist, g, t[0], t[2], -sign / count);
      }
    }
    return sum / count;
  }

  private static void check(Distance dist, double margin) {
    Ref r = new Ref(X);
    int[] all = Ref.range(X.length);
    double[][] g = r.zeroGrad();
    List<int[]> t = triplets(LABELS, all);
    double expected = reference(r, dist, margin, t, g);
    assertTrue(expected > 0);
    Function<NDArray, NDArray> f = Ref.objective(spec(dist, margin), LABELS, List.of(all));
    assertEquals(expected, Ref.value(f, X), 1e-12);
    assertEquals(expected, Ref.value32(f, X), 1e-5);
    Ref.assertClose(g, Ref.autograd(f, X), 1e-10, 1e-8);
    Ref.assertFiniteDifferences(f, X);
  }

  @Test
  void lpValueAndGradient() {
    check(Distance.LP, 0.1);
    check(Distance.LP, 0.2);
  }

  @Test
  void cosineValueAndGradient() {
    check(Distance.COSINE, 0.1);
    check(Distance.COSINE, 0.3);
  }

  @Test
  void threePointsByHand() {
    // u0 = (1,0), u1 = (0,1) same label, u2 = (−1,0); margin 1, LP.
    // triplets (0,1,2): √2 − 2 + 1 > 0 and (1,0,2): √2 − √2 + 1 = 1 → mean √2/2.
    // L = ½(2·d01 − d02 − d12 + 2); ∂d_ij/∂x_i = (s_ij·u_i − u_j)/d_ij:
    //   d01 (s 0, √2): x0 (0, −1)/√2, x1 (−1, 0)/√2; d02 (s −1, 2): zero for x0 and x2;
    //   d12 (s 0, √2): x1 (1, 0)/√2, x2 (0, −1)/√2.
    // → x0: (0, −1/√2), x1: ½(−2/√2 − 1/√2, 0) = (−3/(2√2), 0), x2: (0, 1/(2√2)).
    double[][] x = {{1, 0}, {0, 1}, {-1, 0}};
    int[] labels = {0, 0, 1};
    Function<NDArray, NDArray> f =
        Ref.objective(spec(Distance.LP, 1), labels, List.of(new int[] {0, 1, 2}));
    assertEquals(Math.sqrt(2) / 2, Ref.value(f, x), 1e-12);
    double r2 = Math.sqrt(2);
    Ref.assertClose(new double[][] {{0, -1 / r2}, {-3 / (2 * r2), 0}, {0, 1 / (2 * r2)}},
        Ref.autograd(f, x), 1e-12, 0);
  }

  @Test
  void noPositivesOrNoNegativesMeansNoTripletAndEmpty() {
    List<int[]> all = List.of(Ref.range(5));
    assertTrue(Ref.value(spec(Distance.LP, 0.1), X, new int[] {0, 1, 2, 3, 4}, all).isEmpty());
    assertTrue(Ref.value(spec(Distance.COSINE, 0.1), X, new int[] {3, 3, 3, 3, 3}, all)
        .isEmpty());
  }

  @Test
  void allTermsZeroGivesAConnectedZero() {
    // d_ap − d_an ≤ 2 and s_an − s_ap ≤ 2, so margin −3 makes every term 0
    for (Distance dist : Distance.values()) {
      Function<NDArray, NDArray> f = Ref.objective(spec(dist, -3), LABELS, List.of(Ref.range(5)));
      assertEquals(0.0, Ref.value(f, X), 0);
      Ref.assertAllZero(Ref.autograd(f, X));
    }
  }

  @Test
  void aWrongMarginOrReducerGivesAnotherValue() {
    Ref r = new Ref(X);
    List<int[]> t = triplets(LABELS, Ref.range(5));
    double right = reference(r, Distance.LP, 0.1, t, r.zeroGrad());
    double other = Ref.value(spec(Distance.LP, 0.2), X, LABELS, List.of(Ref.range(5)))
        .orElseThrow();
    assertNotEquals(right, other, 1e-3);
    double plainMean = 0;
    for (int[] k : t) {
      plainMean += Math.max(0, r.d(k[0], k[1]) - r.d(k[0], k[2]) + 0.1);
    }
    plainMean /= t.size();
    assertNotEquals(right, plainMean, 1e-3);
  }
}
