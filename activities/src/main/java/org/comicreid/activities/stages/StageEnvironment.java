package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.repository.DatasetSnapshots;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.core.dataset.DatasetSnapshot;

/**
 * What the stage activities of one worker share: the catalog, a cache of dataset snapshots, where
 * progress goes, the tracking of stage runs (may be null), the training device request and a
 * cache directory for content-addressed crops and features.
 */
public final class StageEnvironment {
  private CropStore crops;
  private final Supplier<Catalog> catalog;
  private final ProgressSink progress;
  private final StageTracking tracking;
  private final String device;
  private final Path cacheDir;
  private final Map<String, DatasetSnapshot> snapshots = new ConcurrentHashMap<>();

  /**
   * @param catalog opens (or returns) the catalog, on first use
   * @param progress where progress lines go
   * @param tracking stage-run tracking, or null when untracked
   * @param device {@code worker.device}: cpu, gpu or auto
   * @param cacheDir content-addressed caches (crops, frozen features); shared by attempts and runs
   */
  public StageEnvironment(Supplier<Catalog> catalog, ProgressSink progress, StageTracking tracking,
      String device, Path cacheDir) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.progress = progress == null ? ProgressSink.NONE : progress;
    this.tracking = tracking;
    this.device = device == null ? "auto" : device;
    this.cacheDir = cacheDir.toAbsolutePath().normalize();
  }

  public Catalog catalog() {
    return catalog.get();
  }

  public ProgressSink progress() {
    return progress;
  }

  /** Stage-run tracking, or null. */
  public StageTracking tracking() {
    return tracking;
  }

  public String device() {
    return device;
  }

  public Path cacheDir() {
    return cacheDir;
  }

  /**
   * The crop cache under {@code <cacheDir>/crops}, shared by this worker's stages: crops are cut
   * when a stage first reads them.
   */
  public synchronized CropStore crops() {
    if (crops == null) {
      crops = new CropStore(cacheDir.resolve("crops"));
    }
    return crops;
  }

  /** The dataset as plain records, loaded once per worker. */
  public DatasetSnapshot dataset(String name) {
    return snapshots.computeIfAbsent(name, n -> DatasetSnapshots.load(catalog(), n));
  }
}
