package org.comicreid.workflows.activities;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.comicreid.core.pipeline.Stage;

/**
 * What the workflow tells the ledger when a stage starts.
 *
 * @param stageKey the stage key
 * @param experiment the experiment
 * @param stage the stage
 * @param configHash the whole config's hash
 * @param workflowId the workflow id of the run that starts it
 * @param trackingRunId the pipeline's tracked run, parent of the stage's run; empty when the
 *     pipeline is not tracked
 * @param params the stage's config slice, recorded as the stage run's params
 * @param force whether the stage was forced to run again ({@code --force}): a FINISHED record
 *     under its key is replaced instead of kept
 */
public record StageStart(
    String stageKey,
    String experiment,
    Stage stage,
    String configHash,
    String workflowId,
    String trackingRunId,
    Map<String, String> params,
    boolean force) {

  public StageStart {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(stage, "stage");
    trackingRunId = trackingRunId == null ? "" : trackingRunId;
    params = Map.copyOf(new TreeMap<>(params == null ? Map.of() : params));
  }

  /** A start that is not forced. */
  public StageStart(
      String stageKey,
      String experiment,
      Stage stage,
      String configHash,
      String workflowId,
      String trackingRunId,
      Map<String, String> params) {
    this(stageKey, experiment, stage, configHash, workflowId, trackingRunId, params, false);
  }

  /** A start that is not tracked. */
  public StageStart(
      String stageKey, String experiment, Stage stage, String configHash, String workflowId) {
    this(stageKey, experiment, stage, configHash, workflowId, "", Map.of());
  }
}
