package org.comicreid.workflows.activities;

import java.util.Objects;
import org.comicreid.core.pipeline.Stage;

/**
 * What the workflow tells the ledger when a stage starts.
 *
 * @param stageKey the stage key
 * @param experiment the experiment
 * @param stage the stage
 * @param configHash the whole config's hash
 * @param workflowId the workflow id of the run that starts it
 */
public record StageStart(
    String stageKey, String experiment, Stage stage, String configHash, String workflowId) {

  public StageStart {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(stage, "stage");
  }
}
