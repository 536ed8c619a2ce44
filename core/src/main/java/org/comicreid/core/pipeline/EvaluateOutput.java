package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Output of the Evaluate stage: small values and paths, never tensors or images.
 *
 * @param metricsPath file with the full metric report
 * @param metrics headline metrics by name
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record EvaluateOutput(String metricsPath, Map<String, Double> metrics, Map<String, String> provenance)
    implements StageOutput {

  public EvaluateOutput {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    provenance = StageOutput.copyOf(provenance);
  }

  @Override
  public List<String> artifactPaths() {
    return List.of(metricsPath);
  }
}
