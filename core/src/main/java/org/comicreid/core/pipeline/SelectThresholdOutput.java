package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Output of the SelectThreshold stage: small values and paths, never tensors or images.
 *
 * @param threshold the selected distance threshold
 * @param validationScore the validation score at that threshold
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record SelectThresholdOutput(double threshold, double validationScore, Map<String, String> provenance)
    implements StageOutput {

  public SelectThresholdOutput {
    provenance = StageOutput.copyOf(provenance);
  }

  @Override
  public List<String> artifactPaths() {
    return List.of();
  }
}
