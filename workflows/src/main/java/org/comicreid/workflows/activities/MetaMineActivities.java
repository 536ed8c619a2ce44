package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.pipeline.MetaMineInput;
import org.comicreid.core.pipeline.MetaMineOutput;

/**
 * Activity contract of the MetaMine stage ({@code metamine}): mines identity cliques from the linked sequences. Runs on the stage's task queue (default
 * {@code reid-cpu}); the implementation heartbeats its resume point and is idempotent per stage key.
 */
@ActivityInterface
public interface MetaMineActivities {

  /** Runs the stage for {@code input} and returns its output record. */
  MetaMineOutput metaMine(MetaMineInput input);
}
