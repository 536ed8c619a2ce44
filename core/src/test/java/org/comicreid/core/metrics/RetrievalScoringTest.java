package org.comicreid.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Test vector A of FACTS.md (pytorch-metric-learning's test_calculate_accuracies.py). */
class RetrievalScoringTest {
  private static final double TOL = 1e-4;
  private static final int[] QUERY_LABELS = {1, 1, 2, 3, 4, 0};
  private static final int[][] KNN = {
    {0, 1, 1, 2, 2}, {1, 0, 1, 1, 3}, {4, 4, 4, 4, 2}, {3, 1, 3, 1, 3}, {0, 0, 4, 2, 2}, {1, 2, 3, 4, 5}
  };
  private static final Map<Integer, Integer> COUNTS = Map.of(0, 2, 1, 3, 2, 5, 3, 4, 4, 5);

  static void assertMetrics(RetrievalMetrics m, double p1, double rp, double mapR, double map, double mrr) {
    assertEquals(p1, m.pAt1(), TOL, "P@1");
    assertEquals(rp, m.rPrecision(), TOL, "R-precision");
    assertEquals(mapR, m.mapAtR(), TOL, "MAP@R");
    assertEquals(map, m.map(), TOL, "MAP");
    assertEquals(mrr, m.mrr(), TOL, "MRR");
  }

  @Test
  void queryNotInReference() {
    RetrievalMetrics m = RetrievalScoring.fromRankedLabels(QUERY_LABELS, KNN, COUNTS, false, false);
    assertMetrics(m, 0.33333, 0.37222, 0.24463, 0.31130, 0.50556);
    assertEquals(6, m.queriesUsed());
    assertEquals(0, m.loneQueries());
  }

  @Test
  void queryNotInReferenceAvgOfAvgs() {
    RetrievalMetrics m = RetrievalScoring.fromRankedLabels(QUERY_LABELS, KNN, COUNTS, false, true);
    assertMetrics(m, 0.3, 0.31333, 0.19911, 0.25411, 0.45667);
  }

  @Test
  void queryInReferenceWithFirstColumnDropped() {
    int[][] dropped = Arrays.stream(KNN).map(r -> Arrays.copyOfRange(r, 1, r.length)).toArray(int[][]::new);
    RetrievalMetrics m = RetrievalScoring.fromRankedLabels(QUERY_LABELS, dropped, COUNTS, true, false);
    assertMetrics(m, 0.16667, 0.38889, 0.26736, 0.35069, 0.45833);
  }

  @Test
  void loneQueriesAreLeftOutAndAllLoneIsNaN() {
    // Query label 7 has no reference: it must not drag the averages down.
    int[] labels = {1, 7};
    int[][] knn = {{1, 0}, {0, 1}};
    RetrievalMetrics m = RetrievalScoring.fromRankedLabels(labels, knn, Map.of(0, 1, 1, 1), false, false);
    assertMetrics(m, 1, 1, 1, 1, 1);
    assertEquals(1, m.queriesUsed());
    assertEquals(1, m.loneQueries());

    RetrievalMetrics none = RetrievalScoring.fromRankedLabels(new int[] {5}, new int[][] {{0}}, Map.of(0, 1), false, false);
    assertTrue(Double.isNaN(none.map()) && Double.isNaN(none.mapAtR()) && Double.isNaN(none.mrr())
        && Double.isNaN(none.pAt1()) && Double.isNaN(none.rPrecision()));
    assertEquals(0, none.queriesUsed());
  }
}
