package org.comicreid.workflows.sweep;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.comicreid.core.sweep.SweepProgress;
import org.comicreid.core.sweep.SweepResult;
import org.comicreid.core.sweep.SweepSpec;

/**
 * A sweep: every member pipeline as a child {@code ReIdPipelineWorkflow}, at most {@link
 * SweepSpec#concurrency()} at once, continuing as new after {@link SweepSpec#continueAsNewAfter()}
 * finished members. Its workflow id is {@link SweepSpec#workflowId()}.
 */
@WorkflowInterface
public interface SweepWorkflow {

  /**
   * Runs the sweep. When every member finished it returns the result; when a member failed, the
   * other members still run, the sweep's report is still tracked, and then the workflow fails with
   * an {@code ApplicationFailure} of type {@link SweepWorkflowImpl#MEMBERS_FAILED} whose details
   * carry the {@link SweepResult}, so that a rerun of the sweep starts a new run (reusing every
   * finished stage) instead of joining this one.
   */
  @WorkflowMethod
  SweepResult run(SweepSpec spec);

  /**
   * A member pipeline reports that a stage key finished (ran or was reused), so that members
   * waiting to share it may start and reuse it instead of computing it a second time.
   */
  @io.temporal.workflow.SignalMethod
  void stageFinished(String stageKey);

  /** Each member's state. */
  @QueryMethod
  SweepProgress progress();
}
