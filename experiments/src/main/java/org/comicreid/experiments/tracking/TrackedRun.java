package org.comicreid.experiments.tracking;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A run in a tracker. Safe to call from several threads. */
public interface TrackedRun {

  /** The backend's run id. */
  String runId();

  /** The idempotency key the run was started with. */
  String key();

  /** Logs parameters (logging a parameter again with the same value is harmless). */
  void logParams(Map<String, String> params);

  /** Logs one metric value, stamped now. */
  default void logMetric(String key, double value, long step) {
    logMetrics(List.of(MetricPoint.of(key, value, step)));
  }

  /** Logs many metric values in order. */
  void logMetrics(List<MetricPoint> points);

  /** Sets tags (a later value replaces an earlier one). */
  void setTags(Map<String, String> tags);

  /**
   * Stores a copy of a local file among the run's artifacts.
   *
   * @param localFile the file
   * @param artifactPath the directory inside the run's artifacts ({@code ""} for the root); the
   *     file keeps its name
   */
  void logArtifact(Path localFile, String artifactPath);

  /** Ends the run with a status, after sending anything still buffered. */
  void finish(RunStatus status);

  /** Operations kept on disk because the backend was unreachable (0 when all were delivered). */
  default int buffered() {
    return 0;
  }
}
