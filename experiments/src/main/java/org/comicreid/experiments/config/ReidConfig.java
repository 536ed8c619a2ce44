package org.comicreid.experiments.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.comicreid.core.pipeline.Stage;

/**
 * The resolved, validated configuration as typed records, one per section. Built by {@link
 * ResolvedConfig#typed()}; every "empty = ..." default is already resolved here.
 *
 * @param experiment experiment name and seed
 * @param dataset the dataset
 * @param paths work directory and artifact root
 * @param catalog catalog database
 * @param temporal Temporal connection and queues
 * @param worker worker concurrency and device
 * @param tracking tracking backend
 * @param stages execution settings of every stage
 * @param cluster clustering parameters
 * @param evaluate evaluation parameters
 * @param configHash the config hash (see {@link ResolvedConfig#configHash()})
 */
public record ReidConfig(
    Experiment experiment,
    Dataset dataset,
    Paths paths,
    Catalog catalog,
    Temporal temporal,
    Worker worker,
    Tracking tracking,
    Map<Stage, StageSettings> stages,
    Cluster cluster,
    Evaluate evaluate,
    String configHash) {

  public ReidConfig {
    EnumMap<Stage, StageSettings> copy = new EnumMap<>(Stage.class);
    copy.putAll(stages);
    if (copy.size() != Stage.values().length) {
      throw new IllegalArgumentException("settings for every stage are required");
    }
    stages = Collections.unmodifiableMap(copy);
  }

  /** The execution settings of one stage. */
  public StageSettings stage(Stage stage) {
    return stages.get(stage);
  }

  /** {@code <experiment>-<configHash>}: resubmitting a config finds its workflow. */
  public String workflowId() {
    return experiment.name() + "-" + configHash;
  }

  /** @param name experiment name @param seed the seed for all randomness */
  public record Experiment(String name, long seed) {}

  /** @param name the catalog dataset */
  public record Dataset(String name) {}

  /**
   * @param workdir the work directory
   * @param artifacts the artifact root (resolved; shared by all workers)
   */
  public record Paths(Path workdir, Path artifacts) {}

  /**
   * @param url JDBC URL, empty for the embedded H2 file database under the workdir
   * @param user database user
   * @param password database password
   * @param batchSize rows per write batch
   */
  public record Catalog(String url, String user, String password, int batchSize) {
    /** True when the embedded H2 database is to be used. */
    public boolean embedded() {
      return url.isEmpty();
    }

    @Override
    public String toString() {
      return "Catalog[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
          + ", batchSize=" + batchSize + "]";
    }
  }

  /**
   * @param target host:port, empty for the embedded in-process server
   * @param namespace namespace
   * @param cpuQueue CPU task queue
   * @param gpuQueue GPU task queue
   */
  public record Temporal(String target, String namespace, String cpuQueue, String gpuQueue) {
    /** True when the embedded in-process test server is to be used. */
    public boolean embedded() {
      return target.isEmpty();
    }
  }

  /** The device choice of {@code worker.device}. */
  public enum Device {
    CPU,
    GPU,
    AUTO
  }

  /**
   * @param cpuConcurrency concurrent activities on a CPU worker
   * @param gpuConcurrency concurrent activities on a GPU worker
   * @param device training device
   * @param stickyTimeout {@code worker.sticky_timeout}: schedule-to-start timeout of a workflow task
   *     on the sticky queue of the worker that cached the workflow; zero turns sticky execution off
   */
  public record Worker(int cpuConcurrency, int gpuConcurrency, Device device, java.time.Duration stickyTimeout) {}

  /** The resolved tracking backend ({@code auto} is resolved away). */
  public enum Backend {
    LOCAL,
    MLFLOW
  }

  /**
   * @param backend resolved backend
   * @param mlflowUri tracking URI (from the key or MLFLOW_TRACKING_URI), empty if none
   * @param mlflowExperiment MLflow experiment name (resolved)
   * @param bufferDir buffer directory for MLflow outages (resolved)
   */
  public record Tracking(Backend backend, String mlflowUri, String mlflowExperiment, Path bufferDir) {}

  /** The linkage of {@code cluster.linkage}. */
  public enum Linkage {
    AVERAGE,
    SINGLE,
    COMPLETE
  }

  /** @param threshold distance threshold @param linkage linkage */
  public record Cluster(double threshold, Linkage linkage) {}

  /** @param avgOfAvgs average of per-identity averages @param minGroupSize smallest identity */
  public record Evaluate(boolean avgOfAvgs, int minGroupSize) {}
}
