package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * Input of the SelectThreshold stage. Threshold selection embeds the validation split with the fine-tuned model.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 */
public record SelectThresholdInput(String stageKey, String datasetKey, String artifactDir, FineTuneOutput fineTune)
    implements StageInput {

  public SelectThresholdInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    Objects.requireNonNull(fineTune, "fineTune");
  }
}
