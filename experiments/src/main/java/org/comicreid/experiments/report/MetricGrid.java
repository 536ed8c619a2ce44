package org.comicreid.experiments.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.comicreid.core.ReidInputException;

/**
 * A table of metric values: rows are runs or sweep members, columns are dotted metric paths, and
 * each cell holds the values of one metric over a row's seeds as count, mean and sample standard
 * deviation. A metric a row lacks is an empty cell (shown as "-"), never a zero.
 *
 * @param title what the grid shows (a sweep name, a file name, "comparison")
 * @param columns the metrics, in order
 * @param rows the rows, in order; each has one cell per column
 */
public record MetricGrid(String title, List<GridColumn> columns, List<Row> rows) {

  public MetricGrid {
    Objects.requireNonNull(title, "title");
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    for (Row r : rows) {
      if (r.cells().size() != columns.size()) {
        throw new IllegalArgumentException("row '" + r.name() + "' has " + r.cells().size()
            + " cells for " + columns.size() + " columns");
      }
    }
  }

  /**
   * One metric of one row over seeds.
   *
   * @param n how many values (0: missing)
   * @param mean their mean (NaN when n is 0)
   * @param std their sample standard deviation, divided by n - 1 (NaN when n &lt; 2)
   */
  public record Cell(int n, double mean, double std) {
    /** The missing value. */
    public static final Cell EMPTY = new Cell(0, Double.NaN, Double.NaN);

    /** The summary of {@code values}; nulls and non-finite values are left out. */
    public static Cell of(List<Double> values) {
      List<Double> vs = new ArrayList<>();
      for (Double v : values) {
        if (v != null && Double.isFinite(v)) {
          vs.add(v);
        }
      }
      if (vs.isEmpty()) {
        return EMPTY;
      }
      double sum = 0;
      for (double v : vs) {
        sum += v;
      }
      double mean = sum / vs.size();
      if (vs.size() < 2) {
        return new Cell(1, mean, Double.NaN);
      }
      double ss = 0;
      for (double v : vs) {
        ss += (v - mean) * (v - mean);
      }
      return new Cell(vs.size(), mean, Math.sqrt(ss / (vs.size() - 1)));
    }

    /** True when the row has no value for the metric. */
    public boolean missing() {
      return n == 0;
    }
  }

  /**
   * One row.
   *
   * @param source where the row came from in a side-by-side comparison ("" otherwise)
   * @param name the run or member name
   * @param overrides the config keys the member sets (empty for a plain run)
   * @param cells one per column
   * @param note e.g. {@code failed: <error>} for a failed member; "" when none
   */
  public record Row(String source, String name, Map<String, String> overrides, List<Cell> cells, String note) {
    public Row {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(name, "name");
      overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
      cells = List.copyOf(cells);
      note = note == null ? "" : note;
    }
  }

  /**
   * A tracked row before aggregation: a run, or a sweep member with one flat metric map per seed.
   *
   * @param name the row name
   * @param overrides the member's overrides (empty for a plain run)
   * @param seeds flat metrics (dotted path to value) of each seed's run
   * @param note shown next to the row ("" when none)
   */
  public record Member(String name, Map<String, String> overrides, List<Map<String, Double>> seeds, String note) {}

  /** True when any cell aggregates more than one value, so std columns are worth showing. */
  public boolean repeated() {
    return rows.stream().anyMatch(r -> r.cells().stream().anyMatch(c -> c.n() > 1));
  }

  /**
   * The indices of the rows holding the best mean of column {@code col} (several on a tie); empty
   * when fewer than two rows have a value or all values are equal, since then nothing stands out.
   */
  public List<Integer> best(int col) {
    boolean higher = columns.get(col).higherIsBetter();
    double best = Double.NaN;
    int present = 0;
    for (Row r : rows) {
      Cell c = r.cells().get(col);
      if (!c.missing()) {
        present++;
        if (Double.isNaN(best) || (higher ? c.mean() > best : c.mean() < best)) {
          best = c.mean();
        }
      }
    }
    List<Integer> out = new ArrayList<>();
    if (present < 2) {
      return out;
    }
    for (int i = 0; i < rows.size(); i++) {
      Cell c = rows.get(i).cells().get(col);
      if (!c.missing() && Math.abs(c.mean() - best) <= 1e-12) {
        out.add(i);
      }
    }
    return out.size() == present ? new ArrayList<>() : out;
  }

  /** A one-row grid of a {@code reid run --json} document. */
  public static MetricGrid fromRun(String title, String rowName, Map<String, ?> doc, List<GridColumn> columns) {
    Map<String, Double> flat = MetricDocs.flatten(doc);
    return fromMembers(title, List.of(new Member(rowName, Map.of(), List.of(flat), "")), columns);
  }

  /**
   * The grid of tracked rows: each member's values are aggregated over its seeds.
   */
  public static MetricGrid fromMembers(String title, List<Member> members, List<GridColumn> columns) {
    List<Row> rows = new ArrayList<>();
    for (Member m : members) {
      List<Cell> cells = new ArrayList<>();
      for (GridColumn c : columns) {
        List<Double> vs = new ArrayList<>();
        for (Map<String, Double> seed : m.seeds()) {
          vs.add(seed.get(c.path()));
        }
        cells.add(Cell.of(vs));
      }
      rows.add(new Row("", m.name(), m.overrides(), cells, m.note()));
    }
    return new MetricGrid(title, columns, rows);
  }

  /**
   * The grid of a {@code reid sweep --json} document: one row per member, aggregated over the
   * member's {@code runs} when it lists them, else its own mean values (with the {@code std}
   * section and {@code sweep.seeds} as the spread and count when present).
   *
   * @param columns the columns, or null for what the sweep declares ({@code sweep.columns}), else
   *     the {@code default} preset
   * @throws ReidInputException when the document is not a sweep document
   */
  public static MetricGrid fromSweep(Map<String, ?> doc, List<GridColumn> columns) {
    if (!MetricDocs.isSweep(doc)) {
      throw new ReidInputException("not a sweep document: expected a 'sweep' object and a 'members' list");
    }
    Map<?, ?> sweep = (Map<?, ?>) doc.get("sweep");
    List<GridColumn> cols = columns != null ? columns : declaredColumns(doc);
    int seeds = sweep.get("seeds") instanceof Number n ? n.intValue() : 1;
    String title = sweep.get("name") == null ? "sweep" : String.valueOf(sweep.get("name"));
    List<Row> rows = new ArrayList<>();
    int index = 0;
    for (Object o : (List<?>) doc.get("members")) {
      if (!(o instanceof Map<?, ?> mm)) {
        throw new ReidInputException("sweep '" + title + "': members[" + index + "] is not an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> member = (Map<String, Object>) mm;
      String name = member.get("name") == null ? "member " + index : String.valueOf(member.get("name"));
      List<Cell> cells = new ArrayList<>();
      List<?> runs = member.get("runs") instanceof List<?> l ? l : List.of();
      List<Map<String, Double>> runFlats = new ArrayList<>();
      for (Object r : runs) {
        if (r instanceof Map<?, ?> rm) {
          @SuppressWarnings("unchecked")
          Map<String, Object> run = (Map<String, Object>) rm;
          runFlats.add(MetricDocs.flatten(run));
        }
      }
      Map<String, Double> own = MetricDocs.flatten(member);
      for (GridColumn c : cols) {
        if (!runFlats.isEmpty()) {
          List<Double> vs = new ArrayList<>();
          runFlats.forEach(f -> vs.add(f.get(c.path())));
          cells.add(Cell.of(vs));
        } else {
          Double mean = own.get(c.path());
          Double std = own.get("std." + c.path());
          if (mean == null) {
            cells.add(Cell.EMPTY);
          } else if (std != null && seeds > 1) {
            cells.add(new Cell(seeds, mean, std));
          } else {
            cells.add(new Cell(1, mean, Double.NaN));
          }
        }
      }
      String note = "";
      if ("failed".equals(member.get("status"))) {
        note = "failed" + (member.get("error") == null ? "" : ": " + member.get("error"));
      }
      rows.add(new Row("", name, overrides(member.get("overrides")), cells, note));
      index++;
    }
    return new MetricGrid(title, cols, rows);
  }

  /** The columns a sweep document declares ({@code sweep.columns}), else the default preset. */
  public static List<GridColumn> declaredColumns(Map<String, ?> doc) {
    if (doc.get("sweep") instanceof Map<?, ?> s && s.get("columns") instanceof List<?> l && !l.isEmpty()) {
      List<String> entries = new ArrayList<>();
      l.forEach(x -> entries.add(String.valueOf(x)));
      return GridColumns.parse(entries);
    }
    return GridColumns.defaults();
  }

  /** A member's overrides as strings, keys sorted. */
  static Map<String, String> overrides(Object o) {
    Map<String, String> out = new TreeMap<>();
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    return out;
  }

  /**
   * Several grids side by side: the union of their columns, each grid's rows labelled with the
   * grid's title as source.
   */
  public static MetricGrid combine(List<MetricGrid> grids) {
    List<List<GridColumn>> all = new ArrayList<>();
    grids.forEach(g -> all.add(g.columns()));
    List<GridColumn> cols = GridColumns.union(all);
    List<Row> rows = new ArrayList<>();
    for (MetricGrid g : grids) {
      Map<String, Integer> at = new LinkedHashMap<>();
      for (int i = 0; i < g.columns().size(); i++) {
        at.put(g.columns().get(i).path(), i);
      }
      for (Row r : g.rows()) {
        List<Cell> cells = new ArrayList<>();
        for (GridColumn c : cols) {
          Integer i = at.get(c.path());
          cells.add(i == null ? Cell.EMPTY : r.cells().get(i));
        }
        rows.add(new Row(r.source().isEmpty() ? g.title() : r.source(), r.name(), r.overrides(), cells, r.note()));
      }
    }
    return new MetricGrid(grids.size() == 1 ? grids.get(0).title() : "comparison", cols, rows);
  }
}
