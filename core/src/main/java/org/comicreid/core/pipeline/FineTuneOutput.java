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
 * @param embeddingsPath embeddings of the validation and test instances: semi-supervised (the
 *     fine-tuned identity layer) and self-supervised (sum of the projection head outputs)
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record FineTuneOutput(String checkpointPath, String checkpointSha256, int epochs, double finalLoss, String embeddingsPath, Map<String, String> provenance)
    implements StageOutput {

  public FineTuneOutput {
    embeddingsPath = embeddingsPath == null ? "" : embeddingsPath;
    provenance = StageOutput.copyOf(provenance);
  }

  /** The checkpoint, its loss history ({@link StageOutput#withLossHistory}), the embeddings. */
  @Override
  public List<String> artifactPaths() {
    List<String> paths = new java.util.ArrayList<>(StageOutput.withLossHistory(checkpointPath));
    if (!embeddingsPath.isEmpty()) {
      paths.add(embeddingsPath);
    }
    return List.copyOf(paths);
  }
}
