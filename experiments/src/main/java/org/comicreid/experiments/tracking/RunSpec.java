package org.comicreid.experiments.tracking;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What to start (or find again) in a tracker.
 *
 * @param key the idempotency key: starting a run with a key that already has a run returns that
 *     run (a retried activity logs into the same run); letters, digits and {@code _ . : / -}
 * @param experiment experiment name (created when missing)
 * @param runName display name of the run
 * @param parentRunId id of the parent run (pipeline run of a stage run, sweep of a trial), or empty
 * @param workflowId the Temporal workflow id, or empty
 * @param tags extra tags
 * @param params parameters, typically the resolved config as a flat map
 */
public record RunSpec(
    String key,
    String experiment,
    String runName,
    String parentRunId,
    String workflowId,
    Map<String, String> tags,
    Map<String, String> params) {

  /** Allowed run keys (they are matched in MLflow search filters). */
  public static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/\\-]{1,250}");

  public RunSpec {
    Objects.requireNonNull(key, "key");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("run key '" + key + "' must match " + KEY.pattern());
    }
    Objects.requireNonNull(experiment, "experiment");
    runName = runName == null ? key : runName;
    parentRunId = parentRunId == null ? "" : parentRunId;
    workflowId = workflowId == null ? "" : workflowId;
    tags = Map.copyOf(new TreeMap<>(tags == null ? Map.of() : tags));
    params = Map.copyOf(new TreeMap<>(params == null ? Map.of() : params));
  }

  /** A run with no parent, tags or params. */
  public static RunSpec of(String key, String experiment, String runName) {
    return new RunSpec(key, experiment, runName, "", "", Map.of(), Map.of());
  }

  /** This spec as a child of {@code parentRunId}. */
  public RunSpec withParent(String parentRunId) {
    return new RunSpec(key, experiment, runName, parentRunId, workflowId, tags, params);
  }

  /** This spec with a workflow id. */
  public RunSpec withWorkflowId(String workflowId) {
    return new RunSpec(key, experiment, runName, parentRunId, workflowId, tags, params);
  }

  /** This spec with these tags. */
  public RunSpec withTags(Map<String, String> tags) {
    return new RunSpec(key, experiment, runName, parentRunId, workflowId, tags, params);
  }

  /** This spec with these params. */
  public RunSpec withParams(Map<String, String> params) {
    return new RunSpec(key, experiment, runName, parentRunId, workflowId, tags, params);
  }
}
