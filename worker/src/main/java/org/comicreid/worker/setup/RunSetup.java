package org.comicreid.worker.setup;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageOptions;
import org.comicreid.experiments.config.ConfigLoader;
import org.comicreid.experiments.config.KeyScope;
import org.comicreid.experiments.config.ReidConfig;
import org.comicreid.experiments.config.ResolvedConfig;
import org.comicreid.experiments.config.StageSettings;
import org.comicreid.worker.temporal.WorkerSettings;

/**
 * The seam between configuration and the pipeline machinery: the resolved, validated config
 * (defaults &lt; file &lt; {@code --set}) mapped onto the {@link PipelineSpec} the workflow runs and
 * the {@link WorkerSettings} this process uses. Nothing else in the worker reads config keys.
 *
 * <p>Hashes come from the config module: the workflow id is {@code <experiment>-<configHash>},
 * and each stage key is built from that stage's config slice hash, which leaves out the
 * execution settings (timeouts, retries, queue), so changing a timeout never invalidates a
 * finished stage.
 *
 * @param spec what the workflow runs
 * @param worker how this process talks to Temporal and serves queues
 * @param config the resolved config, with origins and hashes
 */
public record RunSetup(PipelineSpec spec, WorkerSettings worker, ResolvedConfig config) {

  /**
   * This setup with the dataset's content hash and this build's stage code versions in its stage
   * keys ({@link PipelineSpec#withCacheIdentity}); what {@code reid run}, {@code reid sweep} and
   * {@code reid status} use once the dataset is in the catalog.
   */
  public RunSetup withCacheIdentity(String datasetHash) {
    return new RunSetup(
        spec.withCacheIdentity(datasetHash,
            org.comicreid.activities.stages.StageCodeVersions.current()),
        worker, config);
  }

  /** This setup rerunning {@code stages} and everything downstream of them. */
  public RunSetup withForced(java.util.Set<Stage> stages) {
    return new RunSetup(spec.withForced(stages), worker, config);
  }

  /** The queue each stage is routed to. */
  public Function<Stage, String> queueOf() {
    return s -> spec.options(s).taskQueue();
  }

  /** The typed view of {@link #config()}. */
  public ReidConfig typed() {
    return config.typed();
  }

  /** The resolved keys and values (secrets included; use {@code config().flatRedacted()} to show). */
  public Map<String, String> resolved() {
    return config.flat();
  }

  /**
   * The params of the pipeline's tracked run: every resolved key that enters the config hash
   * ({@link KeyScope#RESULT}), secrets redacted. Execution settings (paths, services, timeouts,
   * queues) are left out because they may change between submissions of one workflow id, and a
   * tracker's params are write-once; the whole resolved config is logged as an artifact instead.
   */
  public SortedMap<String, String> trackingParams() {
    return resultParams(config, null);
  }

  /**
   * The tracker's experiment name for a pipeline experiment: {@code tracking.mlflow.experiment}
   * when set, else the pipeline experiment's own name.
   */
  public UnaryOperator<String> trackingExperimentOf() {
    return experimentOf(config);
  }

  /** As {@link #trackingExperimentOf()} for any resolved config. */
  public static UnaryOperator<String> experimentOf(ResolvedConfig config) {
    String override = config.text("tracking.mlflow.experiment");
    return name -> override.isBlank() ? name : override;
  }

  /**
   * The resolved RESULT keys (redacted) of the whole config ({@code keys} null) or of the named
   * keys.
   */
  private static SortedMap<String, String> resultParams(ResolvedConfig config, java.util.Set<String> keys) {
    SortedMap<String, String> out = new TreeMap<>();
    config.flatRedacted().forEach((k, v) -> {
      if ((keys == null || keys.contains(k)) && config.get(k).key().scope() == KeyScope.RESULT) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** A stage's config slice as tracked params: the keys its slice hash covers, redacted. */
  static SortedMap<String, String> stageParams(ResolvedConfig config, Stage stage) {
    return resultParams(config, ResolvedConfig.sliceKeys(stage));
  }

  /** Reads {@code configFile} (may be null: built-in defaults), applies {@code sets}, and maps. */
  public static RunSetup resolve(Path configFile, List<String> sets) {
    ResolvedConfig resolved = new ConfigLoader().load(configFile, sets == null ? List.of() : sets);
    return from(resolved);
  }

  /** Maps an already resolved config. */
  public static RunSetup from(ResolvedConfig resolved) {
    ReidConfig c = resolved.typed();
    String cpu = c.temporal().cpuQueue();
    String gpu = c.temporal().gpuQueue();
    if (cpu.equals(gpu)) {
      throw new ReidInputException(
          "config keys 'temporal.cpu_queue' and 'temporal.gpu_queue' are both '" + cpu
              + "': expected two different task queues");
    }
    Map<Stage, StageOptions> options = new EnumMap<>(Stage.class);
    Map<Stage, String> sliceHashes = new EnumMap<>(Stage.class);
    Map<Stage, Map<String, String>> stageParams = new EnumMap<>(Stage.class);
    for (Stage s : Stage.inOrder()) {
      StageSettings st = c.stage(s);
      String queue = st.queue();
      if (!queue.equals(cpu) && !queue.equals(gpu)) {
        throw new ReidInputException(
            "config key '" + s.key() + ".queue': expected " + cpu + " or " + gpu + " (the queues"
                + " workers serve), got '" + queue + "'");
      }
      try {
        options.put(s, new StageOptions(st.timeout(), st.heartbeatTimeout(), st.maxAttempts(),
            st.initialInterval(), st.backoff(), st.maxInterval(), queue));
      } catch (IllegalArgumentException e) {
        throw new ReidInputException("config keys '" + s.key() + ".*': " + e.getMessage());
      }
      sliceHashes.put(s, resolved.sliceHash(s));
      stageParams.put(s, stageParams(resolved, s));
    }
    PipelineSpec spec;
    try {
      spec = new PipelineSpec(c.experiment().name(), resolved.configHash(), c.dataset().name(),
          c.paths().artifacts().toAbsolutePath().normalize().toString(), cpu, options, sliceHashes,
          "", stageParams);
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("config key 'experiment.name': " + e.getMessage());
    }
    WorkerSettings worker = new WorkerSettings(
        c.temporal().embedded() ? null : c.temporal().target(), cpu, gpu,
        c.worker().cpuConcurrency(), c.worker().gpuConcurrency(), c.temporal().namespace(),
        c.worker().stickyTimeout());
    return new RunSetup(spec, worker, resolved);
  }
}
