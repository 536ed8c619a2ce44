package org.comicreid.core.pipeline;

import java.util.Map;
import java.util.Objects;

/**
 * Input of the FineTune stage. Fine-tuning trains the identity layer on the frozen pretrained backbone, mining pairs inside cliques.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 * @param params the stage's resolved config slice ({@code <stage>.*} result keys, {@code
 *     experiment.seed}, {@code dataset.name}), exactly what its stage key hashes
 */
public record FineTuneInput(String stageKey, String datasetKey, String artifactDir, Map<String, String> params, PairOutput pair, PretrainOutput pretrain, LinkSequencesOutput linkSequences, MetaMineOutput metaMine)
    implements StageInput {
  public FineTuneInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    params = params == null ? Map.of() : Map.copyOf(params);
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(pretrain, "pretrain");
    Objects.requireNonNull(linkSequences, "linkSequences");
    Objects.requireNonNull(metaMine, "metaMine");
  }
}
