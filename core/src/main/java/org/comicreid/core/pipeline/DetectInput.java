package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * Input of the Detect stage. Detection reads the dataset's pages only.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 */
public record DetectInput(String stageKey, String datasetKey, String artifactDir)
    implements StageInput {

  public DetectInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
  }
}
