package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.pipeline.PairInput;
import org.comicreid.core.pipeline.PairOutput;

/**
 * Activity contract of the Pair stage ({@code pair}): mines instance pairs from the detections. Runs on the stage's task queue (default
 * {@code reid-cpu}); the implementation heartbeats its resume point and is idempotent per stage key.
 */
@ActivityInterface
public interface PairActivities {

  /** Runs the stage for {@code input} and returns its output record. */
  PairOutput pair(PairInput input);
}
