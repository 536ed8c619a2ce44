package org.comicreid.learning.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MultiSimilarityMiner} on points of the unit circle at chosen angles, so that s_ij =
 * cos(φ_i − φ_j) and d_ij = 2·|sin((φ_i − φ_j)/2)| are known by hand.
 */
class MultiSimilarityMinerTest {

  /** Angles in degrees; labels 0, 0, 0, 1, 1. */
  static final double[] ANGLES = {0, 10, 80, 60, 170};
  static final int[] LABELS = {0, 0, 0, 1, 1};

  static double[][] circle(double... degrees) {
    double[][] x = new double[degrees.length][];
    for (int i = 0; i < degrees.length; i++) {
      double t = Math.toRadians(degrees[i]);
      x[i] = new double[] {Math.cos(t), Math.sin(t)};
    }
    return x;
  }

  static PairIndices mine(Distance dist, double eps, double[][] x, int[] labels, int... rows) {
    try (NDManager mgr = NDManager.newBaseManager()) {
      PairMatrix pm = PairMatrix.of(mgr.create(x), dist);
      PairIndices p = new MultiSimilarityMiner(eps).mine(pm, labels, rows);
      return PairIndices.union(List.of(p), x.length);
    }
  }

  static PairIndices expected(int[][] pos, int[][] neg, int rows) {
    return PairIndices.union(List.of(PairIndices.of(pos, neg)), rows);
  }

  @Test
  void cosineKeepsHardPairsOnly() {
    // s (rows/cols 0..4):
    //   0: 1, .985, .174, .500, −.985     1: .985, 1, .342, .643, −.940
    //   2: .174, .342, 1, .940, .000      3: .500, .643, .940, 1, −.342   4: −.985, −.940, 0, −.342, 1
    // ε = 0.1; positive kept when s − ε < max s_neg, negative kept when s + ε > min s_pos.
    //   a=0: max neg .500 → (0,2) (.074) kept, (0,1) (.885) dropped; min pos .174 → (0,3) (.6)
    //        kept, (0,4) (−.885) dropped
    //   a=1: max neg .643 → (1,2) kept, (1,0) dropped; min pos .342 → (1,3) kept, (1,4) dropped
    //   a=2: max neg .940 → (2,0), (2,1) kept; min pos .174 → (2,3) (1.04) kept, (2,4) (.1) dropped
    //   a=3: max neg .940 → (3,4) kept; min pos −.342 → (3,0), (3,1), (3,2) kept
    //   a=4: max neg 0 → (4,3) (−.442) kept; min pos −.342 → (4,2) (.1) kept, (4,0), (4,1) dropped
    PairIndices got = mine(Distance.COSINE, 0.1, circle(ANGLES), LABELS, 0, 1, 2, 3, 4);
    assertEquals(expected(new int[][] {{0, 2}, {1, 2}, {2, 0}, {2, 1}, {3, 4}, {4, 3}},
        new int[][] {{0, 3}, {1, 3}, {2, 3}, {3, 0}, {3, 1}, {3, 2}, {4, 2}}, 5), got);
  }

  @Test
  void distanceFlipsTheInequalities() {
    // d: 0: 0, .174, 1.286, 1.000, 1.992   1: .174, 0, 1.147, .845, 1.970
    //    2: 1.286, 1.147, 0, .347, 1.414   3: 1.000, .845, .347, 0, 1.638   4: 1.992, 1.970,
    //    1.414, 1.638, 0
    // positive kept when d + ε > min d_neg, negative kept when d − ε < max d_pos.
    // ε = 0.2: a=0: min neg 1.000 → (0,2) (1.486) kept, (0,1) (.374) dropped; max pos 1.286 →
    //   (0,3) (.8) kept, (0,4) (1.792) dropped. a=1: min neg .845 → (1,2) kept, (1,0) dropped;
    //   max pos 1.147 → (1,3) kept, (1,4) dropped. a=2: min neg .347 → (2,0), (2,1) kept; max pos
    //   1.286 → (2,3) kept, (2,4) (1.214) kept. a=3: min neg .347 → (3,4) kept; max pos 1.638 →
    //   (3,0), (3,1), (3,2) kept. a=4: min neg 1.414 → (4,3) (1.838) kept; max pos 1.638 → (4,2)
    //   (1.214) kept, (4,0) (1.792), (4,1) (1.770) dropped.
    PairIndices got = mine(Distance.LP, 0.2, circle(ANGLES), LABELS, 0, 1, 2, 3, 4);
    assertEquals(expected(new int[][] {{0, 2}, {1, 2}, {2, 0}, {2, 1}, {3, 4}, {4, 3}},
        new int[][] {{0, 3}, {1, 3}, {2, 3}, {2, 4}, {3, 0}, {3, 1}, {3, 2}, {4, 2}}, 5), got);
    // ε = 0.1: (2,4): 1.314 > 1.286 → dropped; the rest as above
    PairIndices small = mine(Distance.LP, 0.1, circle(ANGLES), LABELS, 0, 1, 2, 3, 4);
    assertEquals(expected(new int[][] {{0, 2}, {1, 2}, {2, 0}, {2, 1}, {3, 4}, {4, 3}},
        new int[][] {{0, 3}, {1, 3}, {2, 3}, {3, 0}, {3, 1}, {3, 2}, {4, 2}}, 5), small);
  }

  @Test
  void epsilonControlsWhatIsKept() {
    // cosine, ε = 0.5: a=0: (0,1): .485 < .5 → now kept; a huge ε keeps every pair of anchors
    // that have both a positive and a negative
    PairIndices half = mine(Distance.COSINE, 0.5, circle(ANGLES), LABELS, 0, 1, 2, 3, 4);
    assertTrue(contains(half.posAnchor(), half.positive(), 0, 1));
    PairIndices all = mine(Distance.COSINE, 10, circle(ANGLES), LABELS, 0, 1, 2, 3, 4);
    assertEquals(20, all.positives() + all.negatives());
    // ε = −0.5 is stricter: positive kept when s + .5 < max s_neg, negative when s − .5 > min
    // s_pos. a=0: .674, 1.485 ≥ .5 → no positive; 0 ≤ .174 → no negative. a=1: .842 ≥ .643,
    // .143 ≤ .342 → nothing. a=2: (2,0) .674, (2,1) .842 < .940 kept; (2,3) .44 > .174 kept,
    // (2,4) −.5 dropped. a=3: (3,4) .158 < .940 kept; (3,0) 0, (3,1) .143, (3,2) .44 > −.342
    // kept. a=4: (4,3) .158 ≥ 0 dropped; (4,2) −.5 ≤ −.342 dropped.
    PairIndices strict = mine(Distance.COSINE, -0.5, circle(ANGLES), LABELS, 0, 1, 2, 3, 4);
    assertEquals(expected(new int[][] {{2, 0}, {2, 1}, {3, 4}},
        new int[][] {{2, 3}, {3, 0}, {3, 1}, {3, 2}}, 5), strict);
  }

  @Test
  void anchorsWithoutPositivesOrNegativesInTheirGroupLoseTheirPairs() {
    // group {0, 1, 3}: anchor 3 (label 1) has no positive in it → no pair anchored at 3, although
    // every condition would hold for it with ε = 10; anchors 0 and 1 keep all their pairs
    PairIndices got = mine(Distance.COSINE, 10, circle(ANGLES), LABELS, 0, 1, 3);
    assertEquals(expected(new int[][] {{0, 1}, {1, 0}}, new int[][] {{0, 3}, {1, 3}}, 5), got);
    // a group of one label or of distinct labels yields nothing
    assertTrue(mine(Distance.COSINE, 10, circle(ANGLES), LABELS, 0, 1, 2).isEmpty());
    assertTrue(mine(Distance.LP, 10, circle(ANGLES), LABELS, 0, 3).isEmpty());
  }

  @Test
  void aRowListedTwiceIsTakenOnce() {
    assertEquals(mine(Distance.COSINE, 0.1, circle(ANGLES), LABELS, 0, 1, 2, 3, 4),
        mine(Distance.COSINE, 0.1, circle(ANGLES), LABELS, 4, 0, 1, 1, 2, 3, 4));
  }

  @Test
  void epsilonMustBeFinite() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MultiSimilarityMiner(Double.NaN));
    assertTrue(e.getMessage().contains("finetune.miner_epsilon"));
    assertTrue(e.getMessage().contains("NaN"));
  }

  private static boolean contains(int[] a, int[] b, int i, int j) {
    for (int k = 0; k < a.length; k++) {
      if (a[k] == i && b[k] == j) {
        return true;
      }
    }
    return false;
  }
}
