package org.comicreid.workflows.pipeline;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import org.comicreid.core.pipeline.StageOptions;

/** Maps the framework-free {@link StageOptions} onto Temporal's activity options. */
public final class StageActivityOptions {

  /** Options of the stage-ledger activities: short, retried generously (the catalog may blink). */
  static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Failures a retry cannot fix: bad input (config, data). They fail the stage at once, with the
   * message naming the key or file.
   */
  static final String DO_NOT_RETRY = "org.comicreid.core.ReidInputException";

  private StageActivityOptions() {}

  /** Task queue, start-to-close, heartbeat timeout and retry policy of one stage. */
  public static ActivityOptions of(StageOptions o) {
    ActivityOptions.Builder b =
        ActivityOptions.newBuilder()
            .setTaskQueue(o.taskQueue())
            .setStartToCloseTimeout(o.startToClose())
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setMaximumAttempts(o.maxAttempts())
                    .setInitialInterval(o.initialInterval())
                    .setBackoffCoefficient(o.backoff())
                    .setMaximumInterval(o.maxInterval())
                    .setDoNotRetry(DO_NOT_RETRY)
                    .build());
    if (!o.heartbeatTimeout().isZero()) {
      b.setHeartbeatTimeout(o.heartbeatTimeout());
    }
    return b.build();
  }

  /** Options of the stage-ledger activities on the workflow's queue. */
  public static ActivityOptions ledger(String taskQueue) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(taskQueue)
        .setStartToCloseTimeout(LEDGER_TIMEOUT)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(10)
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(1))
                .build())
        .build();
  }
}
