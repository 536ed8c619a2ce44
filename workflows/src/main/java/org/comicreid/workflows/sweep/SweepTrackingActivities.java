package org.comicreid.workflows.sweep;

import io.temporal.activity.ActivityInterface;
import org.comicreid.core.sweep.SweepMember;
import org.comicreid.core.sweep.SweepMemberResult;
import org.comicreid.core.sweep.SweepResult;
import org.comicreid.core.sweep.SweepRef;

/**
 * The sweep's door to the tracker, served on the sweep's (cpu) task queue by the worker that owns
 * the tracker. Every method is idempotent (runs are found again by their keys), so a retried or
 * replayed call never makes a duplicate run.
 */
@ActivityInterface
public interface SweepTrackingActivities {

  /**
   * Starts (or finds again) the sweep's parent run, keyed by the sweep's workflow id; returns its
   * id (empty when the worker tracks nothing).
   */
  String beginSweep(SweepRef sweep);

  /**
   * Starts (or finds again) a member's run under the parent, keyed by the member's workflow id,
   * with the member's params and the tags {@code mlflow.parentRunId}, {@code reid.sweep*}.
   */
  String beginMember(SweepRef sweep, String parentRunId, SweepMember member, String memberWorkflowId);

  /**
   * Logs a member's metrics and cache hits and finishes its run (FINISHED or FAILED); the run is
   * found again by the member's workflow id.
   */
  void endMember(SweepRef sweep, SweepMemberResult result);

  /**
   * Logs the sweep's report (its JSON and metric grid) on the parent run and finishes it (FAILED
   * when a member failed); the run is found again by the sweep's workflow id.
   */
  void finishSweep(SweepRef sweep, SweepResult result);
}
