package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * Durable record of stage executions, so that a resubmitted pipeline reuses finished stages even
 * after the (in-memory) embedded Temporal server restarted. The catalog implements it; the
 * workflow reaches it through an activity.
 *
 * <p>All methods are idempotent per {@code stageKey}: a retried activity calling {@link
 * #markStarted} twice leaves one record.
 */
public interface StageLedger {

  /** The finished record for this key, if any stage execution with this key finished. */
  Optional<StageRecord> findFinished(String stageKey);

  /** Any record (running, finished or failed) for this key. */
  Optional<StageRecord> find(String stageKey);

  /** Records that a stage started (status RUNNING); replaces a previous FAILED record. */
  default void markStarted(StageRecord running) {
    markStarted(running, false);
  }

  /**
   * Records that a stage started (status RUNNING), replacing a previous FAILED record and, when
   * {@code replaceFinished} (a forced rerun), a FINISHED one too; otherwise a FINISHED record is
   * kept.
   */
  void markStarted(StageRecord running, boolean replaceFinished);

  /** Records the stage's output; status becomes FINISHED. */
  void markFinished(
      String stageKey, String outputJson, List<String> artifactPaths, String provenanceJson);

  /** Records a failure with a one-line message; status becomes FAILED. */
  void markFailed(String stageKey, String error);

  /** Sets the MLflow run id of a stage record (tracking may start after the record). */
  void setMlflowRunId(String stageKey, String mlflowRunId);

  /** All records of one workflow id, in stage order. */
  List<StageRecord> listByWorkflow(String workflowId);

  /** All records of one experiment, newest first. */
  List<StageRecord> listByExperiment(String experiment);

  /** Every record of every experiment (for housekeeping: {@code reid cache list}). */
  List<StageRecord> listAll();

  /**
   * Records that pipeline {@code workflowId} used the output under {@code stageKey} (ran it or
   * reused it). Idempotent per (stage key, workflow id): the first call records the first use,
   * later calls move the last-use time forward. A key without a stage record is accepted (the use
   * is kept; housekeeping only reads uses of existing records).
   */
  void recordUse(String stageKey, String workflowId);

  /** Every recorded use, the most recently used first. */
  List<StageUse> listUses();
}
