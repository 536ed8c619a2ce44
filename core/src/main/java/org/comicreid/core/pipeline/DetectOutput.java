package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Output of the Detect stage: small values and paths, never tensors or images.
 *
 * @param boxesPath file of detected boxes (instances) per page
 * @param boxesSha256 sha256 of that file
 * @param instanceCount number of detected instances
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record DetectOutput(String boxesPath, String boxesSha256, long instanceCount, Map<String, String> provenance)
    implements StageOutput {

  public DetectOutput {
    provenance = StageOutput.copyOf(provenance);
  }

  @Override
  public List<String> artifactPaths() {
    return List.of(boxesPath);
  }
}
