package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * Input of the Evaluate stage. Evaluation scores the clusters and the fine-tuned embeddings.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 */
public record EvaluateInput(String stageKey, String datasetKey, String artifactDir, ClusterOutput cluster, FineTuneOutput fineTune)
    implements StageInput {

  public EvaluateInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(fineTune, "fineTune");
  }
}
