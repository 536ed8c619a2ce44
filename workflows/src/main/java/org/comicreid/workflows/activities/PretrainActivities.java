package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.pipeline.PretrainInput;
import org.comicreid.core.pipeline.PretrainOutput;

/**
 * Activity contract of the Pretrain stage ({@code pretrain}): self-supervised pretraining of the backbone on the pairs. Runs on the stage's task queue (default
 * {@code reid-gpu}); the implementation heartbeats its resume point and is idempotent per stage key.
 */
@ActivityInterface
public interface PretrainActivities {

  /** Runs the stage for {@code input} and returns its output record. */
  PretrainOutput pretrain(PretrainInput input);
}
