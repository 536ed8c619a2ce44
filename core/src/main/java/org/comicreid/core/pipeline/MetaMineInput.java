package org.comicreid.core.pipeline;

import java.util.Map;
import java.util.Objects;

/**
 * Input of the MetaMine stage. Meta-mining builds the cliques of linked identities known to be different.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 * @param params the stage's resolved config slice ({@code <stage>.*} result keys, {@code
 *     experiment.seed}, {@code dataset.name}), exactly what its stage key hashes
 */
public record MetaMineInput(String stageKey, String datasetKey, String artifactDir, Map<String, String> params, LinkSequencesOutput linkSequences)
    implements StageInput {
  public MetaMineInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    params = params == null ? Map.of() : Map.copyOf(params);
    Objects.requireNonNull(linkSequences, "linkSequences");
  }
}
