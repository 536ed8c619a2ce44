package org.comicreid.worker.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.comicreid.core.pipeline.InMemoryStageLedger;
import org.comicreid.core.pipeline.PipelineProgress;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageProgress;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageState;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.worker.setup.RunSetup;
import org.junit.jupiter.api.Test;

class StatusReportTest {

  private final InMemoryStageLedger ledger = new InMemoryStageLedger();

  private void record(String key, Stage s, String workflow, StageStatus st) {
    ledger.markStarted(new StageRecord(key, "demo", s, StageStatus.RUNNING, "c", workflow, null,
        null, List.of(), null, null, null, null));
    if (st == StageStatus.FINISHED) {
      ledger.markFinished(key, "{}", List.of(), "{}");
    } else if (st == StageStatus.FAILED) {
      ledger.markFailed(key, "IllegalStateException: boom");
    }
  }

  @Test
  void statesFromTheLedgerWithKnownKeys() {
    RunSetup setup = RunSetup.resolve(null, List.of());
    Map<Stage, String> keys = setup.spec().stageKeys();
    String wf = setup.spec().workflowId();
    record(keys.get(Stage.DETECT), Stage.DETECT, "demo-older", StageStatus.FINISHED);
    record(keys.get(Stage.PAIR), Stage.PAIR, wf, StageStatus.FINISHED);
    record(keys.get(Stage.PRETRAIN), Stage.PRETRAIN, wf, StageStatus.FAILED);

    List<StageProgress> states = StatusReport.states(ledger, wf, keys, null);
    assertEquals(StageState.CACHED, states.get(0).state());
    assertEquals(StageState.RAN, states.get(1).state());
    assertEquals(StageState.FAILED, states.get(2).state());
    assertEquals("IllegalStateException: boom", states.get(2).error());
    assertEquals(StageState.PENDING, states.get(3).state());
    String text = StatusReport.render(wf, states);
    assertEquals(10, text.lines().count());
    assertEquals("  detect     cached   " + keys.get(Stage.DETECT).substring(0, 12),
        text.lines().skip(1).findFirst().orElseThrow().stripTrailing());
  }

  @Test
  void theWorkflowQueryWinsOverTheLedger() {
    record("k-pair", Stage.PAIR, "w", StageStatus.FINISHED);
    PipelineProgress live = new PipelineProgress("w", List.of(
        new StageProgress(Stage.PRETRAIN, StageState.RUNNING, "k-pre", null),
        new StageProgress(Stage.LINK_SEQUENCES, StageState.PENDING, "k-link", null)));
    List<StageProgress> states = StatusReport.states(ledger, "w", null, live);
    assertEquals(StageState.RAN, states.get(1).state());
    assertEquals(StageState.RUNNING, states.get(2).state());
    assertEquals(StageState.PENDING, states.get(3).state());
  }
}
