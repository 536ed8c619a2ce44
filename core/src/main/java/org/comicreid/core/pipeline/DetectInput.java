package org.comicreid.core.pipeline;

import java.util.Map;
import java.util.Objects;

/**
 * Input of the Detect stage. Detection reads the dataset's panels and their boxes (the generator's ground truth or an importer's detections), optionally jitters them, and marks which boxes may enter self-supervised pretraining.
 *
 * @param stageKey the stage key the result is recorded under
 * @param datasetKey the catalog's dataset key
 * @param artifactDir where this execution writes its artifacts
 * @param params the stage's resolved config slice ({@code <stage>.*} result keys, {@code
 *     experiment.seed}, {@code dataset.name}), exactly what its stage key hashes
 */
public record DetectInput(String stageKey, String datasetKey, String artifactDir, Map<String, String> params)
    implements StageInput {
  public DetectInput {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactDir, "artifactDir");
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
