package org.comicreid.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How the workflow schedules one stage: its task queue, start-to-close and heartbeat timeouts and
 * retry policy. Built from the {@code <stage>.timeout}, {@code <stage>.heartbeat_timeout}, {@code
 * <stage>.max_attempts}, {@code <stage>.initial_interval}, {@code <stage>.backoff}, {@code
 * <stage>.max_interval} and {@code <stage>.queue} config keys.
 *
 * <p>These are execution settings: they do not enter the stage key, so changing a timeout does
 * not invalidate a finished stage.
 *
 * @param startToClose the longest one attempt may run
 * @param heartbeatTimeout the longest an attempt may go without heartbeating ({@link
 *     Duration#ZERO}: no heartbeat timeout)
 * @param maxAttempts attempts in all, 1 = no retry, 0 = unlimited
 * @param initialInterval wait before the first retry
 * @param backoff factor by which the wait grows per retry (at least 1)
 * @param maxInterval the longest wait between retries
 * @param taskQueue the Temporal task queue whose workers run the stage
 */
public record StageOptions(
    Duration startToClose,
    Duration heartbeatTimeout,
    int maxAttempts,
    Duration initialInterval,
    double backoff,
    Duration maxInterval,
    String taskQueue) {

  public StageOptions {
    Objects.requireNonNull(startToClose, "startToClose");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    Objects.requireNonNull(taskQueue, "taskQueue");
    if (startToClose.isNegative() || startToClose.isZero()) {
      throw new IllegalArgumentException("startToClose must be positive, got " + startToClose);
    }
    if (heartbeatTimeout.isNegative()) {
      throw new IllegalArgumentException("heartbeatTimeout must not be negative");
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must be >= 0, got " + maxAttempts);
    }
    if (initialInterval.isNegative() || initialInterval.isZero()) {
      throw new IllegalArgumentException("initialInterval must be positive, got " + initialInterval);
    }
    if (!(backoff >= 1.0)) {
      throw new IllegalArgumentException("backoff must be >= 1, got " + backoff);
    }
    if (maxInterval.compareTo(initialInterval) < 0) {
      throw new IllegalArgumentException(
          "maxInterval " + maxInterval + " is shorter than initialInterval " + initialInterval);
    }
    if (taskQueue.isBlank()) {
      throw new IllegalArgumentException("taskQueue must not be blank");
    }
  }

  /**
   * Defaults: training stages 6 h with a 5 min heartbeat timeout on {@link TaskQueues#GPU}; other
   * stages 1 h with a 2 min heartbeat timeout on {@link TaskQueues#CPU}; 3 attempts, 10 s initial
   * interval, backoff 2, at most 10 min between attempts.
   */
  public static StageOptions defaults(Stage stage) {
    return new StageOptions(
        stage.isTraining() ? Duration.ofHours(6) : Duration.ofHours(1),
        stage.isTraining() ? Duration.ofMinutes(5) : Duration.ofMinutes(2),
        3,
        Duration.ofSeconds(10),
        2.0,
        Duration.ofMinutes(10),
        TaskQueues.defaultFor(stage));
  }

  /** A copy on another task queue. */
  public StageOptions withTaskQueue(String queue) {
    return new StageOptions(
        startToClose, heartbeatTimeout, maxAttempts, initialInterval, backoff, maxInterval, queue);
  }

  /** A copy with another number of attempts. */
  public StageOptions withMaxAttempts(int attempts) {
    return new StageOptions(
        startToClose, heartbeatTimeout, attempts, initialInterval, backoff, maxInterval, taskQueue);
  }

  /** A copy with other retry intervals. */
  public StageOptions withIntervals(Duration initial, Duration max) {
    return new StageOptions(
        startToClose, heartbeatTimeout, maxAttempts, initial, backoff, max, taskQueue);
  }
}
