package org.comicreid.core.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceClusteringTest {
  static final double EPS = 1e-12;

  @Test
  void ariKnownValues() {
    assertEquals(1.0, PartitionScores.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0}), EPS);
    // contingency: sum C(nij,2) = 1; rows 2,2 -> 2; cols 2,1,1 -> 1; E = 2*1/6 = 1/3; max = 1.5
    // ARI = (1 - 1/3) / (1.5 - 1/3) = 4/7 (scikit-learn docs: 0.57)
    assertEquals(4.0 / 7, PartitionScores.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}), EPS);
    assertEquals(4.0 / 7, PartitionScores.adjustedRandIndex(new int[] {0, 0, 1, 2}, new int[] {0, 0, 1, 1}), EPS);
    // crossing: index 0, E = 2*2/6, max 2 -> (0 - 2/3) / (2 - 2/3) = -1/2
    assertEquals(-0.5, PartitionScores.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), EPS);
    // one cluster vs all singletons: 0
    assertEquals(0.0, PartitionScores.adjustedRandIndex(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3}), EPS);
  }

  @Test
  void ariEdgeCases() {
    assertEquals(1.0, PartitionScores.adjustedRandIndex(new int[0], new int[0]));
    assertEquals(1.0, PartitionScores.adjustedRandIndex(new int[] {3}, new int[] {7}));
    assertEquals(1.0, PartitionScores.adjustedRandIndex(new int[] {0, 1, 2}, new int[] {5, 4, 3}));
    assertEquals(1.0, PartitionScores.adjustedRandIndex(new int[] {0, 0, 0}, new int[] {2, 2, 2}));
  }

  @Test
  void purityValues() {
    // cluster 0 {0,0,1} -> 2, cluster 1 {1,1} -> 2: 4/5
    assertEquals(0.8, PartitionScores.purity(new int[] {0, 0, 0, 1, 1}, new int[] {0, 0, 1, 1, 1}), EPS);
    assertEquals(0.5, PartitionScores.purity(new int[] {0, 0, 0, 0}, new int[] {0, 0, 1, 2}), EPS);
    assertEquals(1.0, PartitionScores.purity(new int[] {0, 1, 2, 3}, new int[] {0, 0, 1, 2}), EPS);
    assertTrue(Double.isNaN(PartitionScores.purity(new int[0], new int[0])));
  }

  @Test
  void perSequenceClusteringRespectsBoundariesAndAveragesUnweighted() {
    // A: 0, 0.1, 5 -> {0,0.1} {5}; B: 0.05, 10, 10.2 -> {0.05} {10,10.2}. Pooled, 0.05 would join
    // A's first cluster. C: 0, 0.5 with different true labels merges -> ARI 0, purity 0.5.
    List<SequenceClustering.Sequence> seqs = List.of(
        new SequenceClustering.Sequence("A", new float[] {0, 0.1f, 5}, 1, new int[] {4, 4, 9}),
        new SequenceClustering.Sequence("B", new float[] {0.05f, 10, 10.2f}, 1, new int[] {0, 1, 1}),
        new SequenceClustering.Sequence("C", new float[] {0, 0.5f}, 1, new int[] {0, 1}),
        new SequenceClustering.Sequence("D", new float[] {0, 9}, 1, null));
    SequenceClustering.Result r = SequenceClustering.cluster(seqs, 1.0, Linkage.AVERAGE);
    assertArrayEquals(new int[] {0, 0, 1}, r.sequences().get(0).clustering().labels());
    assertArrayEquals(new int[] {0, 1, 1}, r.sequences().get(1).clustering().labels());
    assertArrayEquals(new int[] {0, 0}, r.sequences().get(2).clustering().labels());
    assertEquals(2, r.sequences().get(3).clustering().clusterCount());
    assertEquals(1.0, r.sequences().get(0).ari(), EPS);
    assertEquals(0.0, r.sequences().get(2).ari(), EPS);
    assertEquals(0.5, r.sequences().get(2).purity(), EPS);
    assertTrue(Double.isNaN(r.sequences().get(3).ari()));
    assertEquals(3, r.scored());
    assertEquals(2.0 / 3, r.meanAri(), EPS);
    assertEquals(2.5 / 3, r.meanPurity(), EPS);
  }
}
