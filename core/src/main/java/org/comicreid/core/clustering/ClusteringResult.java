package org.comicreid.core.clustering;

/**
 * The flat clustering cut from a dendrogram.
 *
 * @param labels cluster number per point; clusters are numbered 0, 1, ... in the order of their
 *     lowest-index point, so point 0 is always in cluster 0
 * @param clusterCount the number of clusters
 * @param mergeDistances the linkage distance of every merge of the full dendrogram (n - 1 values),
 *     ascending
 */
public record ClusteringResult(int[] labels, int clusterCount, double[] mergeDistances) {}
