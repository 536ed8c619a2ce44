package org.comicreid.workflows.pipeline;

import java.util.List;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.workflows.activities.StageLedgerActivities;
import org.comicreid.workflows.activities.StageStart;

/**
 * Test adapter from the ledger activity contract to a {@link StageLedger} (the activities module's
 * impl cannot be used here: activities depends on workflows).
 */
final class LedgerActivitiesOverLedger implements StageLedgerActivities {

  private final StageLedger ledger;

  LedgerActivitiesOverLedger(StageLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public String findFinishedOutput(String stageKey) {
    return ledger.findFinished(stageKey).map(StageRecord::outputJson).orElse(null);
  }

  @Override
  public void markStageStarted(StageStart s) {
    ledger.markStarted(
        new StageRecord(s.stageKey(), s.experiment(), s.stage(), StageStatus.RUNNING,
            s.configHash(), s.workflowId(), null, null, List.of(), null, null, null, null));
  }

  @Override
  public void markStageFinished(
      String stageKey, String outputJson, List<String> artifactPaths, String provenanceJson) {
    ledger.markFinished(stageKey, outputJson, artifactPaths, provenanceJson);
  }

  @Override
  public void markStageFailed(String stageKey, String error) {
    ledger.markFailed(stageKey, error);
  }

  @Override
  public void recordStageUse(String stageKey, String workflowId) {
    ledger.recordUse(stageKey, workflowId);
  }
}
