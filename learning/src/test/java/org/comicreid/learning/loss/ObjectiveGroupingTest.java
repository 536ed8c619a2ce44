package org.comicreid.learning.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Mining groups: pairs never cross groups, a pair found in two groups counts once, triplets are
 * formed inside a group; the miner runs per group; every loss × miner × distance combination.
 */
class ObjectiveGroupingTest {

  static final double[][] X = ContrastiveObjectiveTest.X;

  private static List<PairIndices> minePerGroup(double[][] x, int[] labels, List<int[]> groups,
      PairMiner miner, Distance dist) {
    try (NDManager mgr = NDManager.newBaseManager()) {
      return Objectives.minePerGroup(PairMatrix.of(mgr.create(x), dist), labels, groups, miner);
    }
  }

  @Test
  void pairsNeverCrossGroups() {
    int[] labels = {0, 0, 1, 0, 1};
    List<int[]> groups = List.of(new int[] {0, 1, 2}, new int[] {3, 4});
    PairIndices got = PairIndices.union(
        minePerGroup(X, labels, groups, PairMiner.all(), Distance.LP), 5);
    // group 1: pos (0,1), (1,0); neg (0,2), (2,0), (1,2), (2,1); group 2: neg (3,4), (4,3).
    // Across groups, (0,3) would be positive and (0,4) negative: they must not appear.
    PairIndices expected = PairIndices.union(List.of(PairIndices.of(
        new int[][] {{0, 1}, {1, 0}},
        new int[][] {{0, 2}, {2, 0}, {1, 2}, {2, 1}, {3, 4}, {4, 3}})), 5);
    assertEquals(expected, got);
    // the loss value is the one of exactly these pairs
    Ref r = new Ref(X);
    double want = ContrastiveObjectiveTest.reference(r, Distance.LP, 0, 1,
        List.of(new int[] {0, 1}, new int[] {1, 0}),
        List.of(new int[] {0, 2}, new int[] {2, 0}, new int[] {1, 2}, new int[] {2, 1},
            new int[] {3, 4}, new int[] {4, 3}), r.zeroGrad());
    assertEquals(want, Ref.value(ContrastiveObjectiveTest.spec(Distance.LP, 0, 1), X, labels,
        groups).orElseThrow(), 1e-12);
    double oneGroup = Ref.value(ContrastiveObjectiveTest.spec(Distance.LP, 0, 1), X, labels,
        List.of(Ref.range(5))).orElseThrow();
    assertNotEquals(want, oneGroup, 1e-3);
  }

  @Test
  void aPairInTwoGroupsCountsOnce() {
    // labels 0, 0, 1, 0; groups {0,1,2} and {0,2,3}: (0,2) and (2,0) are negatives of both
    int[] labels = {0, 0, 1, 0};
    double[][] x = Arrays.copyOf(X, 4);
    List<int[]> groups = List.of(new int[] {0, 1, 2}, new int[] {0, 2, 3});
    PairIndices got = PairIndices.union(
        minePerGroup(x, labels, groups, PairMiner.all(), Distance.LP), 4);
    List<int[]> pos = List.of(new int[] {0, 1}, new int[] {1, 0}, new int[] {0, 3},
        new int[] {3, 0});
    List<int[]> neg = List.of(new int[] {0, 2}, new int[] {2, 0}, new int[] {1, 2},
        new int[] {2, 1}, new int[] {2, 3}, new int[] {3, 2});
    assertEquals(PairIndices.union(List.of(PairIndices.of(pos.toArray(new int[0][]),
        neg.toArray(new int[0][]))), 4), got);
    // value: once (6 negative pairs) vs twice (8, with (0,2), (2,0) repeated)
    for (Distance dist : Distance.values()) {
      double nm = dist == Distance.LP ? 1.2 : 0;
      double pm = dist == Distance.LP ? 0 : 1;
      Ref r = new Ref(x);
      double once = ContrastiveObjectiveTest.reference(r, dist, pm, nm, pos, neg, r.zeroGrad());
      List<int[]> twice = new ArrayList<>(neg);
      twice.add(new int[] {0, 2});
      twice.add(new int[] {2, 0});
      double dup = ContrastiveObjectiveTest.reference(r, dist, pm, nm, pos, twice, r.zeroGrad());
      double got1 = Ref.value(ContrastiveObjectiveTest.spec(dist, pm, nm), x, labels, groups)
          .orElseThrow();
      assertEquals(once, got1, 1e-12);
      assertNotEquals(dup, got1, 1e-4);
    }
  }

  @Test
  void tripletsAreFormedInsideGroups() {
    // labels 0, 0, 1, 0, 1; groups {0,1,2} and {0,3,4}
    int[] labels = {0, 0, 1, 0, 1};
    List<int[]> groups = List.of(new int[] {0, 1, 2}, new int[] {0, 3, 4});
    Triplets got = Triplets.unionOfGroups(
        minePerGroup(X, labels, groups, PairMiner.all(), Distance.LP), 5);
    // inside group 1: (0,1,2), (1,0,2); inside group 2: (0,3,4), (3,0,4). Not (0,1,4), (0,3,2), …
    // although (0,1) and (0,4) are both pairs of the union.
    assertEquals(new Triplets(new int[] {0, 0, 1, 3}, new int[] {1, 3, 0, 0},
        new int[] {2, 4, 2, 4}), got);
    List<int[]> t = List.of(new int[] {0, 1, 2}, new int[] {0, 3, 4}, new int[] {1, 0, 2},
        new int[] {3, 0, 4});
    for (Distance dist : Distance.values()) {
      Ref r = new Ref(X);
      double[][] g = r.zeroGrad();
      double want = TripletObjectiveTest.reference(r, dist, 0.5, t, g);
      Function<NDArray, NDArray> f =
          Ref.objective(TripletObjectiveTest.spec(dist, 0.5), labels, groups);
      assertEquals(want, Ref.value(f, X), 1e-12);
      Ref.assertClose(g, Ref.autograd(f, X), 1e-10, 1e-8);
      double across = TripletObjectiveTest.reference(r, dist, 0.5,
          TripletObjectiveTest.triplets(labels, Ref.range(5)), r.zeroGrad());
      assertNotEquals(across, want, 1e-4);
    }
    // a triplet found in two groups counts once
    Triplets twice = Triplets.unionOfGroups(minePerGroup(X, labels,
        List.of(new int[] {0, 1, 2}, new int[] {2, 1, 0}), PairMiner.all(), Distance.LP), 5);
    assertEquals(new Triplets(new int[] {0, 1}, new int[] {1, 0}, new int[] {2, 2}), twice);
  }

  @Test
  void theMinerRunsPerGroup() {
    // circle points of MultiSimilarityMinerTest, cosine, ε = 0.1.
    // group {0,1,3}: a=0: max neg s03 .5 → (0,1) (.885) dropped; min pos .985 → (0,3) (.6)
    //   dropped. a=1: max neg .643 → (1,0) dropped; min pos .985 → (1,3) (.743) dropped.
    //   a=3: no positive → nothing. → nothing from this group.
    // group {2,3,4}: a=2: no positive → nothing. a=3: pos (3,4) −.442 < max neg .940 kept; neg
    //   (3,2) 1.04 > −.342 kept. a=4: pos (4,3) −.442 < max neg 0 kept; neg (4,2) .1 > −.342 kept.
    // Mining the union {0..4} at once would also keep (0,2), (0,3), … (see the miner test).
    double[][] x = MultiSimilarityMinerTest.circle(MultiSimilarityMinerTest.ANGLES);
    int[] labels = MultiSimilarityMinerTest.LABELS;
    List<int[]> groups = List.of(new int[] {0, 1, 3}, new int[] {2, 3, 4});
    PairIndices got = PairIndices.union(minePerGroup(x, labels, groups,
        new MultiSimilarityMiner(0.1), Distance.COSINE), 5);
    List<int[]> pos = List.of(new int[] {3, 4}, new int[] {4, 3});
    List<int[]> neg = List.of(new int[] {3, 2}, new int[] {4, 2});
    assertEquals(PairIndices.union(List.of(PairIndices.of(pos.toArray(new int[0][]),
        neg.toArray(new int[0][]))), 5), got);
    // through the objective: multi-similarity loss over exactly these pairs, mean over 5 rows
    ObjectiveSpec spec = new ObjectiveSpec("multi_similarity", "multi_similarity",
        Distance.COSINE, 0, 1, 0.1, 2, 50, 0.5, 0.1, 5.73, 64, 0.01, 1, 0.5);
    Ref r = new Ref(x);
    double[][] g = r.zeroGrad();
    double want = MultiSimilarityObjectiveTest.reference(r, Distance.COSINE, 2, 50, 0.5, pos, neg,
        5, g);
    Function<NDArray, NDArray> f = Ref.objective(spec, labels, groups);
    assertEquals(want, Ref.value(f, x), 1e-12);
    Ref.assertClose(g, Ref.autograd(f, x), 1e-10, 1e-8);
    Ref.assertFiniteDifferences(f, x);
  }

  @Test
  void minedPairsFeedEveryLoss() {
    // circle points, one group, cosine ε = 0.1: the mined pairs of MultiSimilarityMinerTest
    double[][] x = MultiSimilarityMinerTest.circle(MultiSimilarityMinerTest.ANGLES);
    int[] labels = MultiSimilarityMinerTest.LABELS;
    List<int[]> groups = List.of(Ref.range(5));
    List<int[]> pos = List.of(new int[] {0, 2}, new int[] {1, 2}, new int[] {2, 0},
        new int[] {2, 1}, new int[] {3, 4}, new int[] {4, 3});
    List<int[]> neg = List.of(new int[] {0, 3}, new int[] {1, 3}, new int[] {2, 3},
        new int[] {3, 0}, new int[] {3, 1}, new int[] {3, 2}, new int[] {4, 2});
    Ref r = new Ref(x);
    // contrastive, cosine, margins 1 and 0.2
    ObjectiveSpec c = new ObjectiveSpec("contrastive", "multi_similarity", Distance.COSINE, 1,
        0.2, 0.1, 2, 50, 0.5, 0.1, 5.73, 64, 0.01, 1, 0.5);
    double[][] gc = r.zeroGrad();
    double wc = ContrastiveObjectiveTest.reference(r, Distance.COSINE, 1, 0.2, pos, neg, gc);
    Function<NDArray, NDArray> fc = Ref.objective(c, labels, groups);
    assertEquals(wc, Ref.value(fc, x), 1e-12);
    Ref.assertClose(gc, Ref.autograd(fc, x), 1e-10, 1e-8);
    Ref.assertFiniteDifferences(fc, x);
    // triplet, cosine, margin 0.1: triplets of the mined pairs sharing the anchor:
    //   a=0: (0,2,3); a=1: (1,2,3); a=2: (2,0,3), (2,1,3); a=3: (3,4,0), (3,4,1), (3,4,2);
    //   a=4: (4,3,2)
    List<int[]> t = List.of(new int[] {0, 2, 3}, new int[] {1, 2, 3}, new int[] {2, 0, 3},
        new int[] {2, 1, 3}, new int[] {3, 4, 0}, new int[] {3, 4, 1}, new int[] {3, 4, 2},
        new int[] {4, 3, 2});
    ObjectiveSpec tr = new ObjectiveSpec("triplet", "multi_similarity", Distance.COSINE, 0, 1,
        0.1, 2, 50, 0.5, 0.1, 5.73, 64, 0.01, 1, 0.5);
    double[][] gt = r.zeroGrad();
    double wt = TripletObjectiveTest.reference(r, Distance.COSINE, 0.1, t, gt);
    Function<NDArray, NDArray> ft = Ref.objective(tr, labels, groups);
    assertEquals(wt, Ref.value(ft, x), 1e-12);
    Ref.assertClose(gt, Ref.autograd(ft, x), 1e-10, 1e-8);
    Ref.assertFiniteDifferences(ft, x);
    // tuplet_ipv (scale 8 to keep the terms moderate)
    ObjectiveSpec tu = new ObjectiveSpec("tuplet_ipv", "multi_similarity", Distance.COSINE, 0, 1,
        0.1, 2, 50, 0.5, 0.1, 5.73, 8, 0.01, 1, 0.5);
    double[][] gu = r.zeroGrad();
    double wu = TupletIpvObjectiveTest.tuplet(r, 5.73, 8, pos, neg, 1, gu)
        + 0.5 * TupletIpvObjectiveTest.ipv(r, 0.01, pos, neg, 0.5, gu);
    Function<NDArray, NDArray> fu = Ref.objective(tu, labels, groups);
    assertEquals(wu, Ref.value(fu, x), 1e-12);
    Ref.assertClose(gu, Ref.autograd(fu, x), 1e-9, 1e-7);
  }

  @Test
  void lpMinerFeedsTheLoss() {
    // LP, ε = 0.2: the pairs of MultiSimilarityMinerTest.distanceFlipsTheInequalities
    double[][] x = MultiSimilarityMinerTest.circle(MultiSimilarityMinerTest.ANGLES);
    int[] labels = MultiSimilarityMinerTest.LABELS;
    List<int[]> pos = List.of(new int[] {0, 2}, new int[] {1, 2}, new int[] {2, 0},
        new int[] {2, 1}, new int[] {3, 4}, new int[] {4, 3});
    List<int[]> neg = List.of(new int[] {0, 3}, new int[] {1, 3}, new int[] {2, 3},
        new int[] {2, 4}, new int[] {3, 0}, new int[] {3, 1}, new int[] {3, 2}, new int[] {4, 2});
    ObjectiveSpec spec = new ObjectiveSpec("multi_similarity", "multi_similarity", Distance.LP, 0,
        1, 0.2, 2, 50, 0.5, 0.2, 5.73, 64, 0.01, 1, 0.5);
    Ref r = new Ref(x);
    double[][] g = r.zeroGrad();
    double want = MultiSimilarityObjectiveTest.reference(r, Distance.LP, 2, 50, 0.5, pos, neg, 5,
        g);
    Function<NDArray, NDArray> f = Ref.objective(spec, labels, List.of(Ref.range(5)));
    assertEquals(want, Ref.value(f, x), 1e-12);
    Ref.assertClose(g, Ref.autograd(f, x), 1e-10, 1e-8);
  }

  @Test
  void theMinerCanCompareWithItsOwnDistance() {
    // ε = 0.15 on the circle of MultiSimilarityMinerTest: the negative (2,4) has s = 0, d = 1.414.
    // Anchor 2's smallest positive similarity is .174: 0 + .15 > .174 is false, a cosine miner
    // drops it. Its largest positive distance is 1.286: 1.414 − .15 = 1.264 < 1.286, an LP miner
    // keeps it. Every other pair is mined alike by both.
    double[][] x = MultiSimilarityMinerTest.circle(MultiSimilarityMinerTest.ANGLES);
    int[] labels = MultiSimilarityMinerTest.LABELS;
    List<int[]> pos = List.of(new int[] {0, 2}, new int[] {1, 2}, new int[] {2, 0},
        new int[] {2, 1}, new int[] {3, 4}, new int[] {4, 3});
    List<int[]> negCos = List.of(new int[] {0, 3}, new int[] {1, 3}, new int[] {2, 3},
        new int[] {3, 0}, new int[] {3, 1}, new int[] {3, 2}, new int[] {4, 2});
    List<int[]> negLp = new java.util.ArrayList<>(negCos);
    negLp.add(new int[] {2, 4});
    ObjectiveSpec lpMiner = new ObjectiveSpec("multi_similarity", "multi_similarity", Distance.LP,
        0, 1, 0.1, 2, 50, 0.5, 0.15, 5.73, 64, 0.01, 1, 0.5);
    ObjectiveSpec cosMiner = lpMiner.withMinerDistance(Distance.COSINE);
    assertEquals(Distance.LP, lpMiner.minerDistance());
    for (boolean cosine : new boolean[] {false, true}) {
      Ref r = new Ref(x);
      double[][] g = r.zeroGrad();
      double want = MultiSimilarityObjectiveTest.reference(r, Distance.LP, 2, 50, 0.5, pos,
          cosine ? negCos : negLp, 5, g);
      Function<NDArray, NDArray> f = Ref.objective(cosine ? cosMiner : lpMiner, labels,
          List.of(Ref.range(5)));
      assertEquals(want, Ref.value(f, x), 1e-12, cosine ? "cosine miner" : "lp miner");
      Ref.assertClose(g, Ref.autograd(f, x), 1e-10, 1e-8);
    }
  }

  @Test
  void minerDroppingEverythingIsEmpty() {
    // group {0, 1, 3} with ε = 0.1 keeps nothing (see theMinerRunsPerGroup)
    double[][] x = MultiSimilarityMinerTest.circle(MultiSimilarityMinerTest.ANGLES);
    for (String loss : ObjectiveSpec.LOSSES) {
      ObjectiveSpec spec = Ref.spec(loss, "multi_similarity", Distance.COSINE);
      assertTrue(Ref.value(spec, x, MultiSimilarityMinerTest.LABELS,
          List.of(new int[] {0, 1, 3})).isEmpty(), loss);
    }
  }

  @Test
  void everyCombinationRunsInFloat32OnABiggerBatch() {
    // 48 rows, 8 identities, 4 overlapping groups: finite float32 scalars with a gradient
    int m = 48;
    Random rnd = new Random(5);
    float[] data = new float[m * 16];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rnd.nextGaussian();
    }
    int[] labels = new int[m];
    for (int i = 0; i < m; i++) {
      labels[i] = i % 8;
    }
    List<int[]> groups = List.of(Ref.range(30), Arrays.stream(Ref.range(28)).map(i -> i + 20)
        .toArray(), new int[] {1, 9, 17, 2, 10}, new int[] {47});
    for (String loss : ObjectiveSpec.LOSSES) {
      for (String miner : ObjectiveSpec.MINERS) {
        for (Distance dist : Distance.values()) {
          if (loss.equals("tuplet_ipv") && dist == Distance.LP) {
            continue;
          }
          Objective o = Objective.create(Ref.spec(loss, miner, dist));
          try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray e = mgr.create(data, new ai.djl.ndarray.types.Shape(m, 16));
            e.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector gc =
                ai.djl.engine.Engine.getInstance().newGradientCollector()) {
              NDArray l = o.compute(e, labels, groups).orElseThrow();
              assertEquals(DataType.FLOAT32, l.getDataType());
              assertTrue(Float.isFinite(l.getFloat()), loss + "/" + miner + "/" + dist);
              gc.backward(l);
            }
            for (float v : e.getGradient().toFloatArray()) {
              assertTrue(Float.isFinite(v), loss + "/" + miner + "/" + dist);
            }
          }
        }
      }
    }
  }

  @Test
  void badInputsAndParametersAreNamed() {
    Objective o = Objective.create(Ref.spec("contrastive", "none", Distance.LP));
    try (NDManager mgr = NDManager.newBaseManager()) {
      NDArray e = mgr.create(X);
      IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
          () -> o.compute(e, new int[] {0, 1}, List.of(Ref.range(2))));
      assertTrue(a.getMessage().contains("2 labels for 5"), a.getMessage());
      IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
          () -> o.compute(e, new int[5], List.of(new int[] {0, 7})));
      assertTrue(b.getMessage().contains("row 7"), b.getMessage());
    }
    assertKey("finetune.ms_alpha", new ObjectiveSpec("multi_similarity", "none", Distance.COSINE,
        0, 1, 0.1, 0, 50, 0.5, 0.1, 5.73, 64, 0.01, 1, 0.5));
    assertKey("finetune.ms_beta", new ObjectiveSpec("multi_similarity", "none", Distance.COSINE,
        0, 1, 0.1, 2, -1, 0.5, 0.1, 5.73, 64, 0.01, 1, 0.5));
    assertKey("finetune.triplet_margin", new ObjectiveSpec("triplet", "none", Distance.LP, 0, 1,
        Double.NaN, 2, 50, 0.5, 0.1, 5.73, 64, 0.01, 1, 0.5));
    assertKey("finetune.miner_epsilon", new ObjectiveSpec("triplet", "multi_similarity",
        Distance.LP, 0, 1, 0.1, 2, 50, 0.5, Double.POSITIVE_INFINITY, 5.73, 64, 0.01, 1, 0.5));
    assertKey("finetune.tuplet_scale", new ObjectiveSpec("tuplet_ipv", "none", Distance.COSINE, 0,
        1, 0.1, 2, 50, 0.5, 0.1, 5.73, 0, 0.01, 1, 0.5));
    assertKey("finetune.ipv_weight", new ObjectiveSpec("tuplet_ipv", "none", Distance.COSINE, 0,
        1, 0.1, 2, 50, 0.5, 0.1, 5.73, 64, 0.01, 1, -0.5));
    assertKey("finetune.pos_margin", new ObjectiveSpec("contrastive", "none", Distance.LP,
        Double.NaN, 1, 0.1, 2, 50, 0.5, 0.1, 5.73, 64, 0.01, 1, 0.5));
  }

  private static void assertKey(String key, ObjectiveSpec spec) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Objective.create(spec));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
