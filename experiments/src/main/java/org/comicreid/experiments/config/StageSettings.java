package org.comicreid.experiments.config;

import java.time.Duration;
import org.comicreid.core.pipeline.Stage;

/**
 * How one stage is executed (never what it computes; these keys are outside every hash).
 *
 * @param stage the stage
 * @param timeout start-to-close timeout of one attempt
 * @param heartbeatTimeout heartbeat timeout
 * @param maxAttempts attempts before the pipeline fails (1 = no retry)
 * @param initialInterval wait before the first retry
 * @param backoff growth factor of the retry interval
 * @param maxInterval longest wait between retries
 * @param queue the task queue, resolved (never empty)
 */
public record StageSettings(
    Stage stage,
    Duration timeout,
    Duration heartbeatTimeout,
    int maxAttempts,
    Duration initialInterval,
    double backoff,
    Duration maxInterval,
    String queue) {}
