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
  default RetrievalMetrics evaluate(Embeddings query, Embeddings reference, boolean avgOfAvgs) {
    return evaluate(query, reference, null, avgOfAvgs);
  }

  /**
   * Evaluates queries that may themselves be rows of a larger reference set (pytorch-metric-learning's
   * {@code embeddings_come_from_same_source} with a superset reference).
   *
   * @param query labelled query rows
   * @param reference labelled reference rows, or {@code null} for reference = query (then
   *     {@code selfIndex} is ignored and each query's own row is removed)
   * @param selfIndex per query, the index of its own row in {@code reference} (removed from its
   *     neighbours, and not counted in R), or -1; {@code null} when no query is in the reference
   * @param avgOfAvgs average per query label first, then over labels
   */
  RetrievalMetrics evaluate(Embeddings query, Embeddings reference, int[] selfIndex, boolean avgOfAvgs);

  /**
   * Checks that both sets are labelled with the same dimension and that every self row exists and
   * carries its query's label; returns the self index per query (identity when {@code reference}
   * is null, -1 for queries that are not in the reference set).
   */
  static int[] checkInputs(Embeddings query, Embeddings reference, int[] selfIndex) {
    if (!query.labelled() || (reference != null && !reference.labelled())) {
      throw new IllegalArgumentException("retrieval metrics need labelled embeddings");
    }
    int nq = query.size();
    int[] self = new int[nq];
    if (reference == null) {
      for (int q = 0; q < nq; q++) {
        self[q] = q;
      }
      return self;
    }
    if (reference.dim() != query.dim()) {
      throw new IllegalArgumentException(
          "query dim " + query.dim() + " differs from reference dim " + reference.dim());
    }
    if (selfIndex == null) {
      java.util.Arrays.fill(self, -1);
      return self;
    }
    if (selfIndex.length != nq) {
      throw new IllegalArgumentException(selfIndex.length + " self indexes for " + nq + " queries");
    }
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int q = 0; q < nq; q++) {
      int s = selfIndex[q];
      if (s >= 0) {
        if (s >= reference.size() || reference.label(s) != query.label(q) || !seen.add(s)) {
          throw new IllegalArgumentException(
              "self index " + s + " of query " + q + " is out of range, reused, or has another label");
        }
      }
      self[q] = s < 0 ? -1 : s;
    }
    return self;
  }
}
