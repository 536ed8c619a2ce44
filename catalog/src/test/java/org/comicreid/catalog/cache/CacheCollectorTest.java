package org.comicreid.catalog.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** gc on a real ledger (H2 and PostgreSQL) and real files under a temporary artifact root. */
class CacheCollectorTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  private Path root;
  private CatalogStageLedger ledger;

  private static String key(char c) {
    return String.valueOf(c).repeat(64);
  }

  /** A record of stage pair with {@code bytes} bytes in its output dir (and the file on disk). */
  private Path stage(char c, StageStatus status, int bytes) throws IOException {
    String k = key(c);
    Path dir = root.resolve("exp").resolve("pair").resolve(k.substring(0, 16));
    Files.createDirectories(dir);
    Files.write(dir.resolve("pairs.json"), new byte[bytes]);
    ledger.markStarted(new StageRecord(k, "exp", Stage.PAIR, StageStatus.RUNNING, "cfg", "wf",
        null, null, List.of(), null, null, null, null));
    if (status == StageStatus.FINISHED) {
      ledger.markFinished(k, "{}", List.of(dir.resolve("pairs.json").toString()), "{}");
    } else if (status == StageStatus.FAILED) {
      ledger.markFailed(k, "boom");
    }
    return dir;
  }

  private void setUp(DatabaseKind kind) {
    root = tmp.resolve("artifacts");
    ledger = new CatalogStageLedger(DBS.freshCatalog(kind));
  }

  private static List<Path> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.sorted().toList();
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void dryRunReportsAndDeletesNothingThenTheRealRunDeletesRowsAndFiles(DatabaseKind kind)
      throws IOException {
    setUp(kind);
    Path unused = stage('a', StageStatus.FINISHED, 1000);
    Files.createDirectories(unused.resolveSibling(unused.getFileName() + ".checkpoints"));
    Files.write(unused.resolveSibling(unused.getFileName() + ".checkpoints").resolve("s1.ckpt"),
        new byte[24]);
    Path used = stage('b', StageStatus.FINISHED, 10);
    ledger.recordUse(key('b'), "wf-b");
    Path running = stage('c', StageStatus.RUNNING, 20);
    Path failed = stage('d', StageStatus.FAILED, 30);
    Path orphan = root.resolve("gone-exp").resolve("cluster").resolve("0123456789abcdef");
    Files.createDirectories(orphan);
    Files.write(orphan.resolve("clusters.json"), new byte[5]);
    Path stray = root.resolve("gone-exp").resolve("notes.txt"); // not a stage dir: not gc's
    Files.writeString(stray, "mine");
    Path features = root.resolve("cache").resolve("features").resolve("x.bin");
    Files.createDirectories(features.getParent());
    Files.write(features, new byte[64]);

    CacheInventory inv = CacheInventory.load(ledger, root, null);
    assertEquals(64, inv.sharedCacheBytes());
    assertEquals(4, inv.records().size());
    assertEquals(1024, inv.records().get(0).bytes()); // output and checkpoints
    assertEquals(List.of(orphan), inv.orphans().stream().map(ArtifactEntry::path).toList());

    List<Path> before = tree(root);
    CacheCollector.Result dry =
        CacheCollector.collect(CachePolicy.plan(inv, null), root, ledger, true);
    assertEquals(1024 + 30 + 5, dry.bytes());
    assertEquals(3, dry.deleted().size());
    assertEquals(before, tree(root), "a dry run deletes nothing");
    assertEquals(4, ledger.listAll().size());

    CacheCollector.Result real = CacheCollector.collect(
        CachePolicy.plan(CacheInventory.load(ledger, root, null), null), root, ledger, false);
    assertEquals(1024 + 30 + 5, real.bytes());
    assertEquals(List.of(), real.errors());
    assertEquals(List.of(key('b'), key('c')),
        ledger.listAll().stream().map(StageRecord::stageKey).sorted().toList());
    assertFalse(Files.exists(unused));
    assertFalse(Files.exists(unused.resolveSibling(unused.getFileName() + ".checkpoints")));
    assertFalse(Files.exists(failed));
    assertFalse(Files.exists(orphan.getParent()), "an emptied stage dir goes too");
    assertTrue(Files.exists(stray), "files outside stage dirs stay");
    assertTrue(Files.exists(used.resolve("pairs.json")));
    assertTrue(Files.exists(running.resolve("pairs.json")));
    assertTrue(Files.exists(features), "the shared feature cache stays");
    try (Stream<Path> s = Files.list(used.getParent())) {
      assertEquals(List.of(used, running), s.sorted().toList(), "no trash left behind");
    }
    assertEquals(1, ledger.listUses().size());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void aRecordUsedAfterThePlanWasMadeIsKept(DatabaseKind kind) throws IOException {
    setUp(kind);
    Path dir = stage('e', StageStatus.FINISHED, 10);
    CachePolicy.GcPlan plan = CachePolicy.plan(CacheInventory.load(ledger, root, null), null);
    assertEquals(1, plan.records().size());
    ledger.recordUse(key('e'), "wf-late");

    CacheCollector.Result r = CacheCollector.collect(plan, root, ledger, false);
    assertEquals(List.of(), r.deleted());
    assertEquals(1, r.skipped().size());
    assertTrue(r.skipped().get(0).contains("changed since it was read"), r.skipped().get(0));
    assertTrue(Files.exists(dir.resolve("pairs.json")));
    assertTrue(ledger.find(key('e')).isPresent());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void keepLastAndRefusalOutsideTheRoot(DatabaseKind kind) throws IOException {
    setUp(kind);
    Path old = stage('1', StageStatus.FINISHED, 10);
    ledger.recordUse(key('1'), "wf-old");
    Path recent = stage('2', StageStatus.FINISHED, 10);
    ledger.recordUse(key('2'), "wf-new");
    // a record whose files are under another root: refused, row and files kept
    Path elsewhere = tmp.resolve("other-root").resolve("x.json");
    Files.createDirectories(elsewhere.getParent());
    Files.writeString(elsewhere, "x");
    ledger.markStarted(new StageRecord(key('3'), "exp", Stage.DETECT, StageStatus.RUNNING, "cfg",
        "wf", null, null, List.of(), null, null, null, null));
    ledger.markFinished(key('3'), "{}", List.of(elsewhere.toString()), "{}");

    CachePolicy.GcPlan plan = CachePolicy.plan(CacheInventory.load(ledger, root, null), 1);
    assertEquals(List.of("wf-new"), plan.keptPipelines());
    assertEquals(1, plan.refused().size());
    assertTrue(plan.refused().get(0).reason().startsWith(elsewhere + " is outside paths.artifacts"),
        plan.refused().get(0).reason());
    CacheCollector.Result r = CacheCollector.collect(plan, root, ledger, false);
    assertEquals(1, r.deleted().size(), r.deleted().toString());
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(recent));
    assertTrue(Files.exists(elsewhere));
    assertTrue(ledger.find(key('3')).isPresent());
  }
}
