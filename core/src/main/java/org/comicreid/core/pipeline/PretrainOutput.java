package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Output of the Pretrain stage: small values and paths, never tensors or images.
 *
 * @param checkpointPath the pretrained model checkpoint
 * @param checkpointSha256 sha256 of the checkpoint
 * @param epochs epochs trained
 * @param finalLoss training loss of the last epoch
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record PretrainOutput(String checkpointPath, String checkpointSha256, int epochs, double finalLoss, Map<String, String> provenance)
    implements StageOutput {

  public PretrainOutput {
    provenance = StageOutput.copyOf(provenance);
  }

  /** The checkpoint, then the loss history next to it ({@link StageOutput#withLossHistory}). */
  @Override
  public List<String> artifactPaths() {
    return StageOutput.withLossHistory(checkpointPath);
  }
}
