package org.comicreid.experiments.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.sweep.SweepMemberResult;
import org.comicreid.core.sweep.SweepResult;

/**
 * The JSON documents of results, as plain nested maps (for Jackson):
 *
 * <ul>
 *   <li>{@link #metrics(PipelineResult)}: a run's numbers nested by their dotted names, the shape
 *       {@code reid run --json} has ({@code local}/{@code global} → model → metric, the {@code
 *       face}/{@code body} views when evaluated, {@code pretrain.ssl_val} → term → metric).
 *   <li>{@link #sweep}: the {@code reid sweep --json} document: {@code sweep} (name, workflow id,
 *       columns, seeds) and {@code members}, each with its name, overrides, status, error, the mean
 *       over its seed repeats in the run shape, {@code std} (sample standard deviation, with more
 *       than one repeat) and {@code runs} (each repeat's own numbers).
 * </ul>
 */
public final class SweepReport {

  private SweepReport() {}

  /** The flat metrics of a run: every evaluate metric, and the pretraining validation. */
  public static Map<String, Double> flat(PipelineResult r) {
    Map<String, Double> out = new TreeMap<>();
    if (r.evaluate() != null) {
      r.evaluate().metrics().forEach((k, v) -> {
        if (v != null && Double.isFinite(v)) {
          out.put(k, v);
        }
      });
    }
    if (r.pretrain() != null) {
      r.pretrain().validation().forEach((k, v) -> out.put("pretrain." + k, v));
    }
    return out;
  }

  /** A run's metrics nested by their dotted names. */
  public static Map<String, Object> metrics(PipelineResult r) {
    return nest(flat(r));
  }

  /** {@code a.b.c = 1} becomes {@code {a: {b: {c: 1}}}}; keys in sorted order. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> nest(Map<String, Double> flat) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : new TreeMap<>(flat).entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> at = root;
      for (int i = 0; i < parts.length - 1; i++) {
        Object next = at.get(parts[i]);
        if (!(next instanceof Map)) {
          next = new LinkedHashMap<String, Object>();
          at.put(parts[i], next);
        }
        at = (Map<String, Object>) next;
      }
      at.put(parts[parts.length - 1], e.getValue());
    }
    return root;
  }

  /** The {@code reid sweep --json} document. */
  public static Map<String, Object> sweep(
      SweepResult result, List<String> columns, int seeds, String file) {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("name", result.name());
    head.put("workflow_id", result.workflowId());
    head.put("tracking_run_id", result.trackingRunId());
    head.put("file", file);
    head.put("columns", columns);
    head.put("seeds", seeds);
    doc.put("sweep", head);
    Map<Integer, List<SweepMemberResult>> byMember = new TreeMap<>();
    for (SweepMemberResult m : result.members()) {
      byMember.computeIfAbsent(m.index(), i -> new ArrayList<>()).add(m);
    }
    List<Map<String, Object>> members = new ArrayList<>();
    for (List<SweepMemberResult> repeats : byMember.values()) {
      SweepMemberResult first = repeats.get(0);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", first.name());
      m.put("overrides", first.overrides());
      List<SweepMemberResult> failed = repeats.stream().filter(x -> !x.finished()).toList();
      m.put("status", failed.isEmpty() ? "finished" : "failed");
      m.put("error", failed.isEmpty() ? null : failed.get(0).label() + ": " + failed.get(0).error());
      List<Map<String, Double>> flats = new ArrayList<>();
      List<Map<String, Object>> runs = new ArrayList<>();
      for (SweepMemberResult x : repeats) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("seed", x.seed());
        run.put("workflow_id", x.workflowId());
        run.put("tracking_run_id", x.trackingRunId());
        run.put("status", x.finished() ? "finished" : "failed");
        run.put("cached_stages", x.cached().stream().map(s -> s.key()).toList());
        if (x.finished()) {
          Map<String, Double> f = flat(x.result());
          flats.add(f);
          run.putAll(nest(f));
        } else {
          run.put("error", x.error());
        }
        runs.add(run);
      }
      Map<String, Double> mean = new TreeMap<>();
      Map<String, Double> std = new TreeMap<>();
      aggregate(flats, mean, std);
      m.putAll(nest(mean));
      if (seeds > 1) {
        m.put("std", nest(std));
      }
      m.put("runs", runs);
      members.add(m);
    }
    doc.put("members", members);
    return doc;
  }

  /**
   * Writes the sweep's metric grid ({@code columns}: presets or dotted paths) as {@code grid.csv},
   * {@code grid.md}, {@code grid.html} and, when a column is on the 0..1 scale, the bar chart
   * {@code grid.png} into {@code dir}; returns the files.
   */
  public static List<java.nio.file.Path> writeGrids(Map<String, Object> doc, List<String> columns,
      java.nio.file.Path dir) throws java.io.IOException {
    org.comicreid.experiments.report.MetricGrid grid =
        org.comicreid.experiments.report.MetricGrid.fromSweep(doc,
            org.comicreid.experiments.report.GridColumns.parse(columns));
    List<java.nio.file.Path> out = new ArrayList<>();
    for (var e : Map.of("grid.csv", org.comicreid.experiments.report.GridFormat.CSV,
        "grid.md", org.comicreid.experiments.report.GridFormat.MD,
        "grid.html", org.comicreid.experiments.report.GridFormat.HTML).entrySet()) {
      java.nio.file.Path f = dir.resolve(e.getKey());
      java.nio.file.Files.writeString(f, e.getValue().render(grid));
      out.add(f);
    }
    org.comicreid.experiments.report.plots.BarChart chart = barChart(grid);
    if (chart != null) {
      out.add(chart.write(dir.resolve("grid.png")));
    }
    return out;
  }

  /**
   * The grid as grouped bars (mean, with the std as error bars over seeds): the columns whose
   * values lie on the 0..1 scale (mean positions and losses do not), or null when there are none.
   */
  static org.comicreid.experiments.report.plots.BarChart barChart(
      org.comicreid.experiments.report.MetricGrid grid) {
    List<Integer> cols = new ArrayList<>();
    for (int c = 0; c < grid.columns().size(); c++) {
      boolean any = false;
      boolean onScale = true;
      for (org.comicreid.experiments.report.MetricGrid.Row r : grid.rows()) {
        var cell = r.cells().get(c);
        if (!cell.missing()) {
          any = true;
          double hi = cell.mean() + (Double.isFinite(cell.std()) ? cell.std() : 0);
          double lo = cell.mean() - (Double.isFinite(cell.std()) ? cell.std() : 0);
          onScale &= lo >= 0 && hi <= 1;
        }
      }
      if (any && onScale) {
        cols.add(c);
      }
    }
    if (cols.isEmpty() || grid.rows().isEmpty()) {
      return null;
    }
    int n = grid.rows().size();
    double[][] mean = new double[n][cols.size()];
    double[][] std = new double[n][cols.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      var row = grid.rows().get(i);
      names.add(row.name());
      for (int j = 0; j < cols.size(); j++) {
        var cell = row.cells().get(cols.get(j));
        mean[i][j] = cell.missing() ? Double.NaN : cell.mean();
        std[i][j] = cell.missing() || !Double.isFinite(cell.std()) ? Double.NaN : cell.std();
      }
    }
    List<String> labels = cols.stream().map(c -> grid.columns().get(c).label()).toList();
    return new org.comicreid.experiments.report.plots.BarChart(grid.title(), "value", names,
        labels, mean, grid.repeated() ? std : null);
  }

  /** The sweep's metric grid as terminal text. */
  public static String textGrid(Map<String, Object> doc, List<String> columns) {
    return org.comicreid.experiments.report.GridFormat.TEXT.render(
        org.comicreid.experiments.report.MetricGrid.fromSweep(doc,
            org.comicreid.experiments.report.GridColumns.parse(columns)));
  }

  /** Per key present in every run: the mean and the sample standard deviation (NaN for one run). */
  static void aggregate(List<Map<String, Double>> runs, Map<String, Double> mean,
      Map<String, Double> std) {
    if (runs.isEmpty()) {
      return;
    }
    for (String k : runs.get(0).keySet()) {
      if (!runs.stream().allMatch(r -> r.containsKey(k))) {
        continue;
      }
      double sum = 0;
      for (Map<String, Double> r : runs) {
        sum += r.get(k);
      }
      double mu = sum / runs.size();
      mean.put(k, mu);
      if (runs.size() > 1) {
        double ss = 0;
        for (Map<String, Double> r : runs) {
          ss += (r.get(k) - mu) * (r.get(k) - mu);
        }
        std.put(k, Math.sqrt(ss / (runs.size() - 1)));
      }
    }
  }
}
