package org.comicreid.core.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * One pipeline's use of one stage output: the pipeline (workflow id) ran the stage or reused its
 * finished record. Many pipelines may use one output (a config that differs only downstream reuses
 * the upstream records), and housekeeping ({@code reid cache gc}) keeps what a pipeline still uses.
 *
 * @param stageKey the stage record's key
 * @param workflowId the pipeline's workflow id ({@code <experiment>-<configHash>})
 * @param firstUsedAt when this pipeline first used the record
 * @param lastUsedAt when this pipeline last used the record
 */
public record StageUse(String stageKey, String workflowId, Instant firstUsedAt, Instant lastUsedAt) {

  public StageUse {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(firstUsedAt, "firstUsedAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
  }
}
