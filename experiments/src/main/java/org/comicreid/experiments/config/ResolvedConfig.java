package org.comicreid.experiments.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.comicreid.core.pipeline.Stage;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A fully resolved and validated configuration: one {@link ConfigValue} per declared key, with
 * where it came from. Gives the canonical flat map, the config hash, the per-stage slice hashes,
 * a YAML rendering and the typed {@link ReidConfig}.
 */
public final class ResolvedConfig {

  /** Number of hex characters of the sha256 kept in config and slice hashes. */
  public static final int HASH_LENGTH = 12;

  private final SortedMap<String, ConfigValue> values;
  private final Map<String, String> env;
  private final Path sourceFile;

  ResolvedConfig(Map<String, ConfigValue> values, Map<String, String> env, Path sourceFile) {
    this.values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    this.env = Map.copyOf(env);
    this.sourceFile = sourceFile;
  }

  /** The config file that was loaded, if any. */
  public Optional<Path> sourceFile() {
    return Optional.ofNullable(sourceFile);
  }

  /** Every value, sorted by key. */
  public SortedMap<String, ConfigValue> values() {
    return values;
  }

  /** The value of one key; an {@link IllegalArgumentException} for an undeclared key. */
  public ConfigValue get(String key) {
    ConfigValue v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("undeclared config key " + key);
    }
    return v;
  }

  /** The canonical text of one key's value. */
  public String text(String key) {
    return get(key).text();
  }

  /** key → canonical text, sorted by key: the form recorded in provenance and MLflow params. */
  public SortedMap<String, String> flat() {
    SortedMap<String, String> m = new TreeMap<>();
    values.forEach((k, v) -> m.put(k, v.text()));
    return m;
  }

  /**
   * As {@link #flat()}, with non-empty values of secret keys ({@link ConfigKeys#SECRETS}) replaced
   * by {@code *****}: the form to display and to send to a tracking server.
   */
  public SortedMap<String, String> flatRedacted() {
    SortedMap<String, String> m = flat();
    m.replaceAll((k, v) -> ConfigKeys.isSecret(k) && !v.isEmpty() ? REDACTED : v);
    return m;
  }

  /** What a secret value is displayed as. */
  public static final String REDACTED = "*****";

  /** key → origin, sorted by key. */
  public SortedMap<String, Origin> origins() {
    SortedMap<String, Origin> m = new TreeMap<>();
    values.forEach((k, v) -> m.put(k, v.origin()));
    return m;
  }

  /**
   * sha256 (first {@value #HASH_LENGTH} hex characters) over every {@link KeyScope#RESULT} key:
   * paths, services, workers, tracking and the per-stage execution options never change it.
   */
  public String configHash() {
    return hashOf(values.values().stream().filter(v -> v.key().scope() == KeyScope.RESULT)
        .map(v -> v.key().name()).toList());
  }

  /**
   * The hash of what one stage computes from: the keys of {@link #sliceKeys}.
   */
  public String sliceHash(Stage stage) {
    return hashOf(sliceKeys(stage));
  }

  /**
   * The keys a stage's slice covers: its {@link KeyScope#RESULT} keys, {@code experiment.seed},
   * {@code dataset.name}, the {@code world.*} and {@code comicgen.*} keys (every stage reads the
   * dataset they define) and the augmentation keys the stage uses: pretraining reads {@code
   * augment.strong.*}, {@code augment.weak.*} and {@code augment.normalize_*}; fine-tuning (which
   * extracts features) reads {@code augment.finetune.*}, {@code augment.normalize_*} and {@code
   * baseline.imagenet_weights} (it trains the ImageNet baseline's head).
   */
  public static java.util.SortedSet<String> sliceKeys(Stage stage) {
    TreeSet<String> keys = new TreeSet<>(List.of("experiment.seed", "dataset.name"));
    for (ConfigKey k : ConfigKeys.all()) {
      boolean own = k.section().equals(stage.key());
      boolean world = k.name().startsWith("world.") || k.name().startsWith("comicgen.");
      if (k.scope() == KeyScope.RESULT && (own || world || augmentationOf(stage, k.name()))) {
        keys.add(k.name());
      }
    }
    return keys;
  }

  private static boolean augmentationOf(Stage stage, String key) {
    if (key.equals("baseline.imagenet_weights")) {
      return stage == Stage.FINE_TUNE;
    }
    if (!key.startsWith("augment.")) {
      return false;
    }
    boolean normalize = key.startsWith("augment.normalize_");
    return switch (stage) {
      case PRETRAIN -> normalize || key.startsWith("augment.strong.") || key.startsWith("augment.weak.");
      case FINE_TUNE -> normalize || key.startsWith("augment.finetune.");
      default -> false;
    };
  }

  /** The hash over the named keys: sha256 of {@code key=value\n} lines in key order. */
  public String hashOf(Collection<String> keys) {
    StringBuilder sb = new StringBuilder();
    for (String k : new TreeSet<>(keys)) {
      sb.append(k).append('=').append(text(k)).append('\n');
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The resolved config as nested YAML (sections as maps), loadable again by {@link ConfigLoader}. */
  public String toYaml() {
    return toYaml(false, false);
  }

  /**
   * The resolved config as nested YAML.
   *
   * @param redactSecrets show secret values as {@code *****}
   * @param withOrigins end every value's line with a comment saying where it came from
   */
  public String toYaml(boolean redactSecrets, boolean withOrigins) {
    String yaml = renderYaml(redactSecrets);
    if (!withOrigins) {
      return yaml;
    }
    StringBuilder out = new StringBuilder();
    List<String> path = new java.util.ArrayList<>();
    for (String line : yaml.split("\n")) {
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      int depth = indent / 2;
      int colon = line.indexOf(':');
      if (colon > indent) {
        while (path.size() > depth) {
          path.remove(path.size() - 1);
        }
        path.add(line.substring(indent, colon));
        ConfigValue v = values.get(String.join(".", path));
        if (v != null) {
          out.append(line).append("  # ").append(v.origin().describe()).append('\n');
          continue;
        }
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private String renderYaml(boolean redactSecrets) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (ConfigKey k : ConfigKeys.all()) { // declaration order: sections as the reference lists them
      ConfigValue v = values.get(k.name());
      String[] parts = v.key().name().split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        node = childMap(node, parts[i], v.key().name());
      }
      node.put(parts[parts.length - 1],
          redactSecrets && ConfigKeys.isSecret(v.key().name()) && !v.text().isEmpty() ? REDACTED : yamlValue(v));
    }
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    o.setSplitLines(false);
    return new Yaml(o).dump(root);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> childMap(Map<String, Object> node, String name, String key) {
    Object c = node.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
    if (!(c instanceof Map)) {
      throw new IllegalStateException("config key " + key + " nests under a leaf key");
    }
    return (Map<String, Object>) c;
  }

  private static Object yamlValue(ConfigValue v) {
    return switch (v.key().type()) {
      case INT, LONG, DOUBLE, BOOLEAN -> v.value();
      default -> v.text();
    };
  }

  /** The typed records; every "empty = ..." default resolved. */
  public ReidConfig typed() {
    Path workdir = Path.of(text("paths.workdir"));
    String artifacts = text("paths.artifacts");
    String uri = text("tracking.mlflow.uri");
    if (uri.isEmpty()) {
      uri = env.getOrDefault("MLFLOW_TRACKING_URI", "").strip();
    }
    ReidConfig.Backend backend =
        switch (text("tracking.backend")) {
          case "local" -> ReidConfig.Backend.LOCAL;
          case "mlflow" -> ReidConfig.Backend.MLFLOW;
          default -> uri.isEmpty() ? ReidConfig.Backend.LOCAL : ReidConfig.Backend.MLFLOW;
        };
    String mlflowExperiment = text("tracking.mlflow.experiment");
    String bufferDir = text("tracking.buffer_dir");
    EnumMap<Stage, StageSettings> stages = new EnumMap<>(Stage.class);
    for (Stage s : Stage.inOrder()) {
      String p = s.key() + ".";
      String queue = text(p + "queue");
      if (queue.isEmpty()) {
        queue = text(s.isTraining() ? "temporal.gpu_queue" : "temporal.cpu_queue");
      }
      stages.put(s, new StageSettings(s, (Duration) get(p + "timeout").value(),
          (Duration) get(p + "heartbeat_timeout").value(), (Integer) get(p + "retry.max_attempts").value(),
          (Duration) get(p + "retry.initial_interval").value(), (Double) get(p + "retry.backoff").value(),
          (Duration) get(p + "retry.max_interval").value(), queue));
    }
    return new ReidConfig(
        new ReidConfig.Experiment(text("experiment.name"), (Long) get("experiment.seed").value()),
        new ReidConfig.Dataset(text("dataset.name")),
        new ReidConfig.Paths(workdir, artifacts.isEmpty() ? workdir.resolve("artifacts") : Path.of(artifacts)),
        new ReidConfig.Catalog(text("catalog.url"), text("catalog.user"), text("catalog.password"),
            (Integer) get("catalog.batch_size").value()),
        new ReidConfig.Temporal(text("temporal.target"), text("temporal.namespace"),
            text("temporal.cpu_queue"), text("temporal.gpu_queue")),
        new ReidConfig.Worker((Integer) get("worker.cpu.concurrency").value(),
            (Integer) get("worker.gpu.concurrency").value(),
            ReidConfig.Device.valueOf(text("worker.device").toUpperCase(Locale.ROOT)),
            (Duration) get("worker.sticky_timeout").value()),
        new ReidConfig.Tracking(backend, uri,
            mlflowExperiment.isEmpty() ? text("experiment.name") : mlflowExperiment,
            bufferDir.isEmpty() ? workdir.resolve("tracking-buffer") : Path.of(bufferDir)),
        stages,
        new ReidConfig.Cluster((Double) get("cluster.threshold").value(),
            ReidConfig.Linkage.valueOf(text("cluster.linkage").toUpperCase(Locale.ROOT))),
        new ReidConfig.Evaluate((Boolean) get("evaluate.avg_of_avgs").value(),
            (Integer) get("evaluate.min_group_size").value()),
        configHash());
  }
}
