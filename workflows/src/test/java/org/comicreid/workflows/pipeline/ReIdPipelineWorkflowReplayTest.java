package org.comicreid.workflows.pipeline;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays a history recorded ONCE by {@link PipelineHistoryRecorder} and committed, against
 * today's workflow code: a change to the order or kind of the workflow's commands (stages,
 * ledger calls, cache branch) without {@code Workflow.getVersion} fails here.
 */
class ReIdPipelineWorkflowReplayTest {

  @Test
  void replaysTheCommittedHistory() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/reid-pipeline-reuse-detect-pair.json", ReIdPipelineWorkflowImpl.class);
  }
}
