package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a finished pipeline run returns: every stage's output, the stage keys, and which stages were
 * reused from the ledger instead of run.
 *
 * @param workflowId the workflow id
 * @param stageKeys the stage key of every stage
 * @param cached the stages reused from the ledger, in stage order
 */
public record PipelineResult(
    String workflowId,
    DetectOutput detect,
    PairOutput pair,
    PretrainOutput pretrain,
    LinkSequencesOutput linkSequences,
    MetaMineOutput metaMine,
    FineTuneOutput fineTune,
    SelectThresholdOutput selectThreshold,
    ClusterOutput cluster,
    EvaluateOutput evaluate,
    Map<Stage, String> stageKeys,
    List<Stage> cached) {

  public PipelineResult {
    Objects.requireNonNull(workflowId, "workflowId");
    stageKeys = Map.copyOf(stageKeys);
    cached = List.copyOf(cached);
  }
}
