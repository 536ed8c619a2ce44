package org.comicreid.core.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.metrics.RetrievalEngine;
import org.comicreid.core.metrics.RetrievalMetrics;

/**
 * Local evaluation (FACTS "Local evaluation"): inside each group (a test sequence or clique) the
 * query set is the reference set with each query's own row removed. Groups with fewer than
 * {@code minGroupSize} rows are skipped; groups whose result has a NaN metric (every label occurs
 * once, so every query is lone) are dropped; each metric is the unweighted mean over the counted
 * groups.
 */
public final class LocalEvaluation {
  /** The authors' minimum group size. */
  public static final int PAPER_MIN_GROUP_SIZE = 5;

  private LocalEvaluation() {}

  /**
   * One group.
   *
   * @param id the group's name
   * @param embeddings its labelled rows
   */
  public record Group(String id, Embeddings embeddings) {}

  /**
   * One counted group's metrics.
   *
   * @param id the group's name
   * @param metrics its metrics
   */
  public record GroupResult(String id, RetrievalMetrics metrics) {}

  /**
   * The local result. Means are NaN when no group was counted.
   *
   * @param map mean over groups of MAP
   * @param mapAtR mean over groups of MAP@R
   * @param mrr mean over groups of MRR
   * @param pAt1 mean over groups of P@1
   * @param rPrecision mean over groups of R-precision
   * @param counted groups in the means
   * @param skippedSmall groups with fewer than the minimum number of rows
   * @param droppedNaN groups whose result had a NaN metric
   * @param groups the counted groups' results, in input order
   */
  public record Result(
      double map,
      double mapAtR,
      double mrr,
      double pAt1,
      double rPrecision,
      int counted,
      int skippedSmall,
      int droppedNaN,
      List<GroupResult> groups) {
    /** Copies the list. */
    public Result {
      groups = List.copyOf(groups);
    }
  }

  /**
   * Evaluates the groups.
   *
   * @param groups the groups
   * @param minGroupSize the smallest group evaluated (5 in the authors' code)
   * @param avgOfAvgs average per label first inside each group
   * @param engine the retrieval engine
   */
  public static Result evaluate(List<Group> groups, int minGroupSize, boolean avgOfAvgs, RetrievalEngine engine) {
    double[] sum = new double[5];
    int skipped = 0;
    int dropped = 0;
    List<GroupResult> kept = new ArrayList<>();
    for (Group g : groups) {
      if (g.embeddings().size() < minGroupSize || g.embeddings().size() == 0) {
        skipped++;
        continue;
      }
      RetrievalMetrics m = engine.evaluate(g.embeddings(), null, avgOfAvgs);
      double[] v = {m.map(), m.mapAtR(), m.mrr(), m.pAt1(), m.rPrecision()};
      boolean nan = false;
      for (double x : v) {
        nan |= Double.isNaN(x);
      }
      if (nan) {
        dropped++;
        continue;
      }
      for (int i = 0; i < 5; i++) {
        sum[i] += v[i];
      }
      kept.add(new GroupResult(g.id(), m));
    }
    int c = kept.size();
    double d = c == 0 ? Double.NaN : c;
    return new Result(sum[0] / d, sum[1] / d, sum[2] / d, sum[3] / d, sum[4] / d, c, skipped, dropped, kept);
  }
}
