package org.comicreid.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageKeysTest {

  @Test
  void keyIsStableAndCoversEveryPart() {
    String k = StageKeys.of("exp", Stage.PAIR, "h1", List.of("a"), "ds");
    assertEquals(k, StageKeys.of("exp", Stage.PAIR, "h1", List.of("a"), "ds"));
    assertEquals(64, k.length());
    assertNotEquals(k, StageKeys.of("exp2", Stage.PAIR, "h1", List.of("a"), "ds"));
    assertNotEquals(k, StageKeys.of("exp", Stage.DETECT, "h1", List.of("a"), "ds"));
    assertNotEquals(k, StageKeys.of("exp", Stage.PAIR, "h2", List.of("a"), "ds"));
    assertNotEquals(k, StageKeys.of("exp", Stage.PAIR, "h1", List.of("b"), "ds"));
    assertNotEquals(k, StageKeys.of("exp", Stage.PAIR, "h1", List.of("a"), "ds2"));
    // length prefixes: moving a character between parts changes the key
    assertNotEquals(
        StageKeys.of("ab", Stage.PAIR, "c", List.of(), "d"),
        StageKeys.of("a", Stage.PAIR, "bc", List.of(), "d"));
  }

  @Test
  void aChangedUpstreamSliceChangesEveryDownstreamKeyOnly() {
    PipelineSpec base = spec("p");
    Map<Stage, String> hashes = new EnumMap<>(base.stageConfigHashes());
    hashes.put(Stage.META_MINE, "changed");
    PipelineSpec changed =
        new PipelineSpec("e", "c", "ds", "/a", TaskQueues.CPU, base.stageOptions(), hashes);
    Map<Stage, String> a = base.stageKeys();
    Map<Stage, String> b = changed.stageKeys();
    for (Stage s : Stage.values()) {
      boolean downstream = s.ordinal() >= Stage.META_MINE.ordinal();
      assertEquals(!downstream, a.get(s).equals(b.get(s)), s.key());
    }
  }

  @Test
  void specNeedsAllStagesAndNamesTheWorkflow() {
    PipelineSpec s = spec("p");
    assertEquals("e-c", s.workflowId());
    assertEquals("/a/e/pair/" + s.stageKeys().get(Stage.PAIR).substring(0, 16),
        s.artifactDir(Stage.PAIR, s.stageKeys().get(Stage.PAIR)));
    Map<Stage, String> partial = new EnumMap<>(s.stageConfigHashes());
    partial.remove(Stage.CLUSTER);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PipelineSpec("e", "c", "ds", "/a", "q", s.stageOptions(), partial));
    assertEquals("stageConfigHashes lacks stages cluster", e.getMessage());
  }

  static PipelineSpec spec(String hashPrefix) {
    Map<Stage, StageOptions> opts = new EnumMap<>(Stage.class);
    Map<Stage, String> hashes = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      opts.put(s, StageOptions.defaults(s));
      hashes.put(s, hashPrefix + s.key());
    }
    return new PipelineSpec("e", "c", "ds", "/a", TaskQueues.CPU, opts, hashes);
  }
}
