package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.pipeline.DetectInput;
import org.comicreid.core.pipeline.DetectOutput;

/**
 * Activity contract of the Detect stage ({@code detect}): detects character instances on the dataset's pages. Runs on the stage's task queue (default
 * {@code reid-cpu}); the implementation heartbeats its resume point and is idempotent per stage key.
 */
@ActivityInterface
public interface DetectActivities {

  /** Runs the stage for {@code input} and returns its output record. */
  DetectOutput detect(DetectInput input);
}
