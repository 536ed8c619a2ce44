package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The workflow's door to the catalog's stage ledger ({@link org.comicreid.core.pipeline.StageLedger})
 * so that finished stages are reused across workflow runs and server restarts. Served on the
 * workflow's (cpu) task queue. Outputs cross this contract as JSON made by {@link
 * org.comicreid.workflows.pipeline.StageOutputCodec}.
 */
@ActivityInterface
public interface StageLedgerActivities {

  /** The output JSON of the finished execution with this stage key, or null if none finished. */
  String findFinishedOutput(String stageKey);

  /** Records that a stage execution started (idempotent per stage key). */
  void markStageStarted(StageStart start);

  /** Records a stage's output; the record becomes FINISHED. */
  void markStageFinished(
      String stageKey, String outputJson, List<String> artifactPaths, String provenanceJson);

  /** Records a stage's failure with a one-line message; the record becomes FAILED. */
  void markStageFailed(String stageKey, String error);

  /**
   * Records that pipeline {@code workflowId} used the stage output under {@code stageKey}, whether
   * it ran the stage or reused a finished record (idempotent; moves the last-use time forward).
   * Housekeeping ({@code reid cache gc}) keeps the outputs that pipelines use.
   */
  void recordStageUse(String stageKey, String workflowId);
}
