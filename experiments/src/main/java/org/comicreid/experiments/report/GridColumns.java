package org.comicreid.experiments.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.comicreid.core.ReidInputException;

/**
 * The columns of a grid from what a user or a sweep declares: each entry is a preset name or a
 * dotted metric path.
 *
 * <ul>
 *   <li>{@code default}: the five metrics of the semi-supervised model, local then global (the
 *       headline numbers of {@code reid run}).
 *   <li>{@code table3}: {@code pretrain.ssl_val.<face|body|identity>.<top1|top5|mean_position>},
 *       the self-supervised validation of the paper's Table 3.
 *   <li>{@code figure3}: per scope (local, global) P@1 of the self-supervised model on faces,
 *       bodies and the fused embedding, as in the paper's Figure 3.
 * </ul>
 */
public final class GridColumns {

  /** The five retrieval metrics, in report order. */
  public static final List<String> METRICS = List.of("map", "map_at_r", "mrr", "p_at_1", "r_precision");

  /** A dotted path: two or more segments of letters, digits, '_' or '-'. */
  public static final Pattern PATH = Pattern.compile("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)+");

  private static final Map<String, String> SHORT = Map.ofEntries(
      Map.entry("map", "MAP"), Map.entry("map_at_r", "MAP@R"), Map.entry("mrr", "MRR"),
      Map.entry("p_at_1", "P@1"), Map.entry("r_precision", "R-P"),
      Map.entry("semi_supervised", "semi"), Map.entry("self_supervised", "self"),
      Map.entry("color_hist", "color"), Map.entry("top1", "top-1"), Map.entry("top5", "top-5"),
      Map.entry("mean_position", "mean pos"), Map.entry("ssl_val", "val"));

  private static final Set<String> LOWER_IS_BETTER = Set.of("mean_position", "loss");

  private static final Map<String, List<GridColumn>> PRESETS = presets();

  private GridColumns() {}

  private static Map<String, List<GridColumn>> presets() {
    Map<String, List<GridColumn>> p = new LinkedHashMap<>();
    List<GridColumn> def = new ArrayList<>();
    for (String scope : List.of("local", "global")) {
      for (String m : METRICS) {
        def.add(new GridColumn(scope + ".semi_supervised." + m, scope + " " + SHORT.get(m), true));
      }
    }
    p.put("default", List.copyOf(def));
    List<GridColumn> t3 = new ArrayList<>();
    for (String head : List.of("face", "body", "identity")) {
      for (String m : List.of("top1", "top5", "mean_position")) {
        t3.add(new GridColumn("pretrain.ssl_val." + head + "." + m, head + " " + SHORT.get(m),
            higherIsBetter(m)));
      }
    }
    p.put("table3", List.copyOf(t3));
    List<GridColumn> f3 = new ArrayList<>();
    for (String scope : List.of("local", "global")) {
      f3.add(new GridColumn("face." + scope + ".self_supervised.p_at_1", scope + " face P@1", true));
      f3.add(new GridColumn("body." + scope + ".self_supervised.p_at_1", scope + " body P@1", true));
      f3.add(new GridColumn(scope + ".self_supervised.p_at_1", scope + " fused P@1", true));
    }
    p.put("figure3", List.copyOf(f3));
    return Map.copyOf(p);
  }

  /** The preset names. */
  public static Set<String> presetNames() {
    return new java.util.TreeSet<>(PRESETS.keySet());
  }

  /** The columns of a preset. */
  public static List<GridColumn> preset(String name) {
    List<GridColumn> c = PRESETS.get(name);
    if (c == null) {
      throw new ReidInputException("unknown column preset '" + name + "': expected one of "
          + presetNames() + " or a dotted metric path");
    }
    return c;
  }

  /** The {@code default} preset. */
  public static List<GridColumn> defaults() {
    return PRESETS.get("default");
  }

  /**
   * The columns of {@code entries}, in order, each a preset name or a dotted path; a path named
   * twice (directly or through a preset) appears once. Surrounding blanks are ignored.
   *
   * @throws ReidInputException for an entry that is neither a preset nor a valid path, or for an
   *     empty list
   */
  public static List<GridColumn> parse(List<String> entries) {
    Map<String, GridColumn> out = new LinkedHashMap<>();
    for (String raw : entries) {
      String e = raw == null ? "" : raw.strip();
      if (PRESETS.containsKey(e)) {
        PRESETS.get(e).forEach(c -> out.putIfAbsent(c.path(), c));
      } else if (PATH.matcher(e).matches()) {
        out.putIfAbsent(e, GridColumn.of(e));
      } else {
        throw new ReidInputException("column '" + raw + "': expected a preset (" + String.join(", ",
            presetNames()) + ") or a dotted metric path such as global.semi_supervised.p_at_1");
      }
    }
    if (out.isEmpty()) {
      throw new ReidInputException("no columns: expected at least one preset or metric path");
    }
    return List.copyOf(out.values());
  }

  /** As {@link #parse(List)} for one comma-separated string (the CLI's {@code --columns}). */
  public static List<GridColumn> parse(String commaSeparated) {
    return parse(List.of(commaSeparated.split(",", -1)));
  }

  /** The columns of several lists merged in order, each path once. */
  public static List<GridColumn> union(List<List<GridColumn>> lists) {
    Map<String, GridColumn> out = new LinkedHashMap<>();
    lists.forEach(l -> l.forEach(c -> out.putIfAbsent(c.path(), c)));
    return List.copyOf(out.values());
  }

  /** The short label of a path: its segments with well-known names shortened ({@code p_at_1} to P@1). */
  static String label(String path) {
    List<String> parts = new ArrayList<>();
    for (String s : path.split("\\.")) {
      parts.add(SHORT.getOrDefault(s, s));
    }
    return String.join(" ", parts);
  }

  /** False when the path's last segment is a lower-is-better metric. */
  static boolean higherIsBetter(String path) {
    String last = path.substring(path.lastIndexOf('.') + 1);
    return !LOWER_IS_BETTER.contains(last);
  }

  /** The paths of a column list. */
  public static List<String> paths(List<GridColumn> columns) {
    List<String> out = new ArrayList<>();
    columns.forEach(c -> out.add(c.path()));
    return out;
  }

  static Set<String> pathSet(List<GridColumn> columns) {
    return new LinkedHashSet<>(paths(columns));
  }
}
