package org.comicreid.core.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the pipeline workflow needs to run one experiment: small, serialisable, and free of
 * framework types. The worker builds it from the resolved config.
 *
 * @param experiment the experiment name (config {@code experiment})
 * @param configHash sha256 of the whole resolved config; with the experiment it names the workflow
 * @param datasetKey the catalog's key of the dataset the pipeline runs on
 * @param artifactRoot the directory under which stages write their artifacts
 * @param workflowQueue the task queue of the workflow and of the stage ledger activities
 * @param stageOptions scheduling options per stage; all nine stages must be present
 * @param stageConfigHashes sha256 of each stage's resolved config slice ({@code <stage>.*} without
 *     the execution settings such as timeouts and queues); all nine stages must be present
 * @param trackingRunId the tracked run of the whole pipeline (the parent of the stage runs), or
 *     empty when the pipeline is not tracked
 * @param stageParams per stage, the parameters its tracked run records (that stage's resolved
 *     config slice, secrets redacted); stages without an entry record none
 * @param datasetHash the content hash of the dataset, part of every stage key ({@code ""} when
 *     unknown)
 * @param stageCodeVersions per stage, the version of the code that computes it, part of its stage
 *     key; a stage without an entry has version {@code ""}
 * @param forced stages whose cached output is ignored: they and every stage downstream of them run
 *     again under the same keys, replacing what the ledger holds ({@code reid run --force})
 */
public record PipelineSpec(
    String experiment,
    String configHash,
    String datasetKey,
    String artifactRoot,
    String workflowQueue,
    Map<Stage, StageOptions> stageOptions,
    Map<Stage, String> stageConfigHashes,
    String trackingRunId,
    Map<Stage, Map<String, String>> stageParams,
    String datasetHash,
    Map<Stage, String> stageCodeVersions,
    java.util.Set<Stage> forced) {

  /** A spec without dataset hash, code versions or forced stages. */
  public PipelineSpec(
      String experiment,
      String configHash,
      String datasetKey,
      String artifactRoot,
      String workflowQueue,
      Map<Stage, StageOptions> stageOptions,
      Map<Stage, String> stageConfigHashes,
      String trackingRunId,
      Map<Stage, Map<String, String>> stageParams) {
    this(experiment, configHash, datasetKey, artifactRoot, workflowQueue, stageOptions,
        stageConfigHashes, trackingRunId, stageParams, "", Map.of(), java.util.Set.of());
  }

  /** A spec that is not tracked. */
  public PipelineSpec(
      String experiment,
      String configHash,
      String datasetKey,
      String artifactRoot,
      String workflowQueue,
      Map<Stage, StageOptions> stageOptions,
      Map<Stage, String> stageConfigHashes) {
    this(experiment, configHash, datasetKey, artifactRoot, workflowQueue, stageOptions,
        stageConfigHashes, "", Map.of());
  }

  public PipelineSpec {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(configHash, "configHash");
    Objects.requireNonNull(datasetKey, "datasetKey");
    Objects.requireNonNull(artifactRoot, "artifactRoot");
    Objects.requireNonNull(workflowQueue, "workflowQueue");
    if (experiment.isBlank() || !experiment.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "experiment must be letters, digits, '.', '_' or '-', got '" + experiment + "'");
    }
    stageOptions = Collections.unmodifiableMap(new EnumMap<>(complete(stageOptions, "stageOptions")));
    stageConfigHashes =
        Collections.unmodifiableMap(new EnumMap<>(complete(stageConfigHashes, "stageConfigHashes")));
    trackingRunId = trackingRunId == null ? "" : trackingRunId;
    Map<Stage, Map<String, String>> params = new EnumMap<>(Stage.class);
    if (stageParams != null) {
      stageParams.forEach((s, p) -> params.put(s, Map.copyOf(p == null ? Map.of() : p)));
    }
    stageParams = Collections.unmodifiableMap(params);
    datasetHash = datasetHash == null ? "" : datasetHash;
    Map<Stage, String> versions = new EnumMap<>(Stage.class);
    if (stageCodeVersions != null) {
      stageCodeVersions.forEach((s, v) -> versions.put(s, v == null ? "" : v));
    }
    stageCodeVersions = Collections.unmodifiableMap(versions);
    java.util.EnumSet<Stage> f = java.util.EnumSet.noneOf(Stage.class);
    if (forced != null) {
      f.addAll(forced);
    }
    forced = Collections.unmodifiableSet(f);
  }

  /**
   * Whether the cached output of {@code stage} is ignored: it is forced, or downstream of a forced
   * stage.
   */
  public boolean isForced(Stage stage) {
    for (Stage f : forced) {
      if (f == stage || StageGraph.downstreamOf(f).contains(stage)) {
        return true;
      }
    }
    return false;
  }

  /** A copy that reruns {@code stages} and everything downstream of them. */
  public PipelineSpec withForced(java.util.Set<Stage> stages) {
    return new PipelineSpec(experiment, configHash, datasetKey, artifactRoot, workflowQueue,
        stageOptions, stageConfigHashes, trackingRunId, stageParams, datasetHash, stageCodeVersions,
        stages);
  }

  /** A copy with the dataset's content hash and the stages' code versions in the stage keys. */
  public PipelineSpec withCacheIdentity(String datasetHash, Map<Stage, String> codeVersions) {
    return new PipelineSpec(experiment, configHash, datasetKey, artifactRoot, workflowQueue,
        stageOptions, stageConfigHashes, trackingRunId, stageParams, datasetHash, codeVersions,
        forced);
  }

  /** The parameters the tracked run of {@code stage} records (empty if none). */
  public Map<String, String> paramsOf(Stage stage) {
    return stageParams.getOrDefault(stage, Map.of());
  }

  /** A copy tracked in the run {@code runId} (the parent of the stage runs). */
  public PipelineSpec withTracking(String runId) {
    return new PipelineSpec(experiment, configHash, datasetKey, artifactRoot, workflowQueue,
        stageOptions, stageConfigHashes, runId, stageParams, datasetHash, stageCodeVersions, forced);
  }

  private static <V> Map<Stage, V> complete(Map<Stage, V> map, String what) {
    Objects.requireNonNull(map, what);
    List<String> missing = new ArrayList<>();
    for (Stage s : Stage.values()) {
      if (map.get(s) == null) {
        missing.add(s.key());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(what + " lacks stages " + String.join(", ", missing));
    }
    return map;
  }

  /**
   * The workflow id, {@code <experiment>-<runHash>}: a resubmission of the same config on the same
   * data with the same stage code finds its running or finished workflow.
   */
  public String workflowId() {
    return workflowId(experiment, runHash());
  }

  /**
   * The config hash, or, once the dataset's content hash or the stages' code versions are known
   * ({@link #withCacheIdentity}), the sha256 over the config hash, the dataset hash and the code
   * versions, so that new data or new stage code is a new workflow rather than a join of an old
   * finished one.
   */
  public String runHash() {
    if (datasetHash.isEmpty() && stageCodeVersions.isEmpty()) {
      return configHash;
    }
    StringBuilder b = new StringBuilder("comic-reid/run/v1\n").append(configHash).append('\n')
        .append(datasetHash).append('\n');
    for (Stage s : Stage.inOrder()) {
      b.append(s.key()).append('=').append(stageCodeVersions.getOrDefault(s, "")).append('\n');
    }
    return StageKeys.sha256Hex(b.toString());
  }

  /** The workflow id of an experiment and config hash, {@code <experiment>-<configHash>}. */
  public static String workflowId(String experiment, String configHash) {
    return experiment + "-" + configHash;
  }

  /** Scheduling options of a stage. */
  public StageOptions options(Stage stage) {
    return stageOptions.get(stage);
  }

  /** A copy with other options for one stage. */
  public PipelineSpec withOptions(Stage stage, StageOptions options) {
    Map<Stage, StageOptions> copy = new EnumMap<>(stageOptions);
    copy.put(stage, options);
    return new PipelineSpec(experiment, configHash, datasetKey, artifactRoot, workflowQueue, copy,
        stageConfigHashes, trackingRunId, stageParams, datasetHash, stageCodeVersions, forced);
  }

  /**
   * The stage keys of all nine stages, computed along {@link StageGraph}. Pure: the workflow calls
   * it, and so do {@code reid status} and tests that seed a ledger.
   */
  public Map<Stage, String> stageKeys() {
    Map<Stage, String> keys = new EnumMap<>(Stage.class);
    for (Stage s : Stage.inOrder()) {
      List<String> inputKeys = new ArrayList<>();
      for (Stage in : StageGraph.inputsOf(s)) {
        inputKeys.add(keys.get(in));
      }
      keys.put(s, StageKeys.of(experiment, s, stageConfigHashes.get(s), inputKeys, datasetKey,
          datasetHash, stageCodeVersions.getOrDefault(s, "")));
    }
    return Collections.unmodifiableMap(keys);
  }

  /**
   * The artifact directory of one stage execution: {@code
   * <artifactRoot>/<experiment>/<stage>/<first 16 hex of the stage key>}.
   */
  public String artifactDir(Stage stage, String stageKey) {
    String root = artifactRoot.endsWith("/") ? artifactRoot : artifactRoot + "/";
    return root + experiment + "/" + stage.key() + "/" + stageKey.substring(0, 16);
  }
}
