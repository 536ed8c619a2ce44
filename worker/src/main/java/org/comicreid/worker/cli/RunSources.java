package org.comicreid.worker.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.experiments.report.MetricDocs;
import org.comicreid.experiments.report.TrackedRuns;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.worker.setup.LedgerWiring;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.setup.TrackingWiring;

/**
 * Where {@code reid gate} and {@code reid compare} read results from: a JSON file when the
 * argument names an existing path or looks like one ({@link #isFile}), else a run id in the tracker the config selects ({@code
 * tracking.*}). The config, the tracker and (for the local tracker) the catalog are only opened
 * when a run id is looked up, and closed with this object.
 */
final class RunSources implements AutoCloseable {

  private final Path config;
  private final List<String> sets;
  private RunSetup setup;
  private Catalog catalog;
  private Tracker tracker;
  private TrackedRuns.Reader reader;

  RunSources(Path config, List<String> sets) {
    this.config = config;
    this.sets = sets;
  }

  /**
   * True when {@code arg} is meant as a file: it names an existing path, or it looks like one (a
   * path separator or a {@code .json} ending, which run ids never have), so that a mistyped file
   * name is reported as a missing file instead of being looked up in the tracker.
   */
  static boolean isFile(String arg) {
    if (arg.contains("/") || arg.contains("\\") || arg.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
      return true;
    }
    try {
      return Files.exists(Path.of(arg));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** The JSON object in the file {@code arg}. */
  static Map<String, Object> readFile(String arg) {
    return MetricDocs.read(Path.of(arg));
  }

  /** The reader of the configured tracker, opened on first use. */
  TrackedRuns.Reader reader() {
    if (reader == null) {
      setup = RunSetup.resolve(config, sets);
      tracker = TrackingWiring.open(setup, () -> new TrackingStore(catalog()));
      reader = TrackedRuns.reader(tracker);
    }
    return reader;
  }

  private Catalog catalog() {
    if (catalog == null) {
      catalog = LedgerWiring.openCatalog(setup);
    }
    return catalog;
  }

  @Override
  public void close() {
    try {
      if (tracker != null) {
        tracker.close();
      }
    } finally {
      if (catalog != null) {
        catalog.close();
      }
    }
  }
}
