package org.comicreid.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.metrics.ReferenceRetrievalEngine;
import org.comicreid.core.metrics.RetrievalMetrics;
import org.comicreid.core.mining.IdentityClique;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  static final double EPS = 1e-9;

  static LocalEvaluation.Group group(String id, float[] x, int... labels) {
    return new LocalEvaluation.Group(id, Embeddings.of(x, 1, labels));
  }

  @Test
  void localSkipsSmallDropsNaNAndAveragesGroupsUnweighted() {
    // G1: separated classes -> every metric 1.
    // G2: x 0(A) 1(B) 2(A) 3(B) 100(C, lone). Ranks of the first hit (R = 1 each):
    //   q0 -> q1 B, q2 A: 2; q1 -> q0, q2 (tie, index order) A A, q3 B: 3; q2 -> q1, q3 B B, q0: 3;
    //   q3 -> q2 A, q1 B: 2. P@1 = R-P = MAP@R = 0, MAP = MRR = (1/2+1/3+1/3+1/2)/4 = 5/12.
    // G3: all labels distinct -> NaN -> dropped. G4: 3 rows -> skipped.
    // Unweighted mean of G1, G2: MAP = MRR = (1 + 5/12)/2 = 17/24, P@1 = R-P = MAP@R = 1/2
    // (weighting by queries would give 5/9 for P@1).
    List<LocalEvaluation.Group> groups = List.of(
        group("G1", new float[] {0, 1, 2, 10, 11}, 0, 0, 0, 1, 1),
        group("G2", new float[] {0, 1, 2, 3, 100}, 0, 1, 0, 1, 2),
        group("G3", new float[] {0, 1, 2, 3, 4}, 0, 1, 2, 3, 4),
        group("G4", new float[] {0, 1, 2}, 0, 0, 1));
    for (boolean avg : new boolean[] {false, true}) {
      LocalEvaluation.Result r = LocalEvaluation.evaluate(groups, 5, avg, new ReferenceRetrievalEngine());
      assertEquals(2, r.counted());
      assertEquals(1, r.skippedSmall());
      assertEquals(1, r.droppedNaN());
      assertEquals(17.0 / 24, r.map(), EPS);
      assertEquals(17.0 / 24, r.mrr(), EPS);
      assertEquals(0.5, r.pAt1(), EPS);
      assertEquals(0.5, r.rPrecision(), EPS);
      assertEquals(0.5, r.mapAtR(), EPS);
      assertEquals("G2", r.groups().get(1).id());
    }
    // with minGroupSize 3, G4 (x 0 1 2, labels 0 0 1) counts: q0 -> q1 hit (1), q1 -> q0 hit (1),
    // q2 lone. Its metrics are all 1, so P@1 = (1 + 0 + 1)/3.
    LocalEvaluation.Result r3 = LocalEvaluation.evaluate(groups, 3, false, new ReferenceRetrievalEngine());
    assertEquals(3, r3.counted());
    assertEquals(0, r3.skippedSmall());
    assertEquals(2.0 / 3, r3.pAt1(), EPS);
  }

  static List<GlobalQuerySet.Series> series() {
    // s1: identities 0 (rows 0-3), 1 (rows 4,5), 2 (row 6), 3 (row 7); cliques c0 {0,1} (6 rows) and
    // c1 {1,2,3} (4 rows): the larger total wins although c1 has more members.
    // s2: identities 10 (rows 8,9), 11 (row 10), 12 (rows 11,12); cliques c3 {11,12} and c2 {10,11}
    // tie at 3 rows: the lower id c2 wins; 11 has one row -> reference only. s3: no cliques.
    return List.of(
        new GlobalQuerySet.Series("s1",
            List.of(new IdentityClique(0, "s1", new int[] {0, 1}, 0), new IdentityClique(1, "s1", new int[] {1, 2, 3}, 99)),
            Map.of(0, List.of(0, 1, 2, 3), 1, List.of(4, 5), 2, List.of(6), 3, List.of(7))),
        new GlobalQuerySet.Series("s2",
            List.of(new IdentityClique(3, "s2", new int[] {11, 12}, 0), new IdentityClique(2, "s2", new int[] {11, 10}, 0)),
            Map.of(10, List.of(8, 9), 11, List.of(10), 12, List.of(11, 12))),
        new GlobalQuerySet.Series("s3", List.of(), Map.of(20, List.of(13))));
  }

  @Test
  void globalQuerySetFollowsF3() {
    GlobalQuerySet q = GlobalQuerySet.build(series());
    assertArrayEquals(new int[] {0, 4, 8}, q.queryRows());
    assertArrayEquals(new int[] {0, 1, 10}, q.queryLabels());
    assertArrayEquals(new int[] {1, 2, 3, 5, 9, 10}, q.referenceRows());
    assertArrayEquals(new int[] {0, 0, 0, 1, 10, 11}, q.referenceLabels());
    assertEquals(List.of(new GlobalQuerySet.Chosen("s1", 0, 6), new GlobalQuerySet.Chosen("s2", 2, 3)), q.chosen());
  }

  @Test
  void globalEvaluationOnSeparateSets() {
    // queries: r0 x=0 (id 0), r4 x=10 (id 1), r8 x=20 (id 10); references r1 1, r2 11.5, r3 30 (id 0),
    // r5 12 (id 1), r9 21 (id 10), r10 20.5 (id 11). Unused rows sit at ~0 and must not interfere.
    // q0: r1 ok, r2 ok, r5, r10, r9, r3 ok; R=3 -> P@1 1, R-P 2/3, MAP@R 2/3, MAP (1+1+3/6)/3 = 5/6
    // q4: r2, r5 ok; R=1 -> MAP 1/2, MRR 1/2, others 0. q8: r10, r9 ok -> the same.
    float[] x = {0, 1, 11.5f, 30, 10, 12, 0.01f, 0.02f, 20, 21, 20.5f, 0.03f, 0.04f, 0.05f};
    Embeddings all = new Embeddings(
        java.util.stream.IntStream.range(0, x.length).mapToObj(i -> "i" + i).toArray(String[]::new),
        null, List.of(), x, 1);
    RetrievalMetrics m = GlobalEvaluation.evaluate(all, series(), false, new ReferenceRetrievalEngine());
    assertEquals(1.0 / 3, m.pAt1(), EPS);
    assertEquals(2.0 / 9, m.rPrecision(), EPS);
    assertEquals(2.0 / 9, m.mapAtR(), EPS);
    assertEquals(11.0 / 18, m.map(), EPS);
    assertEquals(2.0 / 3, m.mrr(), EPS);
    assertEquals(3, m.queriesUsed());
    assertEquals("i8", GlobalQuerySet.build(series()).queries(all).ids()[2]);
  }
}
