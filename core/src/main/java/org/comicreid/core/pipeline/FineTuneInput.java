package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * Input of the FineTune stage. Fine-tuning starts from the pretrained checkpoint and learns from the mined cliques.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 */
public record FineTuneInput(String stageKey, String datasetKey, String artifactDir, PretrainOutput pretrain, MetaMineOutput metaMine)
    implements StageInput {

  public FineTuneInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    Objects.requireNonNull(pretrain, "pretrain");
    Objects.requireNonNull(metaMine, "metaMine");
  }
}
