package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.pipeline.SelectThresholdInput;
import org.comicreid.core.pipeline.SelectThresholdOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.threshold.RocPoint;
import org.comicreid.core.threshold.ThresholdChoice;
import org.comicreid.core.threshold.ThresholdSelection;
import org.comicreid.core.threshold.ValidationPairs;
import org.comicreid.experiments.report.plots.RocChart;
import org.comicreid.workflows.activities.SelectThresholdActivities;

/**
 * Select threshold (paper H): on the VALIDATION split only, the distances of positive pairs (same
 * linked identity) and of known negative pairs (different identities inside one clique) under the
 * fine-tuned embeddings; both the mean/std rule ({@code threshold.k}) and the ROC/Youden choice are
 * computed and logged, and {@code threshold.rule} picks the one clustering uses. Writes {@code
 * threshold.json} with both choices, the distance histograms and the ROC, and {@code roc.png}: the
 * ROC with the chosen threshold's operating point (the rates of the pairs strictly below it, as
 * clustering merges), both tracked as artifacts of the stage run.
 */
public final class SelectThresholdActivitiesImpl extends StageSupport implements SelectThresholdActivities {

  /** The ROC plot's file name. */
  public static final String ROC_PNG = "roc.png";

  public SelectThresholdActivitiesImpl(StageEnvironment env) {
    super(env, Stage.SELECT_THRESHOLD);
  }

  @Override
  public SelectThresholdOutput selectThreshold(SelectThresholdInput in) {
    StageParams p = new StageParams(in.params());
    EmbeddingTables t = new EmbeddingTables(Path.of(in.fineTune().embeddingsPath()),
        Path.of(in.linkSequences().sequencesPath()), Path.of(in.metaMine().cliquesPath()), "val");
    List<int[]> groups = new ArrayList<>();
    for (Artifacts.CliqueRow c : t.cliques) {
      groups.add(t.rowsOf(c));
    }
    Embeddings e = EmbeddingTables.labelled(t.semi, t.identityLabels());
    ValidationPairs pairs = ValidationPairs.of(e, groups);
    if (pairs.positive().length == 0 || pairs.negative().length == 0) {
      throw new ReidRunException("threshold selection needs positive and negative validation pairs;"
          + " the validation split has " + pairs.positive().length + " positive and "
          + pairs.negative().length + " negative pairs (too few validation sequences?)");
    }
    ThresholdChoice meanStd = ThresholdSelection.meanStd(pairs.positive(), pairs.negative(), p.dbl("threshold.k"));
    ThresholdChoice youden = ThresholdSelection.youden(pairs.positive(), pairs.negative());
    ThresholdChoice chosen = p.string("threshold.rule").equals("youden") ? youden : meanStd;
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("rule", p.string("threshold.rule"));
    report.put("threshold", chosen.threshold());
    report.put("mean_std", summary(meanStd));
    report.put("youden", summary(youden));
    report.put("positive_pairs", pairs.positive().length);
    report.put("negative_pairs", pairs.negative().length);
    report.put("positive_histogram", histogram(pairs.positive()));
    report.put("negative_histogram", histogram(pairs.negative()));
    List<double[]> roc = new ArrayList<>();
    for (RocPoint r : youden.roc()) {
      roc.add(new double[] {r.fpr(), r.tpr(), r.threshold()});
    }
    report.put("roc_fpr_tpr_threshold", roc);
    RocChart.Chosen point = new RocChart.Chosen(p.string("threshold.rule"), chosen.threshold(),
        rateBelow(pairs.negative(), chosen.threshold()), rateBelow(pairs.positive(), chosen.threshold()));
    Path file;
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()))) {
      writeJson(out.file("threshold.json"), report);
      try {
        new RocChart(String.format(Locale.ROOT, "validation ROC (%d pos / %d neg pairs, AUC %.3f)",
            pairs.positive().length, pairs.negative().length, youden.auc()), youden.roc(), point)
            .write(out.file(ROC_PNG));
      } catch (RuntimeException ex) {
        throw new ReidRunException("cannot render " + ROC_PNG + " of " + youden.roc().size()
            + " ROC points: " + ex.getMessage(), ex);
      }
      out.publish();
      file = out.finalFile("threshold.json");
    }
    say(String.format(Locale.ROOT,
        "validation: %d positive pairs (mean %.3f, std %.3f), %d negative (mean %.3f, std %.3f);"
            + " mean+%.1fstd = %.3f, Youden = %.3f (J %.3f, AUC %.3f); using %s = %.3f",
        pairs.positive().length, meanStd.posMean(), meanStd.posStd(), pairs.negative().length,
        meanStd.negMean(), meanStd.negStd(), p.dbl("threshold.k"), meanStd.threshold(),
        youden.threshold(), youden.youdenJ(), youden.auc(), p.string("threshold.rule"),
        chosen.threshold()));
    track(in, Map.of("threshold", chosen.threshold(), "threshold_mean_std", meanStd.threshold(),
        "threshold_youden", youden.threshold(), "youden_j", youden.youdenJ(), "auc", youden.auc(),
        "pos_mean", meanStd.posMean(), "neg_mean", meanStd.negMean()));
    trackArtifact(in, file);
    trackArtifact(in, file.resolveSibling(ROC_PNG));
    return new SelectThresholdOutput(chosen.threshold(), chosen.auc(),
        provenance(in, Map.of("embeddings", in.fineTune().checkpointSha256()), false));
  }

  private static Map<String, Object> summary(ThresholdChoice c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threshold", c.threshold());
    m.put("youden_j", c.youdenJ());
    m.put("pos_mean", c.posMean());
    m.put("pos_std", c.posStd());
    m.put("neg_mean", c.negMean());
    m.put("neg_std", c.negStd());
    m.put("auc", c.auc());
    return m;
  }

  /** The fraction of {@code distances} strictly below {@code t} (clustering merges while d &lt; t). */
  static double rateBelow(double[] distances, double t) {
    int n = 0;
    for (double d : distances) {
      if (d < t) {
        n++;
      }
    }
    return (double) n / distances.length;
  }

  /** 20 equal bins over [0, 2] (distances of unit vectors). */
  static int[] histogram(double[] d) {
    int[] h = new int[20];
    for (double v : d) {
      int b = (int) Math.floor(v / 0.1);
      h[Math.max(0, Math.min(19, b))]++;
    }
    return h;
  }
}
