package org.comicreid.worker.setup;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageKeys;
import org.comicreid.core.pipeline.StageOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * THE SEAM between configuration and the pipeline machinery: turns a config file plus {@code --set
 * key=value} overrides into a {@link PipelineSpec} and {@link
 * org.comicreid.worker.temporal.WorkerSettings}.
 *
 * <p>This is a deliberately minimal loader (flattened YAML, a fixed key list) so that the Temporal
 * machinery can run before the experiments module's typed config ({@code ReidConfig}) is merged.
 * When it is, replace {@link #resolve} by a thin mapping from {@code ReidConfig}/{@code
 * StageSettings} to these two records; nothing else in the worker reads config.
 *
 * @param spec what the workflow runs
 * @param worker how this process talks to Temporal and serves queues
 * @param resolved every resolved key and value
 */
public record RunSetup(
    PipelineSpec spec,
    org.comicreid.worker.temporal.WorkerSettings worker,
    Map<String, String> resolved) {

  /** Per-stage execution settings: they steer scheduling and do not enter any hash. */
  public static final Set<String> EXECUTION_PARAMS =
      Set.of("timeout", "heartbeat_timeout", "max_attempts", "initial_interval", "backoff",
          "max_interval", "queue");

  static final Map<String, String> DEFAULTS =
      Map.of(
          "experiment", "demo",
          "dataset", "synthetic-demo",
          "artifacts.root", ".reid/artifacts",
          "temporal.cpu_queue", "reid-cpu",
          "temporal.gpu_queue", "reid-gpu",
          "worker.cpu.concurrency", "4",
          "worker.gpu.concurrency", "1");

  static final Set<String> GLOBAL_KEYS =
      Set.of("experiment", "dataset", "artifacts.root", "temporal.target", "temporal.cpu_queue",
          "temporal.gpu_queue", "worker.cpu.concurrency", "worker.gpu.concurrency");

  /** The queue each stage is routed to. */
  public Function<Stage, String> queueOf() {
    return s -> spec.options(s).taskQueue();
  }

  /** Reads {@code configFile} (may be null), applies {@code sets}, and builds the records. */
  public static RunSetup resolve(Path configFile, List<String> sets) {
    Map<String, String> values = new TreeMap<>(DEFAULTS);
    Map<String, String> origin = new TreeMap<>();
    if (configFile != null) {
      Map<String, String> fromFile = readYaml(configFile);
      fromFile.keySet().forEach(k -> origin.put(k, configFile.toString()));
      values.putAll(fromFile);
    }
    for (String set : sets == null ? List.<String>of() : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new ReidInputException("--set '" + set + "' is not key=value");
      }
      String key = set.substring(0, eq).strip();
      values.put(key, set.substring(eq + 1).strip());
      origin.put(key, "--set");
    }
    for (String key : values.keySet()) {
      if (!GLOBAL_KEYS.contains(key) && stageOf(key) == null) {
        throw new ReidInputException(
            "unknown config key '" + key + "' (from " + origin.getOrDefault(key, "defaults")
                + "): expected experiment, dataset, artifacts.root, temporal.*, worker.*.concurrency"
                + " or <stage>.<param> with stage one of " + stageKeys());
      }
    }
    String cpu = values.get("temporal.cpu_queue");
    String gpu = values.get("temporal.gpu_queue");
    if (cpu.equals(gpu)) {
      throw new ReidInputException("temporal.cpu_queue and temporal.gpu_queue are both '" + cpu + "'");
    }
    Map<Stage, StageOptions> options = new EnumMap<>(Stage.class);
    Map<Stage, String> sliceHashes = new EnumMap<>(Stage.class);
    StringBuilder all = new StringBuilder();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      boolean deployment = key.startsWith("temporal.") || key.startsWith("worker.")
          || key.startsWith("artifacts.");
      Stage st = stageOf(key);
      boolean execution = st != null && EXECUTION_PARAMS.contains(param(key));
      if (!deployment && !execution) {
        all.append(key).append('=').append(e.getValue()).append('\n');
      }
    }
    for (Stage s : Stage.inOrder()) {
      options.put(s, optionsOf(s, values, cpu, gpu));
      StringBuilder slice = new StringBuilder();
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (stageOf(e.getKey()) == s && !EXECUTION_PARAMS.contains(param(e.getKey()))) {
          slice.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
      }
      sliceHashes.put(s, StageKeys.sha256Hex(slice.toString()));
    }
    String configHash = StageKeys.sha256Hex(all.toString()).substring(0, 16);
    PipelineSpec spec;
    try {
      spec = new PipelineSpec(values.get("experiment"), configHash, values.get("dataset"),
          values.get("artifacts.root"), cpu, options, sliceHashes);
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("config key 'experiment': " + e.getMessage());
    }
    var worker = new org.comicreid.worker.temporal.WorkerSettings(
        blankToNull(values.get("temporal.target")), cpu, gpu,
        positiveInt(values, "worker.cpu.concurrency"), positiveInt(values, "worker.gpu.concurrency"));
    return new RunSetup(spec, worker, values);
  }

  private static StageOptions optionsOf(Stage s, Map<String, String> v, String cpu, String gpu) {
    StageOptions d = StageOptions.defaults(s);
    String p = s.key() + ".";
    String queue = v.getOrDefault(p + "queue", s.isTraining() ? gpu : cpu);
    if (!queue.equals(cpu) && !queue.equals(gpu)) {
      throw new ReidInputException(
          "config key '" + p + "queue': expected " + cpu + " or " + gpu + ", got '" + queue + "'");
    }
    try {
      return new StageOptions(
          duration(v, p + "timeout", d.startToClose()),
          duration(v, p + "heartbeat_timeout", d.heartbeatTimeout()),
          v.containsKey(p + "max_attempts") ? integer(v, p + "max_attempts") : d.maxAttempts(),
          duration(v, p + "initial_interval", d.initialInterval()),
          v.containsKey(p + "backoff") ? number(v, p + "backoff") : d.backoff(),
          duration(v, p + "max_interval", d.maxInterval()),
          queue);
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("config keys '" + p + "*': " + e.getMessage());
    }
  }

  /** Parses {@code 90s}, {@code 10m}, {@code 6h}, {@code 500ms}, {@code PT1H} or plain seconds. */
  static Duration duration(Map<String, String> v, String key, Duration dflt) {
    String s = v.get(key);
    if (s == null) {
      return dflt;
    }
    try {
      if (s.matches("\\d+ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.matches("\\d+[smh]")) {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      if (s.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(s));
      }
      return Duration.parse(s);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ReidInputException(
          "config key '" + key + "': expected a duration like 90s, 10m, 6h or PT1H, got '" + s + "'");
    }
  }

  private static int integer(Map<String, String> v, String key) {
    try {
      return Integer.parseInt(v.get(key));
    } catch (NumberFormatException e) {
      throw new ReidInputException(
          "config key '" + key + "': expected an integer, got '" + v.get(key) + "'");
    }
  }

  private static int positiveInt(Map<String, String> v, String key) {
    int n = integer(v, key);
    if (n < 1) {
      throw new ReidInputException("config key '" + key + "': expected >= 1, got " + n);
    }
    return n;
  }

  private static double number(Map<String, String> v, String key) {
    try {
      return Double.parseDouble(v.get(key));
    } catch (NumberFormatException e) {
      throw new ReidInputException(
          "config key '" + key + "': expected a number, got '" + v.get(key) + "'");
    }
  }

  private static Stage stageOf(String key) {
    int dot = key.indexOf('.');
    return dot <= 0 ? null : Stage.byKey(key.substring(0, dot)).orElse(null);
  }

  private static String param(String key) {
    return key.substring(key.indexOf('.') + 1);
  }

  private static String stageKeys() {
    List<String> k = new ArrayList<>();
    for (Stage s : Stage.values()) {
      k.add(s.key());
    }
    return String.join(", ", k);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Map<String, String> readYaml(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ReidInputException("config file " + file + " not found");
    }
    Object root;
    try (Reader r = Files.newBufferedReader(file)) {
      root = new Yaml().load(r);
    } catch (IOException | YAMLException e) {
      throw new ReidInputException(
          "config file " + file + ": not readable YAML (" + e.getMessage() + ")", e);
    }
    Map<String, String> flat = new TreeMap<>();
    if (root == null) {
      return flat;
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new ReidInputException("config file " + file + ": expected a mapping of keys at the top");
    }
    flatten("", m, flat, file);
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> m, Map<String, String> out, Path file) {
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = prefix + e.getKey();
      Object val = e.getValue();
      if (val instanceof Map<?, ?> sub) {
        flatten(key + ".", sub, out, file);
      } else if (val instanceof List<?>) {
        throw new ReidInputException(
            "config file " + file + ", key '" + key + "': lists are not supported here");
      } else {
        out.put(key, val == null ? "" : String.valueOf(val));
      }
    }
  }
}
