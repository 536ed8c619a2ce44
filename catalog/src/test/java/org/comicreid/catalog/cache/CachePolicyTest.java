package org.comicreid.catalog.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.comicreid.catalog.cache.ArtifactEntry.Kind;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.core.pipeline.StageUse;
import org.junit.jupiter.api.Test;

/** The gc policy on hand-made inventories (no database, no files). */
class CachePolicyTest {

  private static final Path ROOT = Path.of("/data/artifacts");
  private static final Instant T1 = Instant.parse("2026-01-01T01:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-01T02:00:00Z");
  private static final Instant T3 = Instant.parse("2026-01-01T03:00:00Z");

  private final List<StageRecord> records = new ArrayList<>();
  private final List<StageUse> uses = new ArrayList<>();
  private final List<ArtifactEntry> disk = new ArrayList<>();

  /** A key whose first 16 hex are {@code c} repeated. */
  private static String key(char c) {
    return String.valueOf(c).repeat(64);
  }

  private StageRecord record(char c, StageStatus status, String... artifactPaths) {
    String k = key(c);
    Path dir = ROOT.resolve("exp").resolve(Stage.PAIR.key()).resolve(k.substring(0, 16));
    List<String> paths = artifactPaths.length > 0 ? List.of(artifactPaths)
        : List.of(dir.resolve("pairs.json").toString());
    StageRecord r = new StageRecord(k, "exp", Stage.PAIR, status, "cfg", "wf", null, null, paths,
        null, T1, status == StageStatus.RUNNING ? null : T1, null);
    records.add(r);
    disk.add(new ArtifactEntry(dir, "exp", Stage.PAIR, k.substring(0, 16), Kind.OUTPUT, 100));
    return r;
  }

  private void use(char c, String workflow, Instant at) {
    uses.add(new StageUse(key(c), workflow, at, at));
  }

  private CachePolicy.GcPlan plan(Integer keepLast) {
    return CachePolicy.plan(CacheInventory.of(ROOT, records, uses, disk, 0, null), keepLast);
  }

  private static List<Character> deleted(CachePolicy.GcPlan p) {
    return p.records().stream().map(e -> e.record().stageKey().charAt(0)).sorted().toList();
  }

  @Test
  void withoutKeepLastUnusedAndFailedGoButRunningAndUsedStay() {
    record('a', StageStatus.FINISHED); // unused
    record('b', StageStatus.FINISHED);
    use('b', "wf1", T1);
    record('c', StageStatus.FAILED);
    use('c', "wf1", T1); // a failed record goes even when used
    record('d', StageStatus.RUNNING); // unused but running
    record('e', StageStatus.FAILED); // unused and failed

    CachePolicy.GcPlan p = plan(null);
    assertEquals(List.of('a', 'c', 'e'), deleted(p));
    assertEquals(300, p.bytes());
    assertEquals(List.of(), p.keptPipelines());
  }

  @Test
  void keepLastKeepsExactlyWhatTheNMostRecentPipelinesUsed() {
    record('a', StageStatus.FINISHED);
    use('a', "wf1", T1);
    record('b', StageStatus.FINISHED);
    use('b', "wf2", T2);
    record('c', StageStatus.FINISHED);
    use('c', "wf3", T3);
    record('d', StageStatus.FINISHED); // shared upstream output
    use('d', "wf1", T1);
    use('d', "wf3", T3);

    assertEquals(List.of('a'), deleted(plan(2)));
    assertEquals(List.of("wf3", "wf2"), plan(2).keptPipelines());
    assertEquals(List.of('a', 'b'), deleted(plan(1)));
    assertEquals(List.of(), deleted(plan(3)));
    assertEquals(List.of(), deleted(plan(4)));
    assertEquals(List.of('a', 'b', 'c', 'd'), deleted(plan(0)));
  }

  @Test
  void aPipelineRanksByItsLatestUseAndTiesGoByWorkflowId() {
    record('a', StageStatus.FINISHED);
    use('a', "wf-old", T1);
    use('a', "wf-z", T2);
    record('b', StageStatus.FINISHED);
    use('b', "wf-old", T3); // wf-old's latest use is the most recent of all
    use('b', "wf-y", T2);

    assertEquals(List.of("wf-old"), plan(1).keptPipelines());
    assertEquals(List.of("wf-old", "wf-y"), plan(2).keptPipelines()); // wf-y before wf-z at T2
  }

  @Test
  void runningIsNeverDeletedAndAFailedRecordOfAKeptPipelineStays() {
    record('a', StageStatus.RUNNING);
    record('b', StageStatus.FAILED);
    use('b', "wf1", T2);
    record('c', StageStatus.FAILED);
    use('c', "wf0", T1);

    assertEquals(List.of('c'), deleted(plan(1)));
    assertEquals(List.of('b', 'c'), deleted(plan(0)));
  }

  @Test
  void aRecordWithPathsOutsideTheRootIsRefusedNamingThePath() {
    record('a', StageStatus.FINISHED, "/elsewhere/artifacts/exp/pair/aaaa/pairs.json");
    record('b', StageStatus.FINISHED, "../outside.json");
    record('c', StageStatus.FINISHED, "exp/pair/cccccccccccccccc/relative-inside.json");

    CachePolicy.GcPlan p = plan(null);
    assertEquals(List.of('c'), deleted(p));
    assertEquals(2, p.refused().size());
    assertEquals("/elsewhere/artifacts/exp/pair/aaaa/pairs.json is outside paths.artifacts "
        + ROOT, p.refused().get(0).reason());
    assertTrue(p.refused().get(1).reason().startsWith("../outside.json is outside"),
        p.refused().get(1).reason());
  }

  @Test
  void orphansAreEntriesNoRecordOfTheirExperimentAndStageOwns() {
    StageRecord a = record('a', StageStatus.FINISHED);
    use('a', "wf1", T1);
    String a16 = a.stageKey().substring(0, 16);
    Path pairDir = ROOT.resolve("exp").resolve("pair");
    // siblings of a kept finished record: leftovers
    disk.add(new ArtifactEntry(pairDir.resolve(a16 + ".partial-x"), "exp", Stage.PAIR, a16,
        Kind.STAGING, 7));
    // the same short key under another experiment or stage is not a's
    disk.add(new ArtifactEntry(ROOT.resolve("other/pair/" + a16), "other", Stage.PAIR, a16,
        Kind.OUTPUT, 5));
    disk.add(new ArtifactEntry(ROOT.resolve("exp/detect/" + a16), "exp", Stage.DETECT, a16,
        Kind.OUTPUT, 5));
    disk.add(new ArtifactEntry(pairDir.resolve("gc-trash-1-" + a16), "exp", Stage.PAIR,
        "gc-trash-1-" + a16, Kind.OTHER, 3));

    CacheInventory inv = CacheInventory.of(ROOT, records, uses, disk, 0, null);
    assertEquals(1, inv.records().size());
    assertEquals(107, inv.records().get(0).bytes());
    assertEquals(3, inv.orphans().size());
    assertEquals(13, inv.orphanBytes());
    assertEquals(1, CacheInventory.of(ROOT, records, uses, disk, 0, "other").orphans().size());

    CachePolicy.GcPlan p = CachePolicy.plan(inv, null);
    assertEquals(List.of(), deleted(p));
    assertEquals(inv.orphans(), p.orphans());
    assertEquals(List.of(pairDir.resolve(a16 + ".partial-x")),
        p.leftovers().stream().map(ArtifactEntry::path).toList());
    assertEquals(20, p.bytes());
  }

  @Test
  void entryNamesSayTheirOwnerAndKind() {
    assertEquals("0123456789abcdef", ArtifactEntry.ownerOf("0123456789abcdef.checkpoints"));
    assertEquals(Kind.CHECKPOINTS, ArtifactEntry.kindOf("0123456789abcdef.checkpoints-imagenet"));
    assertEquals(Kind.STAGING, ArtifactEntry.kindOf("0123456789abcdef.partial-1234"));
    assertEquals(Kind.OUTPUT, ArtifactEntry.kindOf("0123456789abcdef"));
    assertEquals("gc-trash-1-0123456789abcdef",
        ArtifactEntry.ownerOf("gc-trash-1-0123456789abcdef"));
    assertEquals(Kind.OTHER, ArtifactEntry.kindOf("0123456789abcdef.notes"));
  }

  @Test
  void aNegativeKeepLastIsAnInputError() {
    ReidInputException e = assertThrows(ReidInputException.class, () -> plan(-1));
    assertTrue(e.getMessage().startsWith("--keep-last:"), e.getMessage());
  }

  @Test
  void humanSizes() {
    assertEquals("0 B", ArtifactFiles.human(0));
    assertEquals("1023 B", ArtifactFiles.human(1023));
    assertEquals("1.0 KiB", ArtifactFiles.human(1024));
    assertEquals("1.5 MiB", ArtifactFiles.human(1024 * 1024 * 3 / 2));
  }
}
