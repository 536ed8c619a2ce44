package org.comicreid.experiments.tracking;

/** Where runs, params, metrics, tags and artifacts are recorded. */
public interface Tracker extends AutoCloseable {

  /**
   * Starts a run, or finds the run already started with the same {@link RunSpec#key()} (so a
   * retried activity does not create a duplicate), and logs the spec's params and tags.
   */
  TrackedRun startRun(RunSpec spec);

  /** A short name of the backend, e.g. {@code mlflow} or {@code local}. */
  String backend();

  /** Sends what is still buffered (best effort) and releases resources. */
  @Override
  void close();
}
