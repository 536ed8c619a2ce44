package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Output of the MetaMine stage: small values and paths, never tensors or images.
 *
 * @param cliquesPath file of mined identity cliques
 * @param cliqueCount number of cliques
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record MetaMineOutput(String cliquesPath, long cliqueCount, Map<String, String> provenance)
    implements StageOutput {

  public MetaMineOutput {
    provenance = StageOutput.copyOf(provenance);
  }

  @Override
  public List<String> artifactPaths() {
    return List.of(cliquesPath);
  }
}
