package org.comicreid.core.metrics;

/**
 * Computes retrieval metrics for labelled query embeddings against a reference set, with k = all
 * references and Euclidean distance. Equal distances are ordered by reference index.
 */
public interface RetrievalEngine {

  /**
   * Evaluates the queries.
   *
   * @param query labelled query rows
   * @param reference labelled reference rows, or {@code null} to use the queries themselves as the
   *     reference set, each query's own row being removed (by index) from its neighbours
   * @param avgOfAvgs average per query label first, then over labels
   */
  RetrievalMetrics evaluate(Embeddings query, Embeddings reference, boolean avgOfAvgs);

  /** Checks that both sets are labelled and have the same dimension. */
  static void checkInputs(Embeddings query, Embeddings reference) {
    if (!query.labelled() || (reference != null && !reference.labelled())) {
      throw new IllegalArgumentException("retrieval metrics need labelled embeddings");
    }
    if (reference != null && reference.dim() != query.dim()) {
      throw new IllegalArgumentException(
          "query dim " + query.dim() + " differs from reference dim " + reference.dim());
    }
  }
}
