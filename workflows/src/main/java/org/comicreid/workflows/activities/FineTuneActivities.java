package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.pipeline.FineTuneInput;
import org.comicreid.core.pipeline.FineTuneOutput;

/**
 * Activity contract of the FineTune stage ({@code finetune}): identity-aware fine-tuning from the pretrained checkpoint on the cliques. Runs on the stage's task queue (default
 * {@code reid-gpu}); the implementation heartbeats its resume point and is idempotent per stage key.
 */
@ActivityInterface
public interface FineTuneActivities {

  /** Runs the stage for {@code input} and returns its output record. */
  FineTuneOutput fineTune(FineTuneInput input);
}
