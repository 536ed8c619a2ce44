package org.comicreid.learning.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartsTest {

  static final float[] F = {1f, 0f};
  static final float[] B = {0f, 1f};

  @Test
  void autoFollowsThePretrainVariant() {
    assertEquals(Parts.FACE, Parts.resolve("auto", "face"));
    assertEquals(Parts.BODY, Parts.resolve("auto", "body"));
    assertEquals(Parts.BOTH, Parts.resolve("auto", "aligned"));
    assertEquals(Parts.BOTH, Parts.resolve("auto", "unaligned"));
    assertEquals(Parts.BOTH, Parts.resolve("auto", null));
    assertEquals(Parts.FACE, Parts.resolve("face", "body"));
    assertEquals(Parts.BOTH, Parts.resolve("both", "face"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Parts.resolve("faces", "aligned"));
    assertTrue(e.getMessage().contains("finetune.parts") && e.getMessage().contains("faces"));
  }

  @Test
  void faceOnlyDropsFacelessInstancesAndHidesBodies() {
    FineTuneData.Instance both = new FineTuneData.Instance(F, B, 1, "S");
    FineTuneData.Instance face = new FineTuneData.Instance(F, null, 2, "S");
    FineTuneData.Instance body = new FineTuneData.Instance(null, B, 3, "S");
    FineTuneData.Instance f = Parts.FACE.apply(both);
    assertSame(F, f.face());
    assertNull(f.body());
    assertEquals(1, f.identity());
    assertSame(face, Parts.FACE.apply(face));
    assertNull(Parts.FACE.apply(body));
    FineTuneData.Instance b = Parts.BODY.apply(both);
    assertNull(b.face());
    assertSame(B, b.body());
    assertNull(Parts.BODY.apply(face));
    assertSame(both, Parts.BOTH.apply(both));
  }

  @Test
  void restrictRenumbersGroupsAndDropsThoseThatCannotPair() {
    FineTuneData data = new FineTuneData(2, List.of(
        new FineTuneData.Instance(F, B, 1, "S"),     // 0 -> 0
        new FineTuneData.Instance(null, B, 1, "S"),  // 1 dropped
        new FineTuneData.Instance(F, null, 2, "S"),  // 2 -> 1
        new FineTuneData.Instance(null, B, 3, "T"),  // 3 dropped
        new FineTuneData.Instance(F, B, 3, "T")),    // 4 -> 2
        List.of(new MiningGroup("S", new int[] {0, 1, 2}), new MiningGroup("T", new int[] {3, 4})));
    FineTuneData r = Parts.FACE.restrict(data);
    assertEquals(3, r.instances().size());
    assertTrue(r.instances().stream().allMatch(x -> x.face() != null && x.body() == null));
    assertEquals(List.of(1, 2, 3), r.instances().stream().map(FineTuneData.Instance::identity).toList());
    assertEquals(1, r.groups().size(), "group T is left with one instance");
    assertEquals("S", r.groups().get(0).series());
    assertArrayEquals(new int[] {0, 1}, r.groups().get(0).instanceIndexes());
    assertEquals(5, Parts.BOTH.restrict(data).instances().size());
  }
}
