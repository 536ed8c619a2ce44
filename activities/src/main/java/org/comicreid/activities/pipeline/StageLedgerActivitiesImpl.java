package org.comicreid.activities.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.workflows.activities.StageLedgerActivities;
import org.comicreid.workflows.activities.StageStart;

/**
 * Serves {@link StageLedgerActivities} from a {@link StageLedger} (the catalog's in production).
 * Thin: each call is one ledger call; the ledger makes them idempotent per stage key, so Temporal
 * may retry them freely.
 */
public final class StageLedgerActivitiesImpl implements StageLedgerActivities {

  private final StageLedger ledger;

  public StageLedgerActivitiesImpl(StageLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public String findFinishedOutput(String stageKey) {
    return ledger.findFinished(stageKey).map(StageRecord::outputJson).orElse(null);
  }

  @Override
  public void markStageStarted(StageStart s) {
    ledger.markStarted(
        new StageRecord(
            s.stageKey(), s.experiment(), s.stage(), StageStatus.RUNNING, s.configHash(),
            s.workflowId(), null, null, List.of(), null, Instant.now(), null, null));
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
}
