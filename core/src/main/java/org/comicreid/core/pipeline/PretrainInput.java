package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * Input of the Pretrain stage. Self-supervised pretraining works on the mined pairs.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 */
public record PretrainInput(String stageKey, String datasetKey, String artifactDir, PairOutput pair)
    implements StageInput {

  public PretrainInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    Objects.requireNonNull(pair, "pair");
  }
}
