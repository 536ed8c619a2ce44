package org.comicreid.worker.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.core.pipeline.StageUse;

/** FOR THE BENCHMARK ONLY: a stage ledger in a map, so the benchmark needs no database. */
final class MapLedger implements StageLedger {

  private final Map<String, StageRecord> records = new ConcurrentHashMap<>();
  private final Map<List<String>, StageUse> uses = new ConcurrentHashMap<>();

  @Override
  public Optional<StageRecord> findFinished(String stageKey) {
    return find(stageKey).filter(r -> r.status() == StageStatus.FINISHED);
  }

  @Override
  public Optional<StageRecord> find(String stageKey) {
    return Optional.ofNullable(records.get(stageKey));
  }

  @Override
  public void markStarted(StageRecord running, boolean replaceFinished) {
    records.merge(running.stageKey(), running,
        (old, neu) -> old.status() == StageStatus.FINISHED && !replaceFinished ? old : neu);
  }

  @Override
  public void markFinished(String key, String outputJson, List<String> paths, String prov) {
    records.computeIfPresent(key, (k, r) -> new StageRecord(k, r.experiment(), r.stage(),
        StageStatus.FINISHED, r.configHash(), r.workflowId(), r.mlflowRunId(), outputJson, paths,
        prov, r.startedAt(), null, null));
  }

  @Override
  public void markFailed(String key, String error) {
    records.computeIfPresent(key, (k, r) -> new StageRecord(k, r.experiment(), r.stage(),
        StageStatus.FAILED, r.configHash(), r.workflowId(), r.mlflowRunId(), null, List.of(),
        null, r.startedAt(), null, error));
  }

  @Override
  public void setMlflowRunId(String key, String runId) {
    records.computeIfPresent(key, (k, r) -> new StageRecord(k, r.experiment(), r.stage(),
        r.status(), r.configHash(), r.workflowId(), runId, r.outputJson(), r.artifactPaths(),
        r.provenanceJson(), r.startedAt(), r.finishedAt(), r.error()));
  }

  @Override
  public List<StageRecord> listByWorkflow(String workflowId) {
    List<StageRecord> out = new ArrayList<>();
    records.values().stream().filter(r -> workflowId.equals(r.workflowId())).forEach(out::add);
    out.sort(java.util.Comparator.comparing(StageRecord::stage));
    return out;
  }

  @Override
  public List<StageRecord> listByExperiment(String experiment) {
    List<StageRecord> out = new ArrayList<>();
    records.values().stream().filter(r -> experiment.equals(r.experiment())).forEach(out::add);
    return out;
  }

  @Override
  public List<StageRecord> listAll() {
    return new ArrayList<>(records.values());
  }

  @Override
  public void recordUse(String stageKey, String workflowId) {
    java.time.Instant now = java.time.Instant.now();
    uses.merge(List.of(stageKey, workflowId), new StageUse(stageKey, workflowId, now, now),
        (old, neu) -> new StageUse(stageKey, workflowId, old.firstUsedAt(), now));
  }

  @Override
  public List<StageUse> listUses() {
    List<StageUse> out = new ArrayList<>(uses.values());
    out.sort(java.util.Comparator.comparing(StageUse::lastUsedAt).reversed());
    return out;
  }
}
