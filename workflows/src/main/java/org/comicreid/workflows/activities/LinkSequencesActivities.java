package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.pipeline.LinkSequencesInput;
import org.comicreid.core.pipeline.LinkSequencesOutput;

/**
 * Activity contract of the LinkSequences stage ({@code link}): links instances into sequences with the pretrained embeddings. Runs on the stage's task queue (default
 * {@code reid-cpu}); the implementation heartbeats its resume point and is idempotent per stage key.
 */
@ActivityInterface
public interface LinkSequencesActivities {

  /** Runs the stage for {@code input} and returns its output record. */
  LinkSequencesOutput linkSequences(LinkSequencesInput input);
}
