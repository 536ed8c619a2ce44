package org.comicreid.core.pipeline;

import java.util.Map;
import java.util.Objects;

/**
 * Input of the SelectThreshold stage. Threshold selection fits the clustering distance threshold on validation pairs.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 * @param params the stage's resolved config slice ({@code <stage>.*} result keys, {@code
 *     experiment.seed}, {@code dataset.name}), exactly what its stage key hashes
 */
public record SelectThresholdInput(String stageKey, String datasetKey, String artifactDir, Map<String, String> params, FineTuneOutput fineTune, LinkSequencesOutput linkSequences, MetaMineOutput metaMine)
    implements StageInput {
  public SelectThresholdInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    params = params == null ? Map.of() : Map.copyOf(params);
    Objects.requireNonNull(fineTune, "fineTune");
    Objects.requireNonNull(linkSequences, "linkSequences");
    Objects.requireNonNull(metaMine, "metaMine");
  }
}
