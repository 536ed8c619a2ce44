package org.comicreid.activities.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.comicreid.activities.pipeline.StageLedgerActivitiesImpl;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.TrackingStatus;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.catalog.tracking.TrackingRun;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.InMemoryStageLedger;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.experiments.tracking.LocalTracker;
import org.comicreid.experiments.tracking.MetricPoint;
import org.comicreid.experiments.tracking.RunSpec;
import org.comicreid.experiments.tracking.TrackedRun;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.workflows.activities.StageStart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage-ledger activities with tracking, and the seam stage activities log through, on the
 * local tracker over a real (H2) catalog; what was recorded is read back from the catalog.
 */
class StageTrackingTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  private static final UnaryOperator<String> SAME = UnaryOperator.identity();

  private Catalog catalog;
  private TrackingStore store;
  private LocalTracker tracker;
  private final InMemoryStageLedger ledger = new InMemoryStageLedger();
  private String parent;

  @BeforeEach
  void open() {
    catalog = DBS.freshCatalog(DatabaseKind.H2);
    store = new TrackingStore(catalog);
    tracker = new LocalTracker(store, tmp);
    parent = tracker.startRun(PipelineRuns.pipeline("exp", "exp-cfg", "cfg", Map.of())).runId();
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  private static StageStart start(String key, Stage stage, String parentRunId) {
    return new StageStart(key, "exp", stage, "cfg", "exp-cfg", parentRunId,
        Map.of("cluster.threshold", "0.4"));
  }

  @Test
  void aRetriedStartMakesOneChildRunWhoseIdTheLedgerKeeps() {
    StageLedgerActivitiesImpl acts =
        new StageLedgerActivitiesImpl(ledger, new StageTracking(tracker, ledger, SAME));
    acts.markStageStarted(start("k1", Stage.CLUSTER, parent));
    acts.markStageStarted(start("k1", Stage.CLUSTER, parent)); // Temporal retried it

    List<TrackingRun> runs = store.listRuns("exp");
    assertEquals(2, runs.size());
    TrackingRun child = runs.stream().filter(r -> !r.runId().equals(parent)).findFirst().orElseThrow();
    assertEquals(parent, child.parentRunId());
    assertEquals("cluster", child.name());
    assertEquals(child.runId(), ledger.find("k1").orElseThrow().mlflowRunId());
    assertEquals(Map.of("cluster.threshold", "0.4"), store.getParams(child.runId()));
    assertEquals("k1", store.getTags(child.runId()).get(PipelineRuns.STAGE_KEY));
    assertEquals(TrackingStatus.RUNNING, child.status());

    acts.markStageFailed("k1", "boom");
    assertEquals(TrackingStatus.FAILED, store.getRun(child.runId()).orElseThrow().status());
  }

  @Test
  void aStageActivityLogsStepsToItsOwnRunThroughAnotherStageTracking() {
    StageLedgerActivitiesImpl acts =
        new StageLedgerActivitiesImpl(ledger, new StageTracking(tracker, ledger, SAME));
    acts.markStageStarted(start("pre", Stage.PRETRAIN, parent));
    acts.markStageStarted(start("fine", Stage.FINE_TUNE, parent));

    // the stage activity, as in another process: its own tracker and StageTracking
    StageTracking stageSide = new StageTracking(new LocalTracker(store, tmp), ledger, SAME);
    TrackedRun run = stageSide.find("fine").orElseThrow();
    run.logMetrics(List.of(MetricPoint.of("loss", 2.0, 0), MetricPoint.of("loss", 1.0, 1)));
    run.logMetric("loss", 0.5, 2);

    String fine = ledger.find("fine").orElseThrow().mlflowRunId();
    String pre = ledger.find("pre").orElseThrow().mlflowRunId();
    assertEquals(List.of(0L, 1L, 2L), store.listMetrics(fine, "loss").stream()
        .map(org.comicreid.catalog.tracking.MetricPoint::step).toList());
    assertEquals(List.of(2.0, 1.0, 0.5), store.listMetrics(fine, "loss").stream()
        .map(org.comicreid.catalog.tracking.MetricPoint::value).toList());
    assertEquals(List.of(), store.listMetrics(pre, "loss"));

    acts.markStageFinished("fine", "{}", List.of(), "{}");
    assertEquals(TrackingStatus.FINISHED, store.getRun(fine).orElseThrow().status());
    assertTrue(stageSide.find("fine").isEmpty(), "a finished stage has no run to log to");
    assertTrue(stageSide.find("unknown").isEmpty());
  }

  @Test
  void anUntrackedPipelineMakesNoStageRuns() {
    StageLedgerActivitiesImpl acts =
        new StageLedgerActivitiesImpl(ledger, new StageTracking(tracker, ledger, SAME));
    acts.markStageStarted(start("k", Stage.DETECT, ""));
    acts.markStageFinished("k", "{}", List.of(), "{}");
    assertEquals(1, store.listRuns("exp").size());
    assertNull(ledger.find("k").orElseThrow().mlflowRunId());
    assertEquals(StageStatus.FINISHED, ledger.find("k").orElseThrow().status());
  }

  @Test
  void aBrokenTrackerNeverFailsTheLedgerActivities() {
    Tracker broken = new Tracker() {
      @Override
      public TrackedRun startRun(RunSpec spec) {
        throw new ReidRunException("MLflow at http://nowhere: connection refused");
      }

      @Override
      public String backend() {
        return "mlflow";
      }

      @Override
      public void close() {}
    };
    StageLedgerActivitiesImpl acts =
        new StageLedgerActivitiesImpl(ledger, new StageTracking(broken, ledger, SAME));
    acts.markStageStarted(start("k", Stage.DETECT, parent));
    assertEquals(StageStatus.RUNNING, ledger.find("k").orElseThrow().status());
    acts.markStageFinished("k", "{\"x\":1}", List.of(), "{}");
    assertEquals(StageStatus.FINISHED, ledger.find("k").orElseThrow().status());
  }

  @Test
  void aRunIdFromAnotherBackendIsRefusedNotLoggedElsewhere() {
    StageLedgerActivitiesImpl acts =
        new StageLedgerActivitiesImpl(ledger, new StageTracking(tracker, ledger, SAME));
    acts.markStageStarted(start("k", Stage.DETECT, parent));
    ledger.setMlflowRunId("k", "0123456789abcdef"); // as if an MLflow worker had started it
    ReidRunException e = assertThrows(ReidRunException.class,
        () -> new StageTracking(tracker, ledger, SAME).find("k"));
    assertTrue(e.getMessage().contains("0123456789abcdef"), e.getMessage());
  }
}
