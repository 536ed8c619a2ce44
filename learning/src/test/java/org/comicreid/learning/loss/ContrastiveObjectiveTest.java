package org.comicreid.learning.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The contrastive loss through {@link Objective}: value and gradient against explicit formulas. */
class ContrastiveObjectiveTest {

  static final double[][] X = {{1.0, 0.2, -0.3}, {0.6, 0.7, 0.1}, {0.5, 1.0, 0.4},
      {0.1, 0.7, 0.9}, {-0.6, -0.4, 0.8}};
  static final int[] LABELS = {0, 0, 1, 1, 2};

  static ObjectiveSpec spec(Distance dist, double pm, double nm) {
    return new ObjectiveSpec("contrastive", "none", dist, pm, nm, 0.1, 2, 50, 0.5, 0.1, 5.73, 64,
        0.01, 1, 0.5);
  }

  /**
   * Reference: pos terms relu(d − pm) (LP) / relu(pm − s) (cosine), neg terms relu(nm − d) /
   * relu(s − nm); each part the mean of its non-zero terms; summed. Adds the gradient to g:
   * ∂/∂v of an active term is ±1/count.
   */
  static double reference(Ref r, Distance dist, double pm, double nm, List<int[]> pos,
      List<int[]> neg, double[][] g) {
    boolean lp = dist == Distance.LP;
    double total = 0;
    for (int part = 0; part < 2; part++) {
      List<int[]> pairs = part == 0 ? pos : neg;
      double sum = 0;
      int count = 0;
      for (int[] p : pairs) {
        double v = r.v(dist, p[0], p[1]);
        double t = part == 0 ? (lp ? v - pm : pm - v) : (lp ? nm - v : v - nm);
        if (t > 0) {
          sum += t;
          count++;
        }
      }
      if (count == 0) {
        continue;
      }
      total += sum / count;
      // sign of ∂t/∂v: pos LP +1, pos cos −1, neg LP −1, neg cos +1
      double sign = (part == 0) == lp ? 1 : -1;
      for (int[] p : pairs) {
        double v = r.v(dist, p[0], p[1]);
        double t = part == 0 ? (lp ? v - pm : pm - v) : (lp ? nm - v : v - nm);
        if (t > 0) {
          r.addV(dist, g, p[0], p[1], sign / count);
        }
      }
    }
    return total;
  }

  private static void check(Distance dist, double pm, double nm, double[][] x, int[] labels) {
    Ref r = new Ref(x);
    int[] all = Ref.range(x.length);
    double[][] g = r.zeroGrad();
    double expected = reference(r, dist, pm, nm, Ref.pos(labels, all), Ref.neg(labels, all), g);
    Function<NDArray, NDArray> f = Ref.objective(spec(dist, pm, nm), labels, List.of(all));
    assertEquals(expected, Ref.value(f, x), 1e-12);
    assertEquals(expected, Ref.value32(f, x), 1e-5);
    Ref.assertClose(g, Ref.autograd(f, x), 1e-10, 1e-8);
    Ref.assertFiniteDifferences(f, x);
  }

  @Test
  void lpDefaultMarginsValueAndGradient() {
    check(Distance.LP, 0, 1, X, LABELS);
  }

  @Test
  void lpOtherMarginsValueAndGradient() {
    check(Distance.LP, 0.3, 1.2, X, LABELS);
  }

  @Test
  void cosineValueAndGradientMarginsFlip() {
    // cosine: pos relu(pm − s), neg relu(s − nm)
    check(Distance.COSINE, 1, 0.1, X, LABELS);
    check(Distance.COSINE, 0.95, -0.2, X, LABELS);
  }

  @Test
  void twoOrthogonalPointsByHand() {
    // u0 = (1, 0), u1 = (0, 1), same label: pairs (0,1), (1,0), both d = √2 → loss √2.
    // ∂d/∂x0 = (s·u0 − u1)/d = (0, −1)/√2; ∂d/∂x1 = (−1, 0)/√2; mean of the two orders keeps it.
    double[][] x = {{1, 0}, {0, 1}};
    Function<NDArray, NDArray> f =
        Ref.objective(spec(Distance.LP, 0, 1), new int[] {0, 0}, List.of(new int[] {0, 1}));
    assertEquals(Math.sqrt(2), Ref.value(f, x), 1e-12);
    double h = 1 / Math.sqrt(2);
    Ref.assertClose(new double[][] {{0, -h}, {-h, 0}}, Ref.autograd(f, x), 1e-12, 0);
    // cosine, pm 1: loss 1 − s = 1; ∂(1 − s)/∂x0 = −(u1 − s·u0) = (0, −1)
    Function<NDArray, NDArray> c =
        Ref.objective(spec(Distance.COSINE, 1, 0), new int[] {0, 0}, List.of(new int[] {0, 1}));
    assertEquals(1.0, Ref.value(c, x), 1e-12);
    Ref.assertClose(new double[][] {{0, -1}, {-1, 0}}, Ref.autograd(c, x), 1e-12, 0);
  }

  @Test
  void noPositivesLeavesTheNegativePartOnly() {
    int[] labels = {0, 1, 2, 3, 4};
    for (Distance dist : Distance.values()) {
      double pm = dist == Distance.LP ? 0 : 1;
      double nm = dist == Distance.LP ? 1.2 : 0.1;
      Ref r = new Ref(X);
      int[] all = Ref.range(5);
      assertTrue(Ref.pos(labels, all).isEmpty());
      double neg = reference(r, dist, pm, nm, List.of(), Ref.neg(labels, all), r.zeroGrad());
      assertTrue(neg > 0);
      check(dist, pm, nm, X, labels);
    }
  }

  @Test
  void noNegativesLeavesThePositivePartOnly() {
    int[] labels = {7, 7, 7, 7, 7};
    for (Distance dist : Distance.values()) {
      double pm = dist == Distance.LP ? 0.1 : 1;
      check(dist, pm, 0.5, X, labels);
    }
  }

  @Test
  void allTermsZeroGivesAConnectedZero() {
    // LP: d ≤ 2 < pm = 2.5, nm = 0 → every term relu(·) = 0
    Function<NDArray, NDArray> f = Ref.objective(spec(Distance.LP, 2.5, 0), LABELS,
        List.of(Ref.range(5)));
    assertEquals(0.0, Ref.value(f, X), 0);
    Ref.assertAllZero(Ref.autograd(f, X));
    // cosine: s ≥ −1 > pm = −1.5 and s ≤ 1 < nm = 1.5
    Function<NDArray, NDArray> c = Ref.objective(spec(Distance.COSINE, -1.5, 1.5), LABELS,
        List.of(Ref.range(5)));
    assertEquals(0.0, Ref.value(c, X), 0);
    Ref.assertAllZero(Ref.autograd(c, X));
  }

  @Test
  void noPairInAnyGroupIsEmpty() {
    List<int[]> singletons = List.of(new int[] {0}, new int[] {3}, new int[] {2, 2});
    assertTrue(Ref.value(spec(Distance.LP, 0, 1), X, LABELS, singletons).isEmpty());
    assertTrue(Ref.value(spec(Distance.LP, 0, 1), X, LABELS, List.of()).isEmpty());
  }

  @Test
  void aWrongMarginGivesAnotherValue() {
    Ref r = new Ref(X);
    int[] all = Ref.range(5);
    double right = reference(r, Distance.LP, 0, 1, Ref.pos(LABELS, all), Ref.neg(LABELS, all),
        r.zeroGrad());
    double wrong = Ref.value(spec(Distance.LP, 0.1, 1), X, LABELS, List.of(all)).orElseThrow();
    assertNotEquals(right, wrong, 1e-3);
    // and the reducer matters: the plain mean over all negative terms differs from AvgNonZero
    double plainMean = 0;
    List<int[]> neg = Ref.neg(LABELS, all);
    for (int[] p : neg) {
      plainMean += Math.max(0, 1 - r.d(p[0], p[1]));
    }
    plainMean /= neg.size();
    double posPart = right - reference(r, Distance.LP, 0, 1, List.of(), neg, r.zeroGrad());
    assertNotEquals(right, posPart + plainMean, 1e-3);
  }
}
