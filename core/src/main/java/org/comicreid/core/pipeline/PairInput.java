package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * Input of the Pair stage. Pairing works on the detected instances.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 */
public record PairInput(String stageKey, String datasetKey, String artifactDir, DetectOutput detect)
    implements StageInput {

  public PairInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    Objects.requireNonNull(detect, "detect");
  }
}
