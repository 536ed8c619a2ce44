package org.comicreid.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.comicreid.core.pipeline.EvaluateOutput;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageRecord;

/**
 * The end-of-run report: the table of the five metrics x {local, global} x the four models, the
 * clustering scores, each stage's wall time, and the same as JSON ({@code local} and {@code
 * global} objects keyed by model, metric keys as in {@code reid eval-embeddings}).
 */
final class ResultReport {
  static final List<String> MODELS = org.comicreid.activities.stages.EvaluateActivitiesImpl.MODELS;
  static final List<String> METRICS = org.comicreid.activities.stages.EvaluateActivitiesImpl.METRICS;
  static final Map<String, String> METRIC_TITLES = Map.of("map", "MAP", "map_at_r", "MAP@R",
      "mrr", "MRR", "p_at_1", "P@1", "r_precision", "R-P");

  private ResultReport() {}

  /** The metric table. */
  static String table(EvaluateOutput e) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-8s %-16s", "", "model"));
    for (String m : METRICS) {
      b.append(String.format(Locale.ROOT, " %7s", METRIC_TITLES.get(m)));
    }
    b.append('\n');
    for (String scope : List.of("local", "global")) {
      for (String model : MODELS) {
        b.append(String.format(Locale.ROOT, "%-8s %-16s", scope, model));
        for (String m : METRICS) {
          Double v = e.metrics().get(scope + "." + model + "." + m);
          b.append(v == null || !Double.isFinite(v)
              ? String.format(Locale.ROOT, " %7s", "n/a")
              : String.format(Locale.ROOT, " %7.4f", v));
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  /** {@code stage: 12.3 s} lines for the stages this run executed (from the ledger). */
  static String wallTimes(PipelineResult r, Map<Stage, StageRecord> records) {
    StringBuilder b = new StringBuilder();
    for (Stage s : Stage.inOrder()) {
      StageRecord rec = records.get(s);
      String t;
      if (r.cached().contains(s)) {
        t = "reused";
      } else if (rec != null && rec.startedAt() != null && rec.finishedAt() != null) {
        t = String.format(Locale.ROOT, "%.1f s",
            Duration.between(rec.startedAt(), rec.finishedAt()).toMillis() / 1000.0);
      } else {
        t = "?";
      }
      b.append(String.format(Locale.ROOT, "  %-10s %s%n", s.key(), t));
    }
    return b.toString();
  }

  /** The JSON document of {@code --json}. */
  static String json(PipelineResult r, Map<Stage, StageRecord> records) {
    EvaluateOutput e = r.evaluate();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("workflow_id", r.workflowId());
    for (String scope : List.of("local", "global")) {
      Map<String, Object> models = new LinkedHashMap<>();
      for (String model : MODELS) {
        Map<String, Object> ms = new LinkedHashMap<>();
        for (String m : METRICS) {
          Double v = e.metrics().get(scope + "." + model + "." + m);
          ms.put(m, v == null || !Double.isFinite(v) ? null : v);
        }
        models.put(model, ms);
      }
      doc.put(scope, models);
    }
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("threshold", r.selectThreshold().threshold());
    cluster.put("clusters", r.cluster().clusterCount());
    cluster.put("mean_adjusted_rand", finite(r.cluster().meanAdjustedRand()));
    cluster.put("mean_purity", finite(r.cluster().meanPurity()));
    doc.put("cluster", cluster);
    Map<String, Object> stages = new LinkedHashMap<>();
    for (Stage s : Stage.inOrder()) {
      StageRecord rec = records.get(s);
      Map<String, Object> st = new LinkedHashMap<>();
      st.put("reused", r.cached().contains(s));
      if (rec != null && rec.startedAt() != null && rec.finishedAt() != null) {
        st.put("seconds", Duration.between(rec.startedAt(), rec.finishedAt()).toMillis() / 1000.0);
      }
      st.put("stage_key", r.stageKeys().get(s));
      stages.put(s.key(), st);
    }
    doc.put("stages", stages);
    doc.put("metrics_file", e.metricsPath());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
