package org.comicreid.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlflowLimitsTest {

  @Test
  void chunksCoverEverythingInOrderWithinTheLimit() {
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      items.add(i);
    }
    List<List<Integer>> c = MlflowLimits.chunks(items, 1000);
    assertEquals(List.of(1000, 1000, 500), c.stream().map(List::size).toList());
    assertEquals(items, c.stream().flatMap(List::stream).toList());
    assertEquals(List.of(), MlflowLimits.chunks(List.of(), 100));
  }

  @Test
  void longValuesAreSplitAndShortOnesKept() {
    Map<String, String> in = new LinkedHashMap<>();
    in.put("short", "x");
    in.put("exact", "y".repeat(6000));
    in.put("long", "z".repeat(6001));
    in.put("empty", "");
    Map<String, String> out = MlflowLimits.fitParams(in);
    assertEquals(List.of("short", "exact", "long", "long.part2", "empty"), new ArrayList<>(out.keySet()));
    assertEquals(6000, out.get("long").length());
    assertEquals("z", out.get("long.part2"));
    assertEquals("", out.get("empty"));
  }

  @Test
  void surrogatePairsAreNotCut() {
    String v = "a".repeat(5999) + "\uD83D\uDE00" + "b";
    Map<String, String> out = MlflowLimits.fitParams(Map.of("k", v));
    assertEquals(5999, out.get("k").length());
    assertEquals("\uD83D\uDE00b", out.get("k.part2"));
  }

  @Test
  void longKeysAreCutWithADistinguishingHash() {
    String a = "k".repeat(300) + "a";
    String b = "k".repeat(300) + "b";
    assertEquals(250, MlflowLimits.fitKey(a).length());
    assertNotEquals(MlflowLimits.fitKey(a), MlflowLimits.fitKey(b));
    assertEquals("short", MlflowLimits.fitKey("short"));
    assertTrue(MlflowLimits.fitTags(Map.of("t", "v".repeat(9000))).get("t").length() == 8000);
  }
}
