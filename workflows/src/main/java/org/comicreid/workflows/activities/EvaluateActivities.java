package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.pipeline.EvaluateInput;
import org.comicreid.core.pipeline.EvaluateOutput;

/**
 * Activity contract of the Evaluate stage ({@code evaluate}): scores the clusters and embeddings. Runs on the stage's task queue (default
 * {@code reid-cpu}); the implementation heartbeats its resume point and is idempotent per stage key.
 */
@ActivityInterface
public interface EvaluateActivities {

  /** Runs the stage for {@code input} and returns its output record. */
  EvaluateOutput evaluate(EvaluateInput input);
}
