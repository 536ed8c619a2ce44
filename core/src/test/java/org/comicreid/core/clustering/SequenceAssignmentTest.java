package org.comicreid.core.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster stage's per-sequence assignment, on points placed by hand on a line: instances are
 * taken in ascending id whatever the input order, those without an embedding are left out, a
 * sequence left empty is dropped, and cluster numbers follow the lowest id.
 */
class SequenceAssignmentTest {

  private static float[] at(float x) {
    return new float[] {x, 0f};
  }

  @Test
  void clustersEachSequenceAloneInAscendingIdOrder() {
    // sequence a: ids 30, 10, 20 at 5.0, 0.0, 0.1 -> in id order 10 (0.0), 20 (0.1), 30 (5.0)
    // sequence b: 40 at 0.05 (would join 10/20 if sequences were pooled), 50 has no embedding
    // sequence c: only 60, which has no embedding -> dropped
    Map<Long, float[]> emb = Map.of(10L, at(0f), 20L, at(0.1f), 30L, at(5f), 40L, at(0.05f));
    List<SequenceAssignment.Members> in = List.of(
        new SequenceAssignment.Members("a", new long[] {30, 10, 20}, new String[] {"y", "x", "x"}),
        new SequenceAssignment.Members("b", new long[] {50, 40}, null),
        new SequenceAssignment.Members("c", new long[] {60}, new String[] {"z"}));
    SequenceAssignment.Outcome o = SequenceAssignment.assign(in, emb, 1.0, Linkage.AVERAGE);
    assertEquals(2, o.sequences().size());
    SequenceAssignment.Assigned a = o.sequences().get(0);
    assertEquals("a", a.id());
    assertArrayEquals(new long[] {10, 20, 30}, a.instanceIds());
    assertArrayEquals(new String[] {"x", "x", "y"}, a.labels());
    assertArrayEquals(new int[] {0, 0, 1}, a.result().clustering().labels());
    assertEquals(1.0, a.result().ari(), 1e-12);
    SequenceAssignment.Assigned b = o.sequences().get(1);
    assertArrayEquals(new long[] {40}, b.instanceIds());
    assertNull(b.labels());
    assertTrue(Double.isNaN(b.result().ari()));
    assertEquals(3, o.clusterCount());
    assertEquals(1, o.scores().scored());

    // negative control: a threshold above 5 merges all of a
    SequenceAssignment.Outcome wide = SequenceAssignment.assign(in, emb, 6.0, Linkage.AVERAGE);
    assertArrayEquals(new int[] {0, 0, 0}, wide.sequences().get(0).result().clustering().labels());
  }

  @Test
  void rejectsMismatchedLabelsAndEmbeddingSizes() {
    assertThrows(IllegalArgumentException.class,
        () -> new SequenceAssignment.Members("a", new long[] {1, 2}, new String[] {"x"}));
    Map<Long, float[]> emb = Map.of(1L, new float[] {0f}, 2L, new float[] {0f, 1f});
    assertThrows(IllegalArgumentException.class, () -> SequenceAssignment.assign(
        List.of(new SequenceAssignment.Members("a", new long[] {1, 2}, null)), emb, 1.0,
        Linkage.AVERAGE));
  }
}
