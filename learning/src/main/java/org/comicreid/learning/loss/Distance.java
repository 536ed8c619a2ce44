package org.comicreid.learning.loss;

/**
 * How a metric-learning loss or miner compares two embeddings (pytorch-metric-learning's
 * {@code LpDistance(normalize_embeddings=True)} and {@code CosineSimilarity}).
 */
public enum Distance {
  /** Euclidean distance of the L2-normalised embeddings (smaller = closer). */
  LP,
  /** Cosine similarity, the dot product of the L2-normalised embeddings (larger = closer). */
  COSINE
}
