package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * Input of the Cluster stage. Clustering embeds the test split with the fine-tuned model and cuts at the selected threshold.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 */
public record ClusterInput(String stageKey, String datasetKey, String artifactDir, FineTuneOutput fineTune, SelectThresholdOutput selectThreshold)
    implements StageInput {

  public ClusterInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    Objects.requireNonNull(fineTune, "fineTune");
    Objects.requireNonNull(selectThreshold, "selectThreshold");
  }
}
