package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.pipeline.SelectThresholdInput;
import org.comicreid.core.pipeline.SelectThresholdOutput;

/**
 * Activity contract of the SelectThreshold stage ({@code threshold}): selects the clustering distance threshold on the validation split. Runs on the stage's task queue (default
 * {@code reid-cpu}); the implementation heartbeats its resume point and is idempotent per stage key.
 */
@ActivityInterface
public interface SelectThresholdActivities {

  /** Runs the stage for {@code input} and returns its output record. */
  SelectThresholdOutput selectThreshold(SelectThresholdInput input);
}
