package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * One stage's state in a pipeline run.
 *
 * @param stage the stage
 * @param state where it stands
 * @param stageKey its stage key (null before the workflow computed it)
 * @param error the one-line failure message when {@code state} is FAILED, otherwise null
 */
public record StageProgress(Stage stage, StageState state, String stageKey, String error) {

  public StageProgress {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(state, "state");
  }
}
