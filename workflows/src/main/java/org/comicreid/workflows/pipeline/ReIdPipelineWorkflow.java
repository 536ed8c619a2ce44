package org.comicreid.workflows.pipeline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.comicreid.core.pipeline.PipelineProgress;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.PipelineSpec;

/**
 * The nine-stage re-identification pipeline as one durable workflow: detect → pair → pretrain →
 * linkSequences → metaMine → fineTune → selectThreshold → cluster → evaluate. Each stage is an
 * activity on its own task queue; a stage whose stage key the ledger has FINISHED is reused, not
 * scheduled. Its workflow id is {@link PipelineSpec#workflowId()}.
 */
@WorkflowInterface
public interface ReIdPipelineWorkflow {

  /**
   * Runs the pipeline. A failed stage fails the workflow with an {@code ApplicationFailure} of type
   * {@link ReIdPipelineWorkflowImpl#STAGE_FAILED} whose message is {@code stage <key> failed:
   * <cause>}.
   */
  @WorkflowMethod
  PipelineResult run(PipelineSpec spec);

  /** Each stage's state: pending, cached, running, ran or failed. */
  @QueryMethod
  PipelineProgress progress();
}
