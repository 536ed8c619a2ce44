/**
 * Agglomerative clustering on Euclidean distance with a distance threshold (scikit-learn
 * {@code AgglomerativeClustering(distance_threshold=...)} semantics): average, single and complete
 * linkage by the nearest-neighbour chain algorithm.
 */
package org.comicreid.core.clustering;
