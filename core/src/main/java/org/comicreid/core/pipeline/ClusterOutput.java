package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Output of the Cluster stage: small values and paths, never tensors or images.
 *
 * @param clustersPath file of instance to cluster assignments
 * @param clusterCount number of clusters
 * @param meanAdjustedRand mean over the clustered sequences of the adjusted Rand index against
 *     the sequence-local labels
 * @param meanPurity mean over the clustered sequences of the cluster purity
 * @param provenance how this output was produced ({@link StageOutput#provenance()})
 */
public record ClusterOutput(String clustersPath, int clusterCount, double meanAdjustedRand, double meanPurity, Map<String, String> provenance)
    implements StageOutput {

  public ClusterOutput {
    provenance = StageOutput.copyOf(provenance);
  }

  @Override
  public List<String> artifactPaths() {
    return List.of(clustersPath);
  }
}
