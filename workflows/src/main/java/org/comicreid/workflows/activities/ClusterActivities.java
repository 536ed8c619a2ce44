package org.comicreid.workflows.activities;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.pipeline.ClusterInput;
import org.comicreid.core.pipeline.ClusterOutput;

/**
 * Activity contract of the Cluster stage ({@code cluster}): clusters the test split's embeddings at the selected threshold. Runs on the stage's task queue (default
 * {@code reid-cpu}); the implementation heartbeats its resume point and is idempotent per stage key.
 */
@ActivityInterface
public interface ClusterActivities {

  /** Runs the stage for {@code input} and returns its output record. */
  ClusterOutput cluster(ClusterInput input);
}
