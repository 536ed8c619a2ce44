package org.comicreid.core.pipeline;

import java.util.Map;
import java.util.Objects;

/**
 * Input of the Evaluate stage. Evaluation scores the baselines, the self-supervised and the semi-supervised model, locally and globally.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 * @param params the stage's resolved config slice ({@code <stage>.*} result keys, {@code
 *     experiment.seed}, {@code dataset.name}), exactly what its stage key hashes
 */
public record EvaluateInput(String stageKey, String datasetKey, String artifactDir, Map<String, String> params, PairOutput pair, FineTuneOutput fineTune, LinkSequencesOutput linkSequences, MetaMineOutput metaMine, ClusterOutput cluster)
    implements StageInput {
  public EvaluateInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    params = params == null ? Map.of() : Map.copyOf(params);
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(fineTune, "fineTune");
    Objects.requireNonNull(linkSequences, "linkSequences");
    Objects.requireNonNull(metaMine, "metaMine");
    Objects.requireNonNull(cluster, "cluster");
  }
}
