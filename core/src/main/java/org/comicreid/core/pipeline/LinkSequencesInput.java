package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * Input of the LinkSequences stage. Sequence linking embeds the detected instances with the pretrained backbone.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 */
public record LinkSequencesInput(String stageKey, String datasetKey, String artifactDir, DetectOutput detect, PretrainOutput pretrain)
    implements StageInput {

  public LinkSequencesInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    Objects.requireNonNull(detect, "detect");
    Objects.requireNonNull(pretrain, "pretrain");
  }
}
