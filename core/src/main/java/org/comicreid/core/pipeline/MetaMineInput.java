package org.comicreid.core.pipeline;

import java.util.Objects;

/**
 * Input of the MetaMine stage. Meta-mining builds identity cliques from the linked sequences and pretrained embeddings.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 */
public record MetaMineInput(String stageKey, String datasetKey, String artifactDir, LinkSequencesOutput linkSequences, PretrainOutput pretrain)
    implements StageInput {

  public MetaMineInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    Objects.requireNonNull(linkSequences, "linkSequences");
    Objects.requireNonNull(pretrain, "pretrain");
  }
}
