package org.comicreid.core.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The plain reference engine: for each query it computes every exact distance, sorts the
 * references by (distance, index) and scores the ranked labels. O(nq * nr * (dim + log nr)) time;
 * meant for tests and small inputs, and as the yardstick for {@link RankCountingRetrievalEngine}.
 */
public final class ReferenceRetrievalEngine implements RetrievalEngine {

  @Override
  public RetrievalMetrics evaluate(
      Embeddings query, Embeddings reference, int[] selfIndex, boolean avgOfAvgs) {
    int[] self = RetrievalEngine.checkInputs(query, reference, selfIndex);
    Embeddings ref = reference == null ? query : reference;
    int dim = query.dim();
    Map<Integer, Integer> counts = new HashMap<>();
    for (int j = 0; j < ref.size(); j++) {
      counts.merge(ref.label(j), 1, Integer::sum);
    }
    RetrievalScoring.Accumulator acc = new RetrievalScoring.Accumulator(avgOfAvgs);
    double[] scores = new double[5];
    Integer[] order = new Integer[ref.size()];
    double[] dist = new double[ref.size()];
    int[] positions = new int[ref.size()];
    for (int q = 0; q < query.size(); q++) {
      int label = query.label(q);
      boolean inRef = self[q] >= 0;
      int relevant = counts.getOrDefault(label, 0) - (inRef ? 1 : 0);
      int k = ref.size() - (inRef ? 1 : 0);
      if (relevant <= 0) {
        acc.addLone();
        continue;
      }
      int n = 0;
      for (int j = 0; j < ref.size(); j++) {
        if (j == self[q]) {
          continue;
        }
        dist[j] = Distances.squared(query.data(), q, ref.data(), j, dim);
        order[n++] = j;
      }
      Arrays.sort(order, 0, n, (a, b) -> {
        int c = Double.compare(dist[a], dist[b]);
        return c != 0 ? c : Integer.compare(a, b);
      });
      int count = 0;
      for (int i = 0; i < k; i++) {
        if (ref.label(order[i]) == label) {
          positions[count++] = i + 1;
        }
      }
      RetrievalScoring.scoreQuery(relevant, k, positions, count, scores);
      acc.add(label, scores);
    }
    return acc.result();
  }
}
