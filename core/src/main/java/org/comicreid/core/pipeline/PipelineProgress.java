package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * The states of all nine stages of one pipeline run, in stage order (the workflow's query answer).
 *
 * @param workflowId the workflow id
 * @param stages one entry per stage, in stage order
 */
public record PipelineProgress(String workflowId, List<StageProgress> stages) {

  public PipelineProgress {
    Objects.requireNonNull(workflowId, "workflowId");
    stages = List.copyOf(stages);
  }

  /** The entry of one stage. */
  public StageProgress of(Stage stage) {
    return stages.stream()
        .filter(p -> p.stage() == stage)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no progress for " + stage));
  }
}
