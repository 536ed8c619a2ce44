package org.comicreid.worker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import org.comicreid.experiments.report.GridColumn;
import org.comicreid.experiments.report.GridColumns;
import org.comicreid.experiments.report.GridFormat;
import org.comicreid.experiments.report.MetricDocs;
import org.comicreid.experiments.report.MetricGrid;
import org.comicreid.experiments.report.TrackedRuns;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reid compare}: the metric grid of runs and sweeps side by side. Each source is a {@code
 * reid run --json} or {@code reid sweep --json} file, or a tracked run id (a sweep parent expands
 * to its members, aggregated over seeds).
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = "Show the metrics of runs and sweeps side by side (text, CSV, Markdown or HTML).")
public final class CompareCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "RUN_OR_SWEEP_OR_FILE",
      description = "reid run --json or reid sweep --json files, or run ids in the configured tracker.")
  List<String> sources = new ArrayList<>();

  @Option(names = "--columns", paramLabel = "PRESET_OR_PATH,...",
      description = "Columns: presets (default, table3, figure3) and dotted metric paths, comma-separated."
          + " Default: the columns the sweep files declare, else 'default'.")
  String columns;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, csv, md or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
  Path out;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file selecting the tracker (for run ids).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
  List<String> sets = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    GridFormat fmt = GridFormat.parse(format);
    List<GridColumn> cols = columns == null ? null : GridColumns.parse(columns);
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String s : sources) {
      docs.add(RunSources.isFile(s) ? RunSources.readFile(s) : null);
    }
    // tracked runs get null when nothing chose their columns: a tracked sweep then shows the
    // columns its file declared (tag reid.sweep.columns), anything else the default preset
    List<GridColumn> trackedCols = cols;
    if (cols == null) {
      List<List<GridColumn>> declared = new ArrayList<>();
      for (Map<String, Object> d : docs) {
        if (d != null && MetricDocs.isSweep(d)) {
          declared.add(MetricGrid.declaredColumns(d));
        }
      }
      cols = declared.isEmpty() ? GridColumns.defaults() : GridColumns.union(declared);
      trackedCols = declared.isEmpty() ? null : cols;
    }
    List<MetricGrid> grids = new ArrayList<>();
    try (RunSources runs = new RunSources(config, sets)) {
      for (int i = 0; i < sources.size(); i++) {
        String s = sources.get(i);
        Map<String, Object> d = docs.get(i);
        if (d == null) {
          grids.add(TrackedRuns.grid(runs.reader(), s, trackedCols));
        } else if (MetricDocs.isSweep(d)) {
          grids.add(MetricGrid.fromSweep(d, cols));
        } else {
          String title = Path.of(s).getFileName().toString();
          Object wf = d.get("workflow_id");
          grids.add(MetricGrid.fromRun(title, wf == null ? title : String.valueOf(wf), d, cols));
        }
      }
    }
    MetricGrid grid = grids.size() == 1 ? grids.get(0) : MetricGrid.combine(labelled(grids));
    String text = fmt.render(grid);
    PrintWriter w = spec.commandLine().getOut();
    if (out == null) {
      w.print(text);
    } else {
      write(out, text);
      w.println("wrote " + grid.rows().size() + " rows x " + grid.columns().size() + " columns to " + out);
    }
    w.flush();
    return ReidMain.EXIT_OK;
  }

  /** The grids with their titles made unique (two sweeps of one name stay apart), as sources. */
  private List<MetricGrid> labelled(List<MetricGrid> grids) {
    List<MetricGrid> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < grids.size(); i++) {
      MetricGrid g = grids.get(i);
      String title = seen.add(g.title()) ? g.title() : g.title() + " (" + sources.get(i) + ")";
      seen.add(title);
      out.add(new MetricGrid(title, g.columns(), g.rows()));
    }
    return out;
  }

  /** Writes {@code text} to a temporary file next to {@code file}, then renames it into place. */
  static void write(Path file, String text) {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new ReidInputException("--out " + file + ": the directory " + dir + " does not exist");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
      Files.writeString(tmp, text);
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ReidRunException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temporary file is harmless
        }
      }
    }
  }
}
