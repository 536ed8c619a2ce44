package org.comicreid.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.entity.TrackingStatus;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.ReidInputException;

/**
 * The default tracker: runs, params, metrics and tags in the catalog ({@link TrackingStore}), with
 * MLflow's semantics (params write-once, tags overwritten, runs idempotent by key) and the same
 * tags as {@link MlflowTracker}. Artifacts are copied to {@code <artifacts>/tracking/<runId>/}.
 */
public final class LocalTracker implements Tracker {

  private final TrackingStore store;
  private final Path artifactsRoot;

  /**
   * @param store the catalog's tracking store
   * @param artifactsRoot the artifact root ({@code paths.artifacts}, by default {@code
   *     <workdir>/artifacts}); artifacts go under its {@code tracking/<runId>/}
   */
  public LocalTracker(TrackingStore store, Path artifactsRoot) {
    this.store = store;
    this.artifactsRoot = artifactsRoot;
  }

  @Override
  public String backend() {
    return "local";
  }

  /** The store, for reading back what was logged. */
  public TrackingStore store() {
    return store;
  }

  /** Where the artifacts of a run are copied. */
  public Path artifactDir(String runId) {
    return artifactsRoot.resolve("tracking").resolve(runId);
  }

  @Override
  public TrackedRun startRun(RunSpec spec) {
    Map<String, String> tags = new LinkedHashMap<>(RunTags.of(spec));
    tags.putAll(spec.tags());
    String runId = store.createOrFindRun(spec.key(), spec.experiment(), spec.runName(),
        spec.parentRunId().isEmpty() ? null : spec.parentRunId(), tags);
    LocalRun run = new LocalRun(runId, spec.key());
    run.setTags(tags); // creation applies tags only the first time; a retry refreshes them
    if (!spec.params().isEmpty()) {
      run.logParams(spec.params());
    }
    return run;
  }

  @Override
  public void close() {
    // the catalog belongs to the caller
  }

  private final class LocalRun implements TrackedRun {
    private final String runId;
    private final String key;

    LocalRun(String runId, String key) {
      this.runId = runId;
      this.key = key;
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public void logParams(Map<String, String> params) {
      store.logParams(runId, params);
    }

    @Override
    public void logMetrics(List<MetricPoint> points) {
      store.logMetrics(runId, points.stream()
          .map(p -> new org.comicreid.catalog.tracking.MetricPoint(p.key(), p.value(), p.step(), p.timestampMillis()))
          .toList());
    }

    @Override
    public void setTags(Map<String, String> tags) {
      store.setTags(runId, tags);
    }

    @Override
    public void logArtifact(Path localFile, String artifactPath) {
      if (!Files.isRegularFile(localFile)) {
        throw new ReidInputException("artifact " + localFile + ": not a readable file");
      }
      Path base = artifactDir(runId).toAbsolutePath().normalize();
      Path dir = base.resolve(artifactPath == null ? "" : artifactPath).normalize();
      if (!dir.startsWith(base)) {
        throw new ReidInputException("artifact path '" + artifactPath + "': must stay inside the run's artifacts");
      }
      try {
        Files.createDirectories(dir);
        Path target = dir.resolve(localFile.getFileName().toString());
        Path tmp = dir.resolve("." + localFile.getFileName() + ".tmp");
        Files.copy(localFile, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy artifact " + localFile + " to " + dir, e);
      }
    }

    @Override
    public void finish(RunStatus status) {
      store.finishRun(runId, TrackingStatus.valueOf(status.name()));
    }
  }
}
