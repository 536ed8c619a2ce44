package org.comicreid.core.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stage execution as recorded in the catalog, keyed by {@code stageKey} (a hash of the
 * experiment, the stage, the stage's resolved config slice, its input keys and the dataset).
 *
 * @param outputJson the stage's output record serialised as JSON (null until finished)
 * @param artifactPaths artifact paths under the artifact root that the output refers to
 * @param provenanceJson provenance of the execution as JSON (config, input hashes, code version,
 *     engine, java/os/arch)
 */
public record StageRecord(
    String stageKey,
    String experiment,
    Stage stage,
    StageStatus status,
    String configHash,
    String workflowId,
    String mlflowRunId,
    String outputJson,
    List<String> artifactPaths,
    String provenanceJson,
    Instant startedAt,
    Instant finishedAt,
    String error) {

  public StageRecord {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(status, "status");
    artifactPaths = artifactPaths == null ? List.of() : List.copyOf(artifactPaths);
  }
}
