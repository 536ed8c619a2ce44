package org.comicreid.activities.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.workflows.activities.StageLedgerActivities;
import org.comicreid.experiments.tracking.RunStatus;
import org.comicreid.workflows.activities.StageStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link StageLedgerActivities} from a {@link StageLedger} (the catalog's in production).
 * Thin: each call is one ledger call; the ledger makes them idempotent per stage key, so Temporal
 * may retry them freely.
 *
 * <p>With a {@link StageTracking}, a started stage of a tracked pipeline also gets its tracked run
 * (a child of the pipeline's run, its id kept in the ledger), finished FINISHED or FAILED with the
 * stage. Tracking is best effort: a tracker failure is logged and never fails the stage.
 */
public final class StageLedgerActivitiesImpl implements StageLedgerActivities {

  private static final Logger LOG = LoggerFactory.getLogger(StageLedgerActivitiesImpl.class);

  private final StageLedger ledger;
  private final StageTracking tracking;

  /** Ledger only: stages are not tracked. */
  public StageLedgerActivitiesImpl(StageLedger ledger) {
    this(ledger, null);
  }

  /**
   * @param ledger the ledger
   * @param trackingOrNull starts and finishes the stages' tracked runs; null: no tracking
   */
  public StageLedgerActivitiesImpl(StageLedger ledger, StageTracking trackingOrNull) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.tracking = trackingOrNull;
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
            s.workflowId(), null, null, List.of(), null, Instant.now(), null, null),
        s.force());
    track(s.stageKey(), t -> t.start(s));
  }

  @Override
  public void markStageFinished(
      String stageKey, String outputJson, List<String> artifactPaths, String provenanceJson) {
    ledger.markFinished(stageKey, outputJson, artifactPaths, provenanceJson);
    track(stageKey, t -> t.finish(stageKey, RunStatus.FINISHED));
  }

  @Override
  public void markStageFailed(String stageKey, String error) {
    ledger.markFailed(stageKey, error);
    track(stageKey, t -> t.finish(stageKey, RunStatus.FAILED));
  }

  @Override
  public void recordStageUse(String stageKey, String workflowId) {
    ledger.recordUse(stageKey, workflowId);
  }

  private void track(String stageKey, Consumer<StageTracking> op) {
    if (tracking == null) {
      return;
    }
    try {
      op.accept(tracking);
    } catch (RuntimeException e) {
      LOG.warn("tracking of stage {} on the {} tracker failed, the stage goes on untracked: {}",
          stageKey, tracking.tracker().backend(), String.valueOf(e.getMessage()).strip());
    }
  }
}
