package org.comicreid.activities.stages;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;

/**
 * The activity's view of Temporal: heartbeats with resume details, the attempt number. Outside an
 * activity (plain unit tests) heartbeats are dropped and there is no earlier attempt.
 */
public interface StageContext {

  /** Records liveness and the resume point of a long stage. */
  void heartbeat(Object details);

  /** The details of the last heartbeat of an earlier attempt of this activity, if any. */
  <T> Optional<T> lastHeartbeat(Class<T> type);

  /** 1 for the first attempt. */
  int attempt();

  /** The context of the running activity, or {@link #NONE} outside one. */
  static StageContext current() {
    ActivityExecutionContext ctx;
    try {
      ctx = Activity.getExecutionContext();
    } catch (RuntimeException notInActivity) {
      return NONE;
    }
    return new StageContext() {
      @Override
      public void heartbeat(Object details) {
        ctx.heartbeat(details);
      }

      @Override
      public <T> Optional<T> lastHeartbeat(Class<T> type) {
        return ctx.getHeartbeatDetails(type);
      }

      @Override
      public int attempt() {
        return ctx.getInfo().getAttempt();
      }
    };
  }

  /** No Temporal: heartbeats dropped, always the first attempt. */
  StageContext NONE = new StageContext() {
    @Override
    public void heartbeat(Object details) {}

    @Override
    public <T> Optional<T> lastHeartbeat(Class<T> type) {
      return Optional.empty();
    }

    @Override
    public int attempt() {
      return 1;
    }
  };
}
