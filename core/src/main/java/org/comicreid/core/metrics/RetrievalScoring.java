package org.comicreid.core.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-query scoring and averaging with pytorch-metric-learning v2 AccuracyCalculator semantics.
 *
 * <p>For one query with R relevant references and a ranked list of k neighbours, let r = min(R, k)
 * and let pos_1 &lt; pos_2 &lt; ... be the 1-based positions of the neighbours that share the
 * query's label. Then MAP = sum_p (p / pos_p) / r; MAP@R is the same sum over pos_p &le; r, divided
 * by r; R-precision = #{pos_p &le; r} / r; P@1 = [pos_1 = 1]; MRR = 1 / pos_1, or 0 when no
 * neighbour matches. Queries with R = 0 (lone queries) are left out.
 */
public final class RetrievalScoring {
  private RetrievalScoring() {}

  /** Metric indexes in the per-query score arrays. */
  static final int MAP = 0;
  static final int MAP_AT_R = 1;
  static final int MRR = 2;
  static final int P_AT_1 = 3;
  static final int R_PRECISION = 4;

  /**
   * Scores one query.
   *
   * @param relevant R, the number of references that share the query's label (self excluded)
   * @param k the length of the ranked list
   * @param positions ascending 1-based positions of the matching neighbours within the list
   * @param count how many entries of {@code positions} to use
   * @param out receives MAP, MAP@R, MRR, P@1, R-precision
   */
  static void scoreQuery(int relevant, int k, int[] positions, int count, double[] out) {
    int r = Math.min(relevant, k);
    double ap = 0;
    double apAtR = 0;
    int hitsAtR = 0;
    for (int p = 0; p < count; p++) {
      int pos = positions[p];
      double precision = (double) (p + 1) / pos;
      ap += precision;
      if (pos <= r) {
        apAtR += precision;
        hitsAtR++;
      }
    }
    out[MAP] = ap / r;
    out[MAP_AT_R] = apAtR / r;
    out[MRR] = count > 0 ? 1.0 / positions[0] : 0.0;
    out[P_AT_1] = count > 0 && positions[0] == 1 ? 1.0 : 0.0;
    out[R_PRECISION] = (double) hitsAtR / r;
  }

  /**
   * Metrics from neighbour labels that are already ranked (pytorch-metric-learning's
   * {@code knn_labels}).
   *
   * @param queryLabels one label per query
   * @param knnLabels per query, the labels of its ranked neighbours (all rows the same length k);
   *     when the query is in the reference set its own hit must already be removed
   * @param referenceLabelCounts how many references carry each label
   * @param queryInReference whether each query is itself one of the counted references (then R is
   *     the count minus one)
   * @param avgOfAvgs average per query label first, then over labels
   */
  public static RetrievalMetrics fromRankedLabels(
      int[] queryLabels,
      int[][] knnLabels,
      Map<Integer, Integer> referenceLabelCounts,
      boolean queryInReference,
      boolean avgOfAvgs) {
    if (queryLabels.length != knnLabels.length) {
      throw new IllegalArgumentException(
          queryLabels.length + " query labels but " + knnLabels.length + " knn rows");
    }
    Accumulator acc = new Accumulator(avgOfAvgs);
    double[] scores = new double[5];
    for (int q = 0; q < queryLabels.length; q++) {
      int label = queryLabels[q];
      int relevant = referenceLabelCounts.getOrDefault(label, 0) - (queryInReference ? 1 : 0);
      if (relevant <= 0) {
        acc.addLone();
        continue;
      }
      int[] row = knnLabels[q];
      int[] positions = new int[row.length];
      int count = 0;
      for (int i = 0; i < row.length; i++) {
        if (row[i] == label) {
          positions[count++] = i + 1;
        }
      }
      scoreQuery(relevant, row.length, positions, count, scores);
      acc.add(label, scores);
    }
    return acc.result();
  }

  /** Averages per-query scores globally or per class (avg_of_avgs). Not thread-safe. */
  static final class Accumulator {
    private final boolean avgOfAvgs;
    private final double[] total = new double[5];
    private final Map<Integer, double[]> perLabel = new LinkedHashMap<>();
    private final Map<Integer, Integer> perLabelCount = new HashMap<>();
    private int used;
    private int lone;

    Accumulator(boolean avgOfAvgs) {
      this.avgOfAvgs = avgOfAvgs;
    }

    void addLone() {
      lone++;
    }

    void add(int label, double[] scores) {
      used++;
      if (avgOfAvgs) {
        double[] sums = perLabel.computeIfAbsent(label, l -> new double[5]);
        for (int m = 0; m < 5; m++) {
          sums[m] += scores[m];
        }
        perLabelCount.merge(label, 1, Integer::sum);
      } else {
        for (int m = 0; m < 5; m++) {
          total[m] += scores[m];
        }
      }
    }

    RetrievalMetrics result() {
      double[] avg = new double[5];
      if (used == 0) {
        java.util.Arrays.fill(avg, Double.NaN);
      } else if (avgOfAvgs) {
        for (Map.Entry<Integer, double[]> e : perLabel.entrySet()) {
          int n = perLabelCount.get(e.getKey());
          for (int m = 0; m < 5; m++) {
            avg[m] += e.getValue()[m] / n;
          }
        }
        for (int m = 0; m < 5; m++) {
          avg[m] /= perLabel.size();
        }
      } else {
        for (int m = 0; m < 5; m++) {
          avg[m] = total[m] / used;
        }
      }
      return new RetrievalMetrics(
          avg[MAP], avg[MAP_AT_R], avg[MRR], avg[P_AT_1], avg[R_PRECISION], used, lone);
    }
  }
}
