package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Output of the LinkSequences stage: small values and paths, never tensors or images.
 *
 * @param sequencesPath file of linked instance sequences
 * @param sequenceCount number of sequences
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record LinkSequencesOutput(String sequencesPath, long sequenceCount, Map<String, String> provenance)
    implements StageOutput {

  public LinkSequencesOutput {
    provenance = StageOutput.copyOf(provenance);
  }

  @Override
  public List<String> artifactPaths() {
    return List.of(sequencesPath);
  }
}
