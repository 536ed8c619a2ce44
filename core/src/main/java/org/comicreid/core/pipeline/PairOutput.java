package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Output of the Pair stage: small values and paths, never tensors or images.
 *
 * @param pairsPath file of mined positive/negative instance pairs
 * @param pairCount number of pairs
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record PairOutput(String pairsPath, long pairCount, Map<String, String> provenance)
    implements StageOutput {

  public PairOutput {
    provenance = StageOutput.copyOf(provenance);
  }

  @Override
  public List<String> artifactPaths() {
    return List.of(pairsPath);
  }
}
