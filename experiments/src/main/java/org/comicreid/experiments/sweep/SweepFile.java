package org.comicreid.experiments.sweep;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.comicreid.core.ReidInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a sweep file (the format is in {@code docs/sweeps.md}):
 *
 * <pre>
 * sweep: table5-small            # name
 * base: ../scaled/base.yaml      # config every member starts from, relative to this file
 * description: ...               # optional
 * set: {finetune.patience: 2}    # optional, every member
 * members:                       # optional explicit members
 *   - name: triplet
 *     set: {finetune.loss: triplet}
 * grid:                          # optional cartesian product, crossed with the members
 *   finetune.mix_series: [false, true]
 * seeds: 1                       # optional, default 1
 * concurrency: 2                 # optional, default 2
 * columns: [default]             # optional, default [default]
 * </pre>
 *
 * <p>Every problem is reported as {@code FILE:LINE: message}. This class checks the shape only;
 * whether each override is a real config key with a valid value is checked when the members'
 * configs are resolved, which names the member and the key.
 */
public final class SweepFile {

  /** The top-level keys a sweep file may have. */
  public static final Set<String> KEYS = Set.of(
      "sweep", "base", "description", "set", "members", "grid", "seeds", "concurrency", "columns");

  /** Default members running at once. */
  public static final int DEFAULT_CONCURRENCY = 2;

  private static final String NAME_PATTERN = "[A-Za-z0-9._-]+";

  private final Path file;

  private SweepFile(Path file) {
    this.file = file;
  }

  /** Parses a sweep file. */
  public static SweepPlan read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReidInputException("cannot read sweep file " + file + ": " + e.getMessage());
    }
    return parse(file, text);
  }

  /** Parses the text of a sweep file named {@code file} (used to resolve {@code base}). */
  public static SweepPlan parse(Path file, String text) {
    return new SweepFile(file.toAbsolutePath().normalize()).parse(text);
  }

  private SweepPlan parse(String text) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (YAMLException e) {
      throw new ReidInputException(file + ": not valid YAML: " + e.getMessage().replaceAll("\\s+", " "));
    }
    if (!(root instanceof MappingNode top)) {
      throw error(root, "expected a mapping with at least 'sweep' and 'base'");
    }
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple t : top.getValue()) {
      String key = scalar(t.getKeyNode(), "a key");
      if (!KEYS.contains(key)) {
        throw error(t.getKeyNode(), "unknown key '" + key + "'; expected one of "
            + String.join(", ", new java.util.TreeSet<>(KEYS)));
      }
      if (entries.put(key, t) != null) {
        throw error(t.getKeyNode(), "key '" + key + "' appears twice");
      }
    }
    String name = required(entries, top, "sweep");
    if (!name.matches(NAME_PATTERN)) {
      throw error(entries.get("sweep").getValueNode(),
          "sweep name '" + name + "': expected letters, digits, '.', '_' or '-'");
    }
    String baseText = required(entries, top, "base");
    Path base = file.resolveSibling(baseText).normalize();
    if (!Files.isRegularFile(base)) {
      throw error(entries.get("base").getValueNode(), "base config '" + baseText + "' ("
          + base + ") does not exist");
    }
    String description = entries.containsKey("description")
        ? scalar(entries.get("description").getValueNode(), "a one-line description") : "";
    Map<String, String> shared = entries.containsKey("set")
        ? overrides(entries.get("set").getValueNode()) : Map.of();
    List<SweepPlan.Member> members = members(entries);
    int seeds = entries.containsKey("seeds") ? positive(entries.get("seeds").getValueNode(), "seeds") : 1;
    int concurrency = entries.containsKey("concurrency")
        ? positive(entries.get("concurrency").getValueNode(), "concurrency") : DEFAULT_CONCURRENCY;
    List<String> columns = entries.containsKey("columns")
        ? scalars(entries.get("columns").getValueNode(), "columns") : List.of("default");
    if (columns.isEmpty()) {
      throw error(entries.get("columns").getValueNode(), "columns: expected at least one entry");
    }
    if (entries.containsKey("columns")) {
      try {
        org.comicreid.experiments.report.GridColumns.parse(columns);
      } catch (ReidInputException e) {
        throw error(entries.get("columns").getValueNode(), "columns: " + e.getMessage());
      }
    }
    return new SweepPlan(name, file, base, description, shared, members, seeds, concurrency, columns);
  }

  private List<SweepPlan.Member> members(Map<String, NodeTuple> entries) {
    // explicit members, or one unnamed member when there are none
    List<String> names = new ArrayList<>();
    List<Map<String, String>> sets = new ArrayList<>();
    if (entries.containsKey("members")) {
      Node list = entries.get("members").getValueNode();
      if (!(list instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
        throw error(list, "members: expected a non-empty list of {name, set}");
      }
      for (Node m : seq.getValue()) {
        if (!(m instanceof MappingNode mm)) {
          throw error(m, "a member: expected a mapping with 'name' and 'set'");
        }
        String mName = null;
        Map<String, String> mSet = Map.of();
        for (NodeTuple t : mm.getValue()) {
          String k = scalar(t.getKeyNode(), "a member key");
          switch (k) {
            case "name" -> mName = scalar(t.getValueNode(), "a member name");
            case "set" -> mSet = overrides(t.getValueNode());
            default -> throw error(t.getKeyNode(), "unknown member key '" + k
                + "'; expected name or set");
          }
        }
        if (mName == null || mName.isBlank()) {
          throw error(m, "a member without a name");
        }
        if (names.contains(mName)) {
          throw error(m, "member name '" + mName + "' appears twice");
        }
        names.add(mName);
        sets.add(mSet);
      }
    } else {
      names.add("");
      sets.add(Map.of());
    }
    // the grid, crossed with them
    List<String> gridKeys = new ArrayList<>();
    List<List<String>> gridValues = new ArrayList<>();
    if (entries.containsKey("grid")) {
      Node g = entries.get("grid").getValueNode();
      if (!(g instanceof MappingNode gm) || gm.getValue().isEmpty()) {
        throw error(g, "grid: expected a mapping of config keys to lists of values");
      }
      for (NodeTuple t : gm.getValue()) {
        String k = scalar(t.getKeyNode(), "a config key");
        if (gridKeys.contains(k)) {
          throw error(t.getKeyNode(), "grid key '" + k + "' appears twice");
        }
        List<String> vs = scalars(t.getValueNode(), "grid '" + k + "'");
        if (vs.isEmpty() || new LinkedHashSet<>(vs).size() != vs.size()) {
          throw error(t.getValueNode(), "grid '" + k + "': expected a non-empty list of distinct values");
        }
        gridKeys.add(k);
        gridValues.add(vs);
      }
    }
    List<SweepPlan.Member> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      for (List<String> combo : product(gridValues)) {
        Map<String, String> o = new LinkedHashMap<>(sets.get(i));
        StringBuilder label = new StringBuilder(names.get(i));
        for (int k = 0; k < gridKeys.size(); k++) {
          o.put(gridKeys.get(k), combo.get(k));
          String last = gridKeys.get(k).substring(gridKeys.get(k).lastIndexOf('.') + 1);
          label.append(label.length() == 0 ? "" : " ").append(last).append('=').append(combo.get(k));
        }
        String n = label.length() == 0 ? "base" : label.toString();
        out.add(new SweepPlan.Member(out.size(), n, o));
      }
    }
    Set<String> seen = new java.util.HashSet<>();
    for (SweepPlan.Member m : out) {
      if (!seen.add(m.name())) {
        throw new ReidInputException(file + ": two members are both named '" + m.name() + "'");
      }
    }
    return out;
  }

  private static List<List<String>> product(List<List<String>> values) {
    List<List<String>> out = new ArrayList<>();
    out.add(List.of());
    for (List<String> vs : values) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> prefix : out) {
        for (String v : vs) {
          List<String> p = new ArrayList<>(prefix);
          p.add(v);
          next.add(p);
        }
      }
      out = next;
    }
    return out;
  }

  /** A mapping of config keys to scalar values; nested mappings are flattened with dots. */
  private Map<String, String> overrides(Node node) {
    if (!(node instanceof MappingNode m)) {
      throw error(node, "expected a mapping of config keys to values, e.g. {finetune.loss: triplet}");
    }
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", m, out);
    return out;
  }

  private void flatten(String prefix, MappingNode m, Map<String, String> out) {
    for (NodeTuple t : m.getValue()) {
      String k = prefix + scalar(t.getKeyNode(), "a config key");
      if (t.getValueNode() instanceof MappingNode inner) {
        flatten(k + ".", inner, out);
      } else {
        if (out.put(k, scalar(t.getValueNode(), "the value of '" + k + "'")) != null) {
          throw error(t.getKeyNode(), "key '" + k + "' appears twice");
        }
      }
    }
  }

  private String required(Map<String, NodeTuple> entries, Node top, String key) {
    NodeTuple t = entries.get(key);
    if (t == null) {
      throw error(top, "missing key '" + key + "'");
    }
    String v = scalar(t.getValueNode(), "'" + key + "'");
    if (v.isBlank()) {
      throw error(t.getValueNode(), "'" + key + "' is empty");
    }
    return v;
  }

  private int positive(Node node, String what) {
    String v = scalar(node, what);
    try {
      int n = Integer.parseInt(v);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error(node, what + ": expected a whole number of at least 1, got '" + v + "'");
  }

  private List<String> scalars(Node node, String what) {
    if (node instanceof ScalarNode) {
      return List.of(scalar(node, what));
    }
    if (!(node instanceof SequenceNode seq)) {
      throw error(node, what + ": expected a list of values");
    }
    List<String> out = new ArrayList<>();
    for (Node n : seq.getValue()) {
      out.add(scalar(n, "an entry of " + what));
    }
    return out;
  }

  private String scalar(Node node, String what) {
    if (!(node instanceof ScalarNode s)) {
      throw error(node, what + ": expected a single value");
    }
    return s.getValue();
  }

  private ReidInputException error(Node node, String message) {
    int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    return new ReidInputException(file + (line > 0 ? ":" + line : "") + ": " + message);
  }
}
