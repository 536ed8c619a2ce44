package org.comicreid.catalog.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CatalogStageLedgerTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");
  private static final Instant T0_MICROS = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final Instant FINISH = Instant.parse("2026-01-02T04:00:00Z");

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  private static StageLedger ledger(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    return new CatalogStageLedger(catalog, Clock.fixed(FINISH, ZoneOffset.UTC));
  }

  private static StageRecord running(String key, String experiment, Stage stage, String wf, Instant at) {
    return new StageRecord(
        key, experiment, stage, StageStatus.RUNNING, "cfg-" + key, wf, null, null, List.of(),
        "{\"p\":1}", at, null, null);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void startThenFinishIsFoundAsFinished(DatabaseKind kind) {
    StageLedger ledger = ledger(kind);
    String key = "finish-" + kind;
    assertTrue(ledger.find(key).isEmpty());
    ledger.markStarted(running(key, "exp-f-" + kind, Stage.PRETRAIN, "wf-f-" + kind, T0));

    StageRecord started = ledger.find(key).orElseThrow();
    assertEquals(StageStatus.RUNNING, started.status());
    assertEquals(Stage.PRETRAIN, started.stage());
    assertEquals(T0_MICROS, started.startedAt());
    assertTrue(ledger.findFinished(key).isEmpty(), "a running stage is not finished");

    ledger.setMlflowRunId(key, "mlflow-123");
    List<String> artifacts = List.of("ckpt/epoch-3.pt", "weird \"name\"\\with\nescapes.json");
    ledger.markFinished(key, "{\"embeddings\":\"e.npy\"}", artifacts, "{\"java\":\"17\"}");

    StageRecord done = ledger.findFinished(key).orElseThrow();
    assertEquals(StageStatus.FINISHED, done.status());
    assertEquals("{\"embeddings\":\"e.npy\"}", done.outputJson());
    assertEquals(artifacts, done.artifactPaths());
    assertEquals("{\"java\":\"17\"}", done.provenanceJson());
    assertEquals("mlflow-123", done.mlflowRunId());
    assertEquals("cfg-" + key, done.configHash());
    assertEquals("wf-f-" + kind, done.workflowId());
    assertEquals(T0_MICROS, done.startedAt());
    assertEquals(FINISH, done.finishedAt());
    assertNull(done.error());

    // a retried markStarted after finishing keeps the finished record
    ledger.markStarted(running(key, "exp-f-" + kind, Stage.PRETRAIN, "wf-other", T0));
    assertEquals(done, ledger.find(key).orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void failedThenRestartedReplacesTheFailure(DatabaseKind kind) {
    StageLedger ledger = ledger(kind);
    String key = "fail-" + kind;
    ledger.markStarted(running(key, "exp-x-" + kind, Stage.FINE_TUNE, "wf-x-" + kind, T0));
    ledger.markFailed(key, "CUDA out of memory\n  at line 3");

    StageRecord failed = ledger.find(key).orElseThrow();
    assertEquals(StageStatus.FAILED, failed.status());
    assertEquals("CUDA out of memory at line 3", failed.error());
    assertEquals(FINISH, failed.finishedAt());
    assertTrue(ledger.findFinished(key).isEmpty());

    Instant later = T0.plusSeconds(60);
    ledger.markStarted(
        new StageRecord(key, "exp-x-" + kind, Stage.FINE_TUNE, StageStatus.RUNNING, "cfg2",
            "wf-x2-" + kind, null, null, List.of(), null, later, null, null));
    StageRecord restarted = ledger.find(key).orElseThrow();
    assertEquals(StageStatus.RUNNING, restarted.status());
    assertNull(restarted.error());
    assertNull(restarted.finishedAt());
    assertEquals("cfg2", restarted.configHash());
    assertEquals("wf-x2-" + kind, restarted.workflowId());
    assertEquals(later.truncatedTo(java.time.temporal.ChronoUnit.MICROS), restarted.startedAt());
    assertEquals(1, ledger.listByExperiment("exp-x-" + kind).size(), "still one record");

    ledger.markFinished(key, "{}", List.of(), "{}");
    ledger.markFailed(key, "late failure from a zombie attempt");
    assertEquals(StageStatus.FINISHED, ledger.find(key).orElseThrow().status(),
        "a finished stage is not downgraded");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void markStartedIsIdempotent(DatabaseKind kind) {
    StageLedger ledger = ledger(kind);
    String key = "idem-" + kind;
    StageRecord rec = running(key, "exp-i-" + kind, Stage.DETECT, "wf-i-" + kind, T0);
    ledger.markStarted(rec);
    ledger.markStarted(rec);
    ledger.markStarted(running(key, "exp-i-" + kind, Stage.DETECT, "wf-i-" + kind, T0.plusSeconds(9)));
    List<StageRecord> all = ledger.listByExperiment("exp-i-" + kind);
    assertEquals(1, all.size());
    assertEquals(T0_MICROS, all.get(0).startedAt(), "the first start is kept");
    assertEquals(StageStatus.RUNNING, all.get(0).status());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void aRunningRecordOfADeadWorkflowIsTakenOver(DatabaseKind kind) {
    StageLedger ledger = ledger(kind);
    String key = "takeover-" + kind;
    ledger.markStarted(running(key, "exp-t-" + kind, Stage.CLUSTER, "wf-dead-" + kind, T0));
    Instant later = T0.plusSeconds(3600);
    ledger.markStarted(running(key, "exp-t-" + kind, Stage.CLUSTER, "wf-new-" + kind, later));
    StageRecord rec = ledger.find(key).orElseThrow();
    assertEquals("wf-new-" + kind, rec.workflowId());
    assertEquals(later.truncatedTo(java.time.temporal.ChronoUnit.MICROS), rec.startedAt());
    assertEquals(List.of(rec), ledger.listByWorkflow("wf-new-" + kind));
    assertEquals(List.of(), ledger.listByWorkflow("wf-dead-" + kind));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void listsByWorkflowInStageOrderAndByExperimentNewestFirst(DatabaseKind kind) {
    StageLedger ledger = ledger(kind);
    String wf = "wf-order-" + kind;
    String exp = "exp-order-" + kind;
    // started out of stage order, with start times in insertion order
    Stage[] stages = {Stage.CLUSTER, Stage.DETECT, Stage.FINE_TUNE, Stage.PAIR};
    for (int i = 0; i < stages.length; i++) {
      ledger.markStarted(running("o-" + kind + "-" + i, exp, stages[i], wf, T0.plusSeconds(i)));
    }
    ledger.markStarted(running("o-" + kind + "-other", exp, Stage.EVALUATE, "another-wf", T0.minusSeconds(5)));

    assertEquals(
        List.of(Stage.DETECT, Stage.PAIR, Stage.FINE_TUNE, Stage.CLUSTER),
        ledger.listByWorkflow(wf).stream().map(StageRecord::stage).toList());
    assertEquals(
        List.of(Stage.PAIR, Stage.FINE_TUNE, Stage.DETECT, Stage.CLUSTER, Stage.EVALUATE),
        ledger.listByExperiment(exp).stream().map(StageRecord::stage).toList());
    assertEquals(List.of(), ledger.listByWorkflow("no-such-workflow"));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void finishingAnUnknownKeyIsAnError(DatabaseKind kind) {
    StageLedger ledger = ledger(kind);
    ReidRunException e =
        assertThrows(ReidRunException.class, () -> ledger.markFinished("nope-" + kind, "{}", List.of(), "{}"));
    assertTrue(e.getMessage().contains("nope-" + kind), e.getMessage());
    assertThrows(ReidRunException.class, () -> ledger.markFailed("nope-" + kind, "x"));
    assertThrows(ReidRunException.class, () -> ledger.setMlflowRunId("nope-" + kind, "x"));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void stageIsStoredByItsKey(DatabaseKind kind) {
    StageLedger ledger = ledger(kind);
    ledger.markStarted(running("stored-" + kind, "exp-s-" + kind, Stage.LINK_SEQUENCES, "wf", T0));
    String stored =
        DBS.catalog(kind)
            .fromTransaction(
                s ->
                    s.createNativeQuery(
                            "select stage from stage_run where stage_key = :k", String.class)
                        .setParameter("k", "stored-" + kind)
                        .getSingleResult());
    assertEquals("link", stored);
  }
}
