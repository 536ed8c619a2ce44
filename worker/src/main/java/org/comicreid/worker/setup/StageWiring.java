package org.comicreid.worker.setup;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.stages.ProgressSink;
import org.comicreid.activities.stages.StageEnvironment;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.Catalog;

/** Builds the stage activities of a worker from its config. */
public final class StageWiring {
  private StageWiring() {}

  /**
   * The nine stage implementations.
   *
   * @param catalog the catalog, opened on first use
   * @param progress where stage progress goes
   * @param tracking stage-run tracking, or null
   */
  public static StageImplementations stages(RunSetup setup, Supplier<Catalog> catalog,
      ProgressSink progress, StageTracking tracking) {
    return StageImplementations.available(environment(setup, catalog, progress, tracking));
  }

  /** The shared environment: caches live under {@code <artifacts>/cache} (shared by workers). */
  public static StageEnvironment environment(RunSetup setup, Supplier<Catalog> catalog,
      ProgressSink progress, StageTracking tracking) {
    Path cache = setup.typed().paths().artifacts().resolve("cache");
    String device = setup.typed().worker().device().name().toLowerCase(Locale.ROOT);
    return new StageEnvironment(catalog, progress, tracking, device, cache);
  }
}
