package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Output of the FineTune stage: small values and paths, never tensors or images.
 *
 * @param checkpointPath the fine-tuned model checkpoint
 * @param checkpointSha256 sha256 of the checkpoint
 * @param epochs epochs trained
 * @param finalLoss training loss of the last epoch
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record FineTuneOutput(String checkpointPath, String checkpointSha256, int epochs, double finalLoss, Map<String, String> provenance)
    implements StageOutput {

  public FineTuneOutput {
    provenance = StageOutput.copyOf(provenance);
  }

  @Override
  public List<String> artifactPaths() {
    return List.of(checkpointPath);
  }
}
