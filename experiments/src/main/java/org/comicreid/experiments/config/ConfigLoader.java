package org.comicreid.experiments.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.CombinedConfiguration;
import org.apache.commons.configuration2.YAMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.OverrideCombiner;
import org.comicreid.core.ReidInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads the configuration in three layers, each winning over the one below: the built-in defaults
 * of {@link ConfigKeys}, a YAML file (nested maps such as {@code cluster: {threshold: 0.5}}, or
 * dotted keys), and {@code --set key=value} overrides. A file may start from another one with a
 * top-level {@code base: <path>} (relative to its own directory; chains allowed, cycles refused):
 * its keys override the base's, and {@code reid config show --origin} names the file each value
 * came from. The layers are combined with Commons
 * Configuration's {@link OverrideCombiner}. Everything is validated before anything runs: any
 * problem is a {@link ReidInputException} with a one-line message naming the file (and line) or
 * {@code --set}, the key and what was expected.
 */
public final class ConfigLoader {

  private final Map<String, String> env;

  /** A loader that reads {@code MLFLOW_TRACKING_URI} from the process environment. */
  public ConfigLoader() {
    this(System.getenv());
  }

  /** A loader with the given environment (for {@code MLFLOW_TRACKING_URI}). */
  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The built-in defaults alone. */
  public ResolvedConfig defaults() {
    return load(null, List.of());
  }

  /**
   * Loads defaults, then {@code file} (may be null), then the {@code key=value} overrides in order
   * (a later one wins).
   *
   * @throws ReidInputException for any invalid input
   */
  public ResolvedConfig load(Path file, List<String> overrides) {
    return load(file, file == null ? null : file.toString(), file == null ? null : readText(file), overrides);
  }

  /** The embedded demo ({@code configs/demo.yaml}, packaged in the jar) with overrides. */
  public ResolvedConfig loadDemo(List<String> overrides) {
    try (var in = ConfigLoader.class.getResourceAsStream(DEMO_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the embedded demo config " + DEMO_RESOURCE + " is missing from the jar");
      }
      return load(null, "embedded demo.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8), overrides);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the embedded demo config", e);
    }
  }

  /** Classpath location of the embedded demo config. */
  public static final String DEMO_RESOURCE = "/org/comicreid/experiments/config/demo.yaml";

  private ResolvedConfig load(Path file, String fileName, String text, List<String> overrides) {
    BaseHierarchicalConfiguration defaults = new BaseHierarchicalConfiguration();
    for (ConfigKey k : ConfigKeys.all()) {
      defaults.addProperty(k.name(), k.defaultValue());
    }

    List<FileLayer> fileLayers = new ArrayList<>(); // the file first, then its bases
    if (text != null) {
      readChain(file, fileName, text, fileLayers, new java.util.LinkedHashSet<>());
    }

    BaseHierarchicalConfiguration setLayer = new BaseHierarchicalConfiguration();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new ReidInputException("--set '" + o + "': expected key=value, e.g. --set cluster.threshold=0.5");
      }
      String key = o.substring(0, eq).strip();
      requireDeclared(key, "--set " + key);
      setLayer.setProperty(key, o.substring(eq + 1));
    }

    CombinedConfiguration combined = new CombinedConfiguration(new OverrideCombiner());
    combined.addConfiguration(setLayer, "set");
    for (int i = 0; i < fileLayers.size(); i++) {
      combined.addConfiguration(fileLayers.get(i).values(), "file" + i);
    }
    combined.addConfiguration(defaults, "defaults");

    Map<String, ConfigValue> values = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    for (ConfigKey k : ConfigKeys.all()) {
      Origin origin;
      if (setLayer.containsKey(k.name())) {
        origin = new Origin(Origin.Layer.SET, "--set", 0);
      } else {
        origin = Origin.DEFAULT;
        for (FileLayer f : fileLayers) {
          if (f.values().containsKey(k.name())) {
            origin = new Origin(Origin.Layer.FILE, f.name(), f.lines().getOrDefault(k.name(), 0));
            break;
          }
        }
      }
      String raw = combined.getString(k.name(), "");
      try {
        Object v = k.parse(raw);
        values.put(k.name(), new ConfigValue(k, v, k.canonical(v), origin));
      } catch (IllegalArgumentException e) {
        errors.add(where(origin) + k.name() + ": expected " + k.expected() + ", got '" + raw + "'");
      }
    }
    if (!errors.isEmpty()) {
      throw new ReidInputException(
          errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
    }
    return new ResolvedConfig(values, env, file);
  }

  /** Splits {@code key=value}; used by the CLI to check its {@code --set} arguments early. */
  public static Map.Entry<String, String> parseOverride(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new ReidInputException("--set '" + text + "': expected key=value, e.g. --set cluster.threshold=0.5");
    }
    return Map.entry(text.substring(0, eq).strip(), text.substring(eq + 1));
  }

  private static String where(Origin o) {
    return switch (o.layer()) {
      case DEFAULT -> "built-in default: ";
      case FILE -> "config file " + o.source() + (o.line() > 0 ? " line " + o.line() : "") + ": ";
      case SET -> "--set ";
    };
  }

  private static void requireDeclared(String key, String where) {
    if (ConfigKeys.find(key).isPresent()) {
      return;
    }
    List<String> s = ConfigKeys.suggestions(key);
    throw new ReidInputException(where + ": unknown config key"
        + (s.isEmpty() ? "" : "; did you mean " + String.join(" or ", s) + "?")
        + " (reid config reference lists all keys)");
  }

  private static String readText(Path file) {
    String name = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw new ReidInputException("config file " + name + ": is a directory, expected a YAML file");
      }
      return StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      throw new ReidInputException("config file " + name + ": not found");
    } catch (CharacterCodingException e) {
      throw new ReidInputException("config file " + name + ": not UTF-8 text");
    } catch (IOException e) {
      throw new ReidInputException("config file " + name + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** One YAML file's values and the line of each key. */
  private record FileLayer(String name, BaseHierarchicalConfiguration values,
      Map<String, Integer> lines) {}

  /** Most {@code base:} files one config may chain through. */
  static final int MAX_BASE_DEPTH = 8;

  /**
   * Reads {@code text} (the file {@code file}, null for the embedded demo) and then, if it names a
   * {@code base:} file (a path relative to its own directory), that file and its bases: each file
   * overrides the keys of its base.
   */
  private static void readChain(Path file, String name, String text, List<FileLayer> layers,
      java.util.Set<Path> seen) {
    BaseHierarchicalConfiguration values = new BaseHierarchicalConfiguration();
    Map<String, Integer> lines = new LinkedHashMap<>();
    String base = readYaml(text, name, values, lines);
    layers.add(new FileLayer(name, values, lines));
    if (file != null) {
      seen.add(file.toAbsolutePath().normalize());
    }
    if (base == null) {
      return;
    }
    if (base.isBlank()) {
      throw new ReidInputException("config file " + name + ": base: expected the path of another"
          + " config file, got nothing");
    }
    if (file == null) {
      throw new ReidInputException("config file " + name + ": base: is only allowed in config files"
          + " on disk");
    }
    Path dir = file.getParent() == null ? Path.of("") : file.getParent();
    Path resolved = dir.resolve(base.strip()).normalize();
    if (seen.contains(resolved.toAbsolutePath().normalize())) {
      throw new ReidInputException("config file " + name + ": base: " + base + " makes a cycle ("
          + String.join(" -> ", seen.stream().map(Path::toString).toList()) + " -> " + resolved + ")");
    }
    if (layers.size() >= MAX_BASE_DEPTH) {
      throw new ReidInputException("config file " + name + ": base: more than " + MAX_BASE_DEPTH
          + " files chained");
    }
    String baseText;
    try {
      baseText = readText(resolved);
    } catch (ReidInputException e) {
      throw new ReidInputException("config file " + name + ": base: " + e.getMessage());
    }
    readChain(resolved, resolved.toString(), baseText, layers, seen);
  }

  /** Reads one YAML text into {@code layer}; returns its top-level {@code base:} value or null. */
  private static String readYaml(String text, String name, BaseHierarchicalConfiguration layer,
      Map<String, Integer> lines) {
    // 1. structure and line numbers, straight from snakeyaml's node tree
    Node root;
    try {
      LoaderOptions opts = new LoaderOptions();
      opts.setAllowDuplicateKeys(false);
      root = new Yaml(opts).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      throw malformed(name, e);
    } catch (YAMLException e) {
      throw new ReidInputException("config file " + name + ": malformed YAML: " + e.getMessage());
    }
    if (root == null) {
      return null; // an empty file sets nothing
    }
    if (!(root instanceof MappingNode m)) {
      throw new ReidInputException("config file " + name + " line " + line(root)
          + ": expected a map of sections (e.g. 'cluster: {threshold: 0.5}'), got " + root.getNodeId());
    }
    String base = null;
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode ks && ks.getValue().strip().equals(BASE_KEY)) {
        if (!(t.getValueNode() instanceof ScalarNode bv)) {
          throw new ReidInputException("config file " + name + " line " + line(ks)
              + ": base: expected the path of another config file");
        }
        base = bv.getValue();
      }
    }
    walk(m, "", name, lines);

    // 2. the values, read by Commons Configuration
    YAMLConfiguration yaml = new YAMLConfiguration();
    try (Reader r = new StringReader(text)) {
      yaml.read(r);
    } catch (ConfigurationException | IOException e) {
      Throwable c = e.getCause();
      if (c instanceof MarkedYAMLException my) {
        throw malformed(name, my);
      }
      throw new ReidInputException("config file " + name + ": malformed YAML: " + e.getMessage());
    }
    for (Iterator<String> it = yaml.getKeys(); it.hasNext(); ) {
      String raw = it.next();
      String key = raw.replace("..", ".");
      Object v = yaml.getProperty(raw);
      if (!lines.containsKey(key)) {
        continue; // an empty section such as 'cluster: {}'
      }
      layer.setProperty(key, v == null ? "" : String.valueOf(v));
    }
    for (String key : lines.keySet()) {
      if (!layer.containsKey(key)) {
        layer.setProperty(key, ""); // written with no value ('threshold:'): present and empty
      }
    }
    return base;
  }

  /** The top-level key that names a config file this one extends. */
  public static final String BASE_KEY = "base";

  /** Records every leaf key with its line; rejects unknown keys, lists and duplicate keys. */
  private static void walk(MappingNode map, String prefix, String file, Map<String, Integer> lines) {
    for (NodeTuple t : map.getValue()) {
      Node kn = t.getKeyNode();
      if (!(kn instanceof ScalarNode ks)) {
        throw new ReidInputException("config file " + file + " line " + line(kn) + ": expected a plain key");
      }
      String key = prefix + ks.getValue().strip();
      Node vn = t.getValueNode();
      if (prefix.isEmpty() && key.equals(BASE_KEY)) {
        continue; // read by readYaml
      }
      if (vn instanceof MappingNode vm) {
        if (ConfigKeys.find(key).isPresent()) {
          throw new ReidInputException("config file " + file + " line " + line(kn) + ": " + key
              + ": expected " + ConfigKeys.get(key).expected() + ", got a map");
        }
        walk(vm, key + ".", file, lines);
      } else if (vn instanceof ScalarNode sv && sv.getTag() == org.yaml.snakeyaml.nodes.Tag.NULL
          && ConfigKeys.find(key).isEmpty() && isSection(key)) {
        continue; // an empty section such as 'cluster:' sets nothing
      } else if (vn instanceof ScalarNode) {
        requireDeclared(key, "config file " + file + " line " + line(kn) + ": " + key);
        if (lines.putIfAbsent(key, line(kn)) != null) {
          throw new ReidInputException("config file " + file + " line " + line(kn) + ": " + key
              + ": set twice (first on line " + lines.get(key) + ")");
        }
      } else {
        requireDeclared(key, "config file " + file + " line " + line(kn) + ": " + key);
        throw new ReidInputException("config file " + file + " line " + line(vn) + ": " + key
            + ": expected " + ConfigKeys.get(key).expected() + ", got a list");
      }
    }
  }

  private static boolean isSection(String prefix) {
    return ConfigKeys.all().stream().anyMatch(k -> k.name().startsWith(prefix + "."));
  }

  private static int line(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  private static ReidInputException malformed(String name, MarkedYAMLException e) {
    Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
    String where = m == null ? "" : " line " + (m.getLine() + 1) + " column " + (m.getColumn() + 1);
    return new ReidInputException("config file " + name + where + ": malformed YAML: "
        + (problem == null ? "unreadable" : problem.strip()));
  }
}
