package org.comicreid.activities.tracking;

import java.util.LinkedHashMap;
import java.util.Map;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.experiments.tracking.RunSpec;
import org.comicreid.experiments.tracking.RunTags;

/**
 * The run specs of a tracked pipeline, built in one place so that whoever starts a run (the
 * {@code reid run} client, a retried ledger activity, a stage activity looking its run up) asks the
 * tracker for the same key and so finds the same run.
 *
 * <ul>
 *   <li>The pipeline run: key and name = the workflow id {@code <experiment>-<configHash>}.
 *   <li>A stage run: key = the stage key, name = the stage's key name (e.g. {@code finetune}),
 *       child of the pipeline run ({@code mlflow.parentRunId}).
 * </ul>
 */
public final class PipelineRuns {

  /** Tag of the whole config's hash on the pipeline run. */
  public static final String CONFIG_HASH = "reid.config_hash";
  /** Tag of the stage name on a stage run. */
  public static final String STAGE = "reid.stage";
  /** Tag of the stage key on a stage run. */
  public static final String STAGE_KEY = "reid.stage_key";
  /** Prefix of the pipeline-run tags that mark a stage reused from the ledger. */
  public static final String CACHED_PREFIX = "reid.cached.";
  /** Tag and metric on the pipeline run: how many stages were reused from the ledger. */
  public static final String CACHE_HITS = "reid.cache_hits";
  /** Tag on a failed pipeline run: the one-line failure. */
  public static final String ERROR = "reid.error";
  /** {@code mlflow.source.name} of pipeline runs started by {@code reid run}. */
  public static final String SOURCE_REID_RUN = "reid run";

  private PipelineRuns() {}

  /**
   * Logs a finished pipeline's headline results on its run: every evaluate metric and the
   * pretraining validation under their dotted names ({@code local.semi_supervised.p_at_1}, {@code
   * face.global.self_supervised.map}, {@code pretrain.ssl_val.identity.top1}), the selected
   * threshold, the clustering scores, and which stages were reused ({@code reid.cached.<stage>},
   * {@code reid.cache_hits} as tag and metric). Does not finish the run.
   */
  public static void logResult(
      org.comicreid.experiments.tracking.TrackedRun run,
      org.comicreid.core.pipeline.PipelineResult result) {
    java.util.List<org.comicreid.experiments.tracking.MetricPoint> points = new java.util.ArrayList<>();
    long now = System.currentTimeMillis();
    org.comicreid.experiments.sweep.SweepReport.flat(result).forEach((k, v) ->
        points.add(new org.comicreid.experiments.tracking.MetricPoint(k, v, 0, now)));
    if (result.selectThreshold() != null && Double.isFinite(result.selectThreshold().threshold())) {
      points.add(new org.comicreid.experiments.tracking.MetricPoint(
          "cluster.threshold", result.selectThreshold().threshold(), 0, now));
    }
    if (result.cluster() != null) {
      for (Map.Entry<String, Double> e : Map.of(
          "cluster.mean_adjusted_rand", result.cluster().meanAdjustedRand(),
          "cluster.mean_purity", result.cluster().meanPurity()).entrySet()) {
        if (Double.isFinite(e.getValue())) {
          points.add(new org.comicreid.experiments.tracking.MetricPoint(e.getKey(), e.getValue(), 0, now));
        }
      }
    }
    if (!points.isEmpty()) {
      run.logMetrics(points);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (Stage s : result.cached()) {
      tags.put(CACHED_PREFIX + s.key(), "true");
    }
    tags.put(CACHE_HITS, Integer.toString(result.cached().size()));
    run.setTags(tags);
    run.logMetric(CACHE_HITS, result.cached().size(), 0);
  }

  /**
   * The pipeline run of a workflow.
   *
   * @param trackingExperiment the tracker's experiment name
   * @param workflowId the workflow id (key and name of the run)
   * @param configHash the whole config's hash
   * @param params the run's params
   */
  public static RunSpec pipeline(
      String trackingExperiment, String workflowId, String configHash, Map<String, String> params) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(RunTags.SOURCE_NAME, SOURCE_REID_RUN);
    tags.put(CONFIG_HASH, configHash);
    return new RunSpec(workflowId, trackingExperiment, workflowId, "", workflowId, tags, params);
  }

  /**
   * The run of one stage execution.
   *
   * @param trackingExperiment the tracker's experiment name (the pipeline run's)
   * @param stage the stage
   * @param stageKey the stage key (key of the run)
   * @param workflowId the workflow that runs it
   * @param parentRunId the pipeline run, or empty when only looking the run up again
   * @param params the stage's config slice
   */
  public static RunSpec stage(
      String trackingExperiment,
      Stage stage,
      String stageKey,
      String workflowId,
      String parentRunId,
      Map<String, String> params) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(STAGE, stage.key());
    tags.put(STAGE_KEY, stageKey);
    return new RunSpec(
        stageKey, trackingExperiment, stage.key(), parentRunId, workflowId, tags, params);
  }
}
