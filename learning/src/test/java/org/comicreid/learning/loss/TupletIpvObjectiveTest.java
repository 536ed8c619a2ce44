package org.comicreid.learning.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * tuplet_ipv through {@link Objective}: tupletWeight·TupletMargin + ipvWeight·IntraPairVariance,
 * value and gradient against formulas (each part alone by setting the other weight to 0).
 */
class TupletIpvObjectiveTest {

  static final double[][] X = ContrastiveObjectiveTest.X;
  static final int[] LABELS = ContrastiveObjectiveTest.LABELS;

  record Params(double marginDeg, double scale, double eps, double wt, double wi) {}

  static final Params PAPER = new Params(5.73, 64, 0.01, 1, 0.5);
  static final Params OTHER = new Params(10, 8, 0.05, 0.7, 2);

  static ObjectiveSpec spec(Params p) {
    return new ObjectiveSpec("tuplet_ipv", "none", Distance.COSINE, 0, 1, 0.1, 2, 50, 0.5, 0.1,
        p.marginDeg, p.scale, p.eps, p.wt, p.wi);
  }

  /**
   * Tuplet reference: per positive pair (a, p): θ = acos(s_ap), c = cos(θ − m), E_n = e^{scale·(s_an
   * − c)} over the negative pairs (a, n), L = log(1 + ΣE); mean over all positive pairs.
   * ∂L/∂s_an = scale·E_n/(1 + ΣE); ∂L/∂s_ap = −scale·ΣE/(1 + ΣE)·∂c/∂s_ap with ∂c/∂s = sin(θ −
   * m)/√(1 − s²).
   */
  static double tuplet(Ref r, double marginDeg, double scale, List<int[]> pos, List<int[]> neg,
      double w, double[][] g) {
    if (pos.isEmpty()) {
      return 0;
    }
    double m = Math.toRadians(marginDeg);
    double total = 0;
    for (int[] ap : pos) {
      double s = r.s(ap[0], ap[1]);
      double theta = Math.acos(s);
      double c = Math.cos(theta - m);
      double sum = 0;
      for (int[] an : neg) {
        if (an[0] == ap[0]) {
          sum += Math.exp(scale * (r.s(an[0], an[1]) - c));
        }
      }
      total += Math.log(1 + sum);
      double k = w / pos.size();
      for (int[] an : neg) {
        if (an[0] == ap[0]) {
          r.addS(g, an[0], an[1], k * scale * Math.exp(scale * (r.s(an[0], an[1]) - c)) / (1 + sum));
        }
      }
      double dc = Math.sin(theta - m) / Math.sqrt(1 - s * s);
      r.addS(g, ap[0], ap[1], -k * scale * sum / (1 + sum) * dc);
    }
    return total / pos.size();
  }

  /**
   * IPV reference: pos = mean_k relu((1 − ε)·μ_p − s_k)², neg = mean_k relu(s_k − (1 + ε)·μ_n)²,
   * the means not detached: ∂pos/∂s_j = (1/P)·Σ_k 2·r_k·((1 − ε)/P − [k = j]), ∂neg/∂s_j =
   * (1/N)·Σ_k 2·r_k·([k = j] − (1 + ε)/N).
   */
  static double ipv(Ref r, double eps, List<int[]> pos, List<int[]> neg, double w, double[][] g) {
    double total = 0;
    for (int part = 0; part < 2; part++) {
      List<int[]> pairs = part == 0 ? pos : neg;
      int n = pairs.size();
      if (n == 0) {
        continue;
      }
      double mu = 0;
      for (int[] p : pairs) {
        mu += r.s(p[0], p[1]) / n;
      }
      double[] res = new double[n];
      double rsum = 0;
      double sq = 0;
      for (int k = 0; k < n; k++) {
        double s = r.s(pairs.get(k)[0], pairs.get(k)[1]);
        res[k] = Math.max(0, part == 0 ? (1 - eps) * mu - s : s - (1 + eps) * mu);
        rsum += res[k];
        sq += res[k] * res[k];
      }
      total += sq / n;
      for (int j = 0; j < n; j++) {
        double d = part == 0 ? 2 * rsum * (1 - eps) / n - 2 * res[j]
            : 2 * res[j] - 2 * rsum * (1 + eps) / n;
        r.addS(g, pairs.get(j)[0], pairs.get(j)[1], w * d / n);
      }
    }
    return total;
  }

  private static void check(Params p, int[] labels, List<int[]> groups, List<int[]> pos,
      List<int[]> neg) {
    Ref r = new Ref(X);
    double[][] g = r.zeroGrad();
    double expected = p.wt * tuplet(r, p.marginDeg, p.scale, pos, neg, p.wt, g)
        + p.wi * ipv(r, p.eps, pos, neg, p.wi, g);
    Function<NDArray, NDArray> f = Ref.objective(spec(p), labels, groups);
    assertEquals(expected, Ref.value(f, X), 1e-11 * Math.max(1, expected));
    assertEquals(expected, Ref.value32(f, X), 2e-5 * Math.max(1, expected));
    Ref.assertClose(g, Ref.autograd(f, X), 1e-9, 1e-7);
    Ref.assertFiniteDifferences(f, X);
  }

  private static void checkAll(Params p, int[] labels) {
    int[] all = Ref.range(5);
    check(p, labels, List.of(all), Ref.pos(labels, all), Ref.neg(labels, all));
  }

  @Test
  void tupletAloneValueAndGradient() {
    checkAll(new Params(5.73, 64, 0.01, 1, 0), LABELS);
    checkAll(new Params(10, 8, 0.01, 1, 0), LABELS);
  }

  @Test
  void ipvAloneValueAndGradient() {
    checkAll(new Params(5.73, 64, 0.01, 0, 1), LABELS);
    checkAll(new Params(5.73, 64, 0.2, 0, 1), LABELS);
  }

  @Test
  void weightedSumValueAndGradient() {
    checkAll(PAPER, LABELS);
    checkAll(OTHER, LABELS);
  }

  @Test
  void noNegativesLeavesThePositiveIpvPart() {
    int[] same = {2, 2, 2, 2, 2};
    checkAll(OTHER, same);
    // the tuplet part is 0: the value does not depend on the tuplet parameters
    double a = Ref.value(spec(OTHER), X, same, List.of(Ref.range(5))).orElseThrow();
    double b = Ref.value(spec(new Params(30, 3, 0.05, 0.7, 2)), X, same, List.of(Ref.range(5)))
        .orElseThrow();
    assertEquals(a, b, 0);
  }

  @Test
  void noPositivesLeavesTheNegativeIpvPart() {
    checkAll(OTHER, new int[] {0, 1, 2, 3, 4});
    checkAll(PAPER, new int[] {0, 1, 2, 3, 4});
  }

  @Test
  void positivePairsWithoutNegativesCountInTheTupletMean() {
    // groups {0,1,2} (labels 0,0,1) and {3,4} (both label 1): pairs (3,4), (4,3) have no
    // negatives; they add log(1 + 0) = 0 but count: tuplet = (L01 + L10)/4
    int[] labels = {0, 0, 1, 1, 1};
    int[] g1 = {0, 1, 2};
    int[] g2 = {3, 4};
    List<int[]> pos = new ArrayList<>(Ref.pos(labels, g1));
    pos.addAll(Ref.pos(labels, g2));
    List<int[]> neg = Ref.neg(labels, g1);
    Params tupletOnly = new Params(10, 8, 0.01, 1, 0);
    check(tupletOnly, labels, List.of(g1, g2), pos, neg);
    Ref r = new Ref(X);
    double over2 = tuplet(r, 10, 8, Ref.pos(labels, g1), neg, 1, r.zeroGrad());
    double actual = Ref.value(spec(tupletOnly), X, labels, List.of(g1, g2)).orElseThrow();
    assertEquals(over2 / 2, actual, 1e-12);
    assertNotEquals(over2, actual, 1e-3);
  }

  @Test
  void allTermsZeroGivesAConnectedZero() {
    // two rows of one label: one positive value s (both orders), μ_p = s > 0, so
    // relu((1 − ε)·s − s) = 0; no negative → tuplet 0
    double[][] x = {{1, 0.2}, {0.6, 0.9}};
    Function<NDArray, NDArray> f = Ref.objective(spec(PAPER), new int[] {0, 0},
        List.of(new int[] {0, 1}));
    assertEquals(0.0, Ref.value(f, x), 0);
    Ref.assertAllZero(Ref.autograd(f, x));
  }

  @Test
  void identicalRowsGiveFiniteGradients() {
    // s_ap = 1 for identical rows: acos is taken of a clamped value, no NaN
    double[][] x = {{1, 0.2, 0.1}, {1, 0.2, 0.1}, {0.1, 1, 0.3}};
    Function<NDArray, NDArray> f = Ref.objective(spec(PAPER), new int[] {0, 0, 1},
        List.of(new int[] {0, 1, 2}));
    assertTrue(Double.isFinite(Ref.value(f, x)));
    for (double[] row : Ref.autograd(f, x)) {
      for (double v : row) {
        assertTrue(Double.isFinite(v));
      }
    }
  }

  @Test
  void lpDistanceIsRejectedNamingTheKey() {
    ObjectiveSpec lp = new ObjectiveSpec("tuplet_ipv", "none", Distance.LP, 0, 1, 0.1, 2, 50, 0.5,
        0.1, 5.73, 64, 0.01, 1, 0.5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Objective.create(lp));
    assertTrue(e.getMessage().contains("finetune.distance"), e.getMessage());
    assertTrue(e.getMessage().contains("LP"), e.getMessage());
  }

  @Test
  void otherParametersGiveOtherValues() {
    Ref r = new Ref(X);
    int[] all = Ref.range(5);
    double right = tuplet(r, 5.73, 64, Ref.pos(LABELS, all), Ref.neg(LABELS, all), 1, r.zeroGrad())
        + 0.5 * ipv(r, 0.01, Ref.pos(LABELS, all), Ref.neg(LABELS, all), 1, r.zeroGrad());
    // margin in radians instead of degrees would be a different loss
    double radians = Ref.value(spec(new Params(0.1, 64, 0.01, 1, 0.5)), X, LABELS, List.of(all))
        .orElseThrow();
    assertNotEquals(right, radians, 1e-3);
    double weights = Ref.value(spec(new Params(5.73, 64, 0.01, 1, 1)), X, LABELS, List.of(all))
        .orElseThrow();
    assertNotEquals(right, weights, 1e-4);
  }
}
