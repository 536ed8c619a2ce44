package org.comicreid.catalog.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.core.pipeline.StageUse;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stage uses ({@code stage_use}, migration V4) and the housekeeping delete, on H2 and PostgreSQL. */
class StageUseLedgerTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  private static final Instant T1 = Instant.parse("2026-03-01T10:00:00.123456Z");
  private static final Instant T2 = Instant.parse("2026-03-01T11:00:00Z");
  private static final Instant T3 = Instant.parse("2026-03-01T12:00:00Z");

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(T1);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private static StageRecord running(String key, String wf) {
    return new StageRecord(key, "exp-use", Stage.PAIR, StageStatus.RUNNING, "cfg", wf, null, null,
        List.of(), null, T1, null, null);
  }

  private static List<StageUse> usesOf(CatalogStageLedger ledger, String key) {
    return ledger.listUses().stream().filter(u -> u.stageKey().equals(key)).toList();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void aUseIsRecordedOncePerPipelineAndMovesItsLastUseForward(DatabaseKind kind) {
    MovableClock clock = new MovableClock();
    CatalogStageLedger ledger = new CatalogStageLedger(DBS.catalog(kind), clock);
    String key = "use-" + kind;
    ledger.markStarted(running(key, "wf-a"));
    ledger.recordUse(key, "wf-a");
    clock.now.set(T2);
    ledger.recordUse(key, "wf-a");
    ledger.recordUse(key, "wf-a");
    clock.now.set(T3);
    ledger.recordUse(key, "wf-b");

    assertEquals(
        List.of(new StageUse(key, "wf-b", T3, T3), new StageUse(key, "wf-a", T1, T2)),
        usesOf(ledger, key));

    // a clock going backwards never moves the last use back
    clock.now.set(T1);
    ledger.recordUse(key, "wf-b");
    assertEquals(new StageUse(key, "wf-b", T3, T3), usesOf(ledger, key).get(0));

    // a use of a key without a record is kept (it may be recorded before markStarted)
    ledger.recordUse("no-record-" + kind, "wf-c");
    assertEquals(1, usesOf(ledger, "no-record-" + kind).size());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void listAllReturnsEveryExperimentsRecords(DatabaseKind kind) {
    CatalogStageLedger ledger = new CatalogStageLedger(DBS.freshCatalog(kind));
    ledger.markStarted(running("all-1", "wf"));
    ledger.markStarted(new StageRecord("all-2", "other-exp", Stage.CLUSTER, StageStatus.RUNNING,
        "cfg", "wf2", null, null, List.of(), null, T1, null, null));
    assertEquals(List.of("all-1", "all-2"), // by experiment name
        ledger.listAll().stream().map(StageRecord::stageKey).toList());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void deleteIfUnchangedDeletesTheRecordAndItsUsesOnlyAsSeen(DatabaseKind kind) {
    MovableClock clock = new MovableClock();
    CatalogStageLedger ledger = new CatalogStageLedger(DBS.catalog(kind), clock);
    String key = "del-" + kind;
    ledger.markStarted(running(key, "wf-d"));
    StageRecord runningSeen = ledger.find(key).orElseThrow();
    assertFalse(ledger.deleteIfUnchanged(runningSeen, List.of()), "RUNNING is never deleted");

    ledger.markFinished(key, "{}", List.of("/a/b"), "{}");
    ledger.recordUse(key, "wf-d");
    StageRecord seen = ledger.find(key).orElseThrow();
    List<StageUse> seenUses = usesOf(ledger, key);

    // used again after it was read: kept
    clock.now.set(T2);
    ledger.recordUse(key, "wf-d");
    assertFalse(ledger.deleteIfUnchanged(seen, seenUses));
    assertTrue(ledger.find(key).isPresent());
    // a new pipeline's use is a change too
    List<StageUse> seenUses2 = usesOf(ledger, key);
    ledger.recordUse(key, "wf-e");
    assertFalse(ledger.deleteIfUnchanged(seen, seenUses2));

    List<StageUse> current = usesOf(ledger, key);
    assertTrue(ledger.deleteIfUnchanged(seen, current));
    assertTrue(ledger.find(key).isEmpty());
    assertEquals(List.of(), usesOf(ledger, key));
    assertFalse(ledger.deleteIfUnchanged(seen, current), "already gone");

    // a FAILED record that was restarted and failed again since it was read is kept
    String f = "fail-" + kind;
    ledger.markStarted(running(f, "wf-f"));
    ledger.markFailed(f, "boom");
    StageRecord failedSeen = ledger.find(f).orElseThrow();
    clock.now.set(T3);
    ledger.markStarted(running(f, "wf-f"));
    ledger.markFailed(f, "boom again");
    assertFalse(ledger.deleteIfUnchanged(failedSeen, List.of()));
    assertTrue(ledger.deleteIfUnchanged(ledger.find(f).orElseThrow(), List.of()));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void migrationV4CountsEachExistingRecordAsUsedByTheWorkflowThatRanIt(DatabaseKind kind)
      throws Exception {
    CatalogSettings db = DBS.freshSettings(kind);
    Flyway.configure(Catalog.class.getClassLoader())
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .target("3")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO stage_run (id, stage_key, experiment, stage, status, workflow_id,"
          + " started_at, finished_at) VALUES (1, 'old-1', 'e', 'pair', 'FINISHED', 'e-wf',"
          + " TIMESTAMP WITH TIME ZONE '2026-01-01 10:00:00+00',"
          + " TIMESTAMP WITH TIME ZONE '2026-01-01 11:00:00+00')");
      st.execute("INSERT INTO stage_run (id, stage_key, experiment, stage, status)"
          + " VALUES (2, 'old-2', 'e', 'detect', 'FAILED')");
    }
    try (Catalog catalog = Catalog.open(db)) {
      assertEquals(
          List.of(new StageUse("old-1", "e-wf", Instant.parse("2026-01-01T10:00:00Z"),
              Instant.parse("2026-01-01T11:00:00Z"))),
          new CatalogStageLedger(catalog).listUses());
    }
  }
}
