package org.comicreid.activities.stages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.comicreid.core.ReidRunException;
import org.comicreid.experiments.report.plots.LineChart;

/**
 * The loss curve of a training stage, as it reports it to the tracked run (the training loss at
 * the tracked steps, the validation losses at their step): published next to the model as {@value
 * #TSV} (columns step, series, value) and plotted as {@value #PNG}.
 *
 * <p>A retried attempt resumes from a checkpoint, not from step 0, so the points of the earlier
 * attempts are kept with the checkpoints: at every checkpoint the history so far is written
 * (atomically) to {@value #TSV} in the checkpoint directory, and an attempt that resumes reads it
 * back and drops what lies past its resume step (it reports those steps again). A point reported
 * twice at one step (the validation a resumed run repeats) keeps the later value.
 */
final class LossHistory {
  /** Name of the table artifact. */
  static final String TSV = "losses.tsv";
  /** Name of the plot artifact. */
  static final String PNG = "losses.png";
  /** Columns of {@value #TSV}. */
  static final List<String> COLUMNS = List.of("step", "series", "value");

  /** One reported value. */
  record Point(long step, String series, double value) {}

  private final Path checkpointDir;
  /** Points by series, then step (insertion order of series kept for the plot's legend). */
  private final Map<String, TreeMap<Long, Double>> points = new LinkedHashMap<>();

  /**
   * @param checkpointDir where the checkpoints (and this history's copy) live, or null to keep
   *     the history in memory only
   * @param resumed whether this attempt resumes from a checkpoint there (then the copy is read)
   */
  LossHistory(Path checkpointDir, boolean resumed) {
    this.checkpointDir = checkpointDir;
    if (checkpointDir != null && resumed && Files.isRegularFile(checkpointDir.resolve(TSV))) {
      for (Point p : read(checkpointDir.resolve(TSV))) {
        add(p.step(), p.series(), p.value());
      }
    }
  }

  /** Records a value; a later value of the same series and step replaces the earlier one. */
  synchronized void add(long step, String series, double value) {
    points.computeIfAbsent(series, s -> new TreeMap<>()).put(step, value);
  }

  /** Drops every point after {@code step} (an attempt that resumed there reports them again). */
  synchronized void dropAfter(long step) {
    for (TreeMap<Long, Double> s : points.values()) {
      s.tailMap(step, false).clear();
    }
  }

  /** Saves the history up to {@code step} with the checkpoint of that step. */
  synchronized void checkpointed(long step) {
    if (checkpointDir == null) {
      return;
    }
    Path file = checkpointDir.resolve(TSV);
    Path tmp = checkpointDir.resolve(TSV + ".tmp");
    Tsv.write(tmp, COLUMNS, rows(step));
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Every point, by series then step. */
  synchronized List<Point> points() {
    List<Point> out = new ArrayList<>();
    points.forEach((s, byStep) -> byStep.forEach((step, v) -> out.add(new Point(step, s, v))));
    return out;
  }

  private List<List<?>> rows(long upTo) {
    List<List<?>> rows = new ArrayList<>();
    for (Point p : points()) {
      if (p.step() <= upTo) {
        rows.add(List.of(p.step(), p.series(), Double.toString(p.value())));
      }
    }
    return rows;
  }

  /**
   * Writes {@value #TSV} and, when there is a finite point, {@value #PNG} into {@code dir} (a
   * staging directory).
   *
   * @return whether the plot was written (false: no data to plot)
   * @throws ReidRunException when the plot cannot be rendered or written
   */
  synchronized boolean publish(Path dir, String title) {
    Tsv.write(dir.resolve(TSV), COLUMNS, rows(Long.MAX_VALUE));
    List<LineChart.Series> series = new ArrayList<>();
    points.forEach((name, byStep) -> {
      double[] steps = new double[byStep.size()];
      double[] values = new double[byStep.size()];
      int i = 0;
      for (Map.Entry<Long, Double> e : byStep.entrySet()) {
        steps[i] = e.getKey();
        values[i++] = e.getValue();
      }
      series.add(new LineChart.Series(name, steps, values));
    });
    try {
      LineChart chart = new LineChart(title, "step", "loss", series);
      if (!chart.hasData()) {
        return false;
      }
      chart.write(dir.resolve(PNG));
      return true;
    } catch (RuntimeException e) {
      throw new ReidRunException("cannot render " + dir.resolve(PNG) + " from " + points().size()
          + " loss points: " + e.getMessage(), e);
    }
  }

  /** Reads a {@value #TSV} table. */
  static List<Point> read(Path file) {
    Tsv.Table t = Tsv.read(file);
    int st = t.col("step");
    int se = t.col("series");
    int v = t.col("value");
    List<Point> out = new ArrayList<>();
    for (String[] r : t.rows()) {
      try {
        out.add(new Point(Long.parseLong(r[st]), r[se], Double.parseDouble(r[v])));
      } catch (NumberFormatException e) {
        throw new ReidRunException(file + ": row " + (out.size() + 1) + " is not step, series,"
            + " value: " + String.join(" | ", r));
      }
    }
    return out;
  }
}
