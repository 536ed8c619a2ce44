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
  void theDatasetContentChangesEveryKeyAndAStagesCodeVersionOnlyItsDownstream() {
    PipelineSpec base = spec("p").withCacheIdentity("content-1", Map.of());
    Map<Stage, String> a = base.stageKeys();
    Map<Stage, String> otherData = base.withCacheIdentity("content-2", Map.of()).stageKeys();
    for (Stage s : Stage.values()) {
      assertNotEquals(a.get(s), otherData.get(s), s.key());
    }
    Map<Stage, String> newPretrainCode =
        base.withCacheIdentity("content-1", Map.of(Stage.PRETRAIN, "code-2")).stageKeys();
    java.util.Set<Stage> changed = java.util.EnumSet.noneOf(Stage.class);
    for (Stage s : Stage.values()) {
      if (!a.get(s).equals(newPretrainCode.get(s))) {
        changed.add(s);
      }
    }
    assertEquals(java.util.EnumSet.of(Stage.PRETRAIN, Stage.FINE_TUNE, Stage.SELECT_THRESHOLD,
        Stage.CLUSTER, Stage.EVALUATE), changed);
  }

  @Test
  void downstreamFollowsTheDataEdgesAndForcingCoversThem() {
    assertEquals(java.util.EnumSet.of(Stage.META_MINE, Stage.FINE_TUNE, Stage.SELECT_THRESHOLD,
        Stage.CLUSTER, Stage.EVALUATE), StageGraph.downstreamOf(Stage.LINK_SEQUENCES));
    assertEquals(java.util.EnumSet.of(Stage.SELECT_THRESHOLD, Stage.CLUSTER, Stage.EVALUATE),
        StageGraph.downstreamOf(Stage.FINE_TUNE));
    assertEquals(java.util.Set.of(), StageGraph.downstreamOf(Stage.EVALUATE));
    PipelineSpec forced = spec("p").withForced(java.util.Set.of(Stage.PRETRAIN));
    for (Stage s : Stage.values()) {
      boolean expected = s == Stage.PRETRAIN || StageGraph.downstreamOf(Stage.PRETRAIN).contains(s);
      assertEquals(expected, forced.isForced(s), s.key());
    }
    assertEquals(false, forced.isForced(Stage.LINK_SEQUENCES));
    // forcing reruns under the same keys: the cache is replaced, not forked
    assertEquals(spec("p").stageKeys(), forced.stageKeys());
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
