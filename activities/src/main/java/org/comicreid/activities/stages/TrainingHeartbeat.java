package org.comicreid.activities.stages;

/**
 * The heartbeat details of a training stage: where it is and the last checkpoint written. A
 * retried attempt reads them and resumes from {@code checkpoint}.
 *
 * @param epoch 0-based epoch of the last step
 * @param step 0-based step within the epoch
 * @param globalStep steps done
 * @param totalSteps steps planned
 * @param loss loss of the last step
 * @param checkpoint path of the last checkpoint, or empty when none was written yet
 */
public record TrainingHeartbeat(int epoch, int step, long globalStep, long totalSteps, double loss,
    String checkpoint) {}
