package org.comicreid.core.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link StageLedger} in memory, for tests (shared through the core test-jar). Keeps the
 * ledger's contract: idempotent per stage key, FAILED replaced by a new start, FINISHED kept.
 */
public final class InMemoryStageLedger implements StageLedger {

  private final Map<String, StageRecord> records = new LinkedHashMap<>();
  private final Map<List<String>, StageUse> uses = new LinkedHashMap<>();

  @Override
  public synchronized Optional<StageRecord> findFinished(String stageKey) {
    return find(stageKey).filter(r -> r.status() == StageStatus.FINISHED);
  }

  @Override
  public synchronized Optional<StageRecord> find(String stageKey) {
    return Optional.ofNullable(records.get(stageKey));
  }

  @Override
  public synchronized void markStarted(StageRecord running, boolean replaceFinished) {
    StageRecord old = records.get(running.stageKey());
    if (old != null && old.status() == StageStatus.FINISHED && !replaceFinished) {
      return;
    }
    records.put(
        running.stageKey(),
        new StageRecord(
            running.stageKey(), running.experiment(), running.stage(), StageStatus.RUNNING,
            running.configHash(), running.workflowId(), running.mlflowRunId(), null, List.of(),
            null, running.startedAt() == null ? Instant.now() : running.startedAt(), null, null));
  }

  @Override
  public synchronized void markFinished(
      String stageKey, String outputJson, List<String> artifactPaths, String provenanceJson) {
    StageRecord r = require(stageKey);
    records.put(
        stageKey,
        new StageRecord(
            stageKey, r.experiment(), r.stage(), StageStatus.FINISHED, r.configHash(),
            r.workflowId(), r.mlflowRunId(), outputJson, artifactPaths, provenanceJson,
            r.startedAt(), Instant.now(), null));
  }

  @Override
  public synchronized void markFailed(String stageKey, String error) {
    StageRecord r = require(stageKey);
    records.put(
        stageKey,
        new StageRecord(
            stageKey, r.experiment(), r.stage(), StageStatus.FAILED, r.configHash(),
            r.workflowId(), r.mlflowRunId(), null, List.of(), null, r.startedAt(), Instant.now(),
            error));
  }

  @Override
  public synchronized void setMlflowRunId(String stageKey, String mlflowRunId) {
    StageRecord r = require(stageKey);
    records.put(
        stageKey,
        new StageRecord(
            stageKey, r.experiment(), r.stage(), r.status(), r.configHash(), r.workflowId(),
            mlflowRunId, r.outputJson(), r.artifactPaths(), r.provenanceJson(), r.startedAt(),
            r.finishedAt(), r.error()));
  }

  @Override
  public synchronized List<StageRecord> listByWorkflow(String workflowId) {
    List<StageRecord> out = new ArrayList<>();
    for (StageRecord r : records.values()) {
      if (workflowId.equals(r.workflowId())) {
        out.add(r);
      }
    }
    out.sort(Comparator.comparing(StageRecord::stage));
    return out;
  }

  @Override
  public synchronized List<StageRecord> listByExperiment(String experiment) {
    List<StageRecord> out = new ArrayList<>();
    for (StageRecord r : records.values()) {
      if (experiment.equals(r.experiment())) {
        out.add(0, r);
      }
    }
    return out;
  }

  @Override
  public synchronized List<StageRecord> listAll() {
    return new ArrayList<>(records.values());
  }

  @Override
  public synchronized void recordUse(String stageKey, String workflowId) {
    Instant now = Instant.now();
    uses.merge(List.of(stageKey, workflowId), new StageUse(stageKey, workflowId, now, now),
        (old, neu) -> new StageUse(stageKey, workflowId, old.firstUsedAt(), now));
  }

  @Override
  public synchronized List<StageUse> listUses() {
    List<StageUse> out = new ArrayList<>(uses.values());
    out.sort(Comparator.comparing(StageUse::lastUsedAt).reversed());
    return out;
  }

  /** Every record, in insertion order. */
  public synchronized List<StageRecord> all() {
    return new ArrayList<>(records.values());
  }

  private StageRecord require(String stageKey) {
    StageRecord r = records.get(stageKey);
    if (r == null) {
      throw new IllegalStateException("no stage record " + stageKey + " (markStarted first)");
    }
    return r;
  }
}
