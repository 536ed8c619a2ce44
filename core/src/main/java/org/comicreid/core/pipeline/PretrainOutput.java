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
 * @param validation the published model's self-supervised validation (the paper's Table 3):
 *     {@code ssl_val.<face|body|identity>.<loss|top1|top5|mean_position>}; empty without validation
 */
public record PretrainOutput(
    String checkpointPath,
    String checkpointSha256,
    int epochs,
    double finalLoss,
    Map<String, String> provenance,
    Map<String, Double> validation)
    implements StageOutput {

  /** An output without validation numbers. */
  public PretrainOutput(String checkpointPath, String checkpointSha256, int epochs, double finalLoss,
      Map<String, String> provenance) {
    this(checkpointPath, checkpointSha256, epochs, finalLoss, provenance, Map.of());
  }

  public PretrainOutput {
    provenance = StageOutput.copyOf(provenance);
    java.util.TreeMap<String, Double> v = new java.util.TreeMap<>();
    if (validation != null) {
      validation.forEach((k, x) -> {
        if (x != null && Double.isFinite(x)) {
          v.put(k, x);
        }
      });
    }
    validation = java.util.Collections.unmodifiableMap(v);
  }

  /** The checkpoint, then the loss history next to it ({@link StageOutput#withLossHistory}). */
  @Override
  public List<String> artifactPaths() {
    return StageOutput.withLossHistory(checkpointPath);
  }
}
