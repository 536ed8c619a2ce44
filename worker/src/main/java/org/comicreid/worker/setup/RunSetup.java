package org.comicreid.worker.setup;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageOptions;
import org.comicreid.experiments.config.ConfigLoader;
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
    }
    PipelineSpec spec;
    try {
      spec = new PipelineSpec(c.experiment().name(), resolved.configHash(), c.dataset().name(),
          c.paths().artifacts().toAbsolutePath().normalize().toString(), cpu, options, sliceHashes);
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("config key 'experiment.name': " + e.getMessage());
    }
    WorkerSettings worker = new WorkerSettings(
        c.temporal().embedded() ? null : c.temporal().target(), cpu, gpu,
        c.worker().cpuConcurrency(), c.worker().gpuConcurrency(), c.temporal().namespace());
    return new RunSetup(spec, worker, resolved);
  }
}
