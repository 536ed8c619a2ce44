package org.comicreid.activities.stages;

import org.comicreid.core.pipeline.Stage;

/**
 * Where stage activities report human-readable progress. The embedded {@code reid run} prints it;
 * a standalone worker logs it.
 */
@FunctionalInterface
public interface ProgressSink {

  /**
   * One progress update.
   *
   * @param stage the reporting stage
   * @param message one line, e.g. {@code step 40/300 loss 3.21 eta 1m10s}
   * @param transientLine true for frequent updates that a terminal may overwrite in place
   */
  void report(Stage stage, String message, boolean transientLine);

  /** Discards everything. */
  ProgressSink NONE = (s, m, t) -> {};
}
