package org.comicreid.catalog.ledger;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.StageRun;
import org.comicreid.catalog.entity.StageUseEntity;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.core.pipeline.StageUse;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage ledger kept in the catalog's {@code stage_run} table, one row per stage key (a unique
 * constraint backs the idempotency the {@link StageLedger} contract asks for, also across
 * processes).
 *
 * <p>Transitions: {@link #markStarted} creates a RUNNING row, or turns a FAILED row back into
 * RUNNING (clearing output and error); on a RUNNING row of the same workflow id (a retried
 * activity) it changes nothing, while a RUNNING row of another workflow id, left over from a run
 * that died, is taken over (restarted for the new workflow); a FINISHED row is kept as it is (a
 * finished stage is reused, not re-run under the same key). {@link #markFinished} and
 * {@link #markFailed} need an existing row; {@code markFailed} does not downgrade a FINISHED row.
 * Times are stored with microsecond precision.
 *
 * <p>Uses ({@link #recordUse}) live in {@code stage_use}, one row per (stage key, workflow id).
 * {@link #deleteIfUnchanged} is the housekeeping delete: it removes a record and its uses in one
 * transaction, only if neither changed since the caller read them.
 */
public final class CatalogStageLedger implements StageLedger {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogStageLedger.class);
  private static final int MAX_ERROR_LENGTH = 4000;

  private final Catalog catalog;
  private final Clock clock;

  public CatalogStageLedger(Catalog catalog) {
    this(catalog, Clock.systemUTC());
  }

  /** A ledger that stamps finish times from {@code clock}. */
  public CatalogStageLedger(Catalog catalog, Clock clock) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<StageRecord> findFinished(String stageKey) {
    return find(stageKey).filter(r -> r.status() == StageStatus.FINISHED);
  }

  @Override
  public Optional<StageRecord> find(String stageKey) {
    return catalog.fromTransaction(
        s -> Optional.ofNullable(byKey(s, stageKey)).map(CatalogStageLedger::toRecord));
  }

  @Override
  public void markStarted(StageRecord running, boolean replaceFinished) {
    Objects.requireNonNull(running, "running");
    try {
      catalog.inTransaction(s -> start(s, running, replaceFinished));
    } catch (RuntimeException e) {
      // Another process inserted the same key between our read and our insert: the row now
      // exists, so applying the transition again is well defined.
      if (!catalog.isInTransaction() && isUniqueViolation(e)) {
        LOG.debug("concurrent markStarted for {}, retrying", running.stageKey());
        catalog.inTransaction(s -> start(s, running, replaceFinished));
      } else {
        throw e;
      }
    }
  }

  private void start(Session s, StageRecord rec, boolean replaceFinished) {
    StageRun row = byKey(s, rec.stageKey());
    if (row == null) {
      row = new StageRun(rec.stageKey(), rec.experiment(), rec.stage());
      fillStart(row, rec);
      s.persist(row);
      s.flush();
      return;
    }
    switch (row.getStatus()) {
      case RUNNING -> {
        if (Objects.equals(row.getWorkflowId(), rec.workflowId())) {
          LOG.debug("stage {} already RUNNING", rec.stageKey());
        } else {
          // a RUNNING row of another workflow is left over from a run that died: take it over
          LOG.info(
              "stage {} was RUNNING for workflow {}; taken over by {}",
              rec.stageKey(),
              row.getWorkflowId(),
              rec.workflowId());
          row.setExperiment(rec.experiment());
          row.setStage(rec.stage());
          fillStart(row, rec);
        }
      }
      case FINISHED -> {
        if (replaceFinished) {
          LOG.info("stage {} FINISHED before; forced to run again by {}", rec.stageKey(),
              rec.workflowId());
          row.setExperiment(rec.experiment());
          row.setStage(rec.stage());
          fillStart(row, rec);
        } else {
          LOG.info("stage {} already FINISHED; record kept", rec.stageKey());
        }
      }
      case FAILED -> {
        row.setExperiment(rec.experiment());
        row.setStage(rec.stage());
        fillStart(row, rec);
      }
    }
  }

  private void fillStart(StageRun row, StageRecord rec) {
    row.setStatus(StageStatus.RUNNING);
    row.setConfigHash(rec.configHash());
    row.setWorkflowId(rec.workflowId());
    row.setMlflowRunId(rec.mlflowRunId());
    row.setOutputJson(null);
    row.setArtifactPathsJson(JsonStrings.write(rec.artifactPaths()));
    row.setProvenanceJson(rec.provenanceJson());
    row.setStartedAt(rec.startedAt() != null ? rec.startedAt() : clock.instant());
    row.setFinishedAt(null);
    row.setError(null);
  }

  @Override
  public void markFinished(
      String stageKey, String outputJson, List<String> artifactPaths, String provenanceJson) {
    catalog.inTransaction(
        s -> {
          StageRun row = required(s, stageKey, "markFinished");
          row.setStatus(StageStatus.FINISHED);
          row.setOutputJson(outputJson);
          row.setArtifactPathsJson(
              JsonStrings.write(artifactPaths == null ? List.of() : artifactPaths));
          row.setProvenanceJson(provenanceJson);
          row.setFinishedAt(clock.instant());
          row.setError(null);
        });
  }

  @Override
  public void markFailed(String stageKey, String error) {
    catalog.inTransaction(
        s -> {
          StageRun row = required(s, stageKey, "markFailed");
          if (row.getStatus() == StageStatus.FINISHED) {
            LOG.warn("stage {} is FINISHED; failure not recorded: {}", stageKey, error);
            return;
          }
          row.setStatus(StageStatus.FAILED);
          row.setFinishedAt(clock.instant());
          row.setError(oneLine(error));
        });
  }

  @Override
  public void setMlflowRunId(String stageKey, String mlflowRunId) {
    catalog.inTransaction(s -> required(s, stageKey, "setMlflowRunId").setMlflowRunId(mlflowRunId));
  }

  @Override
  public List<StageRecord> listByWorkflow(String workflowId) {
    return catalog.fromTransaction(
        s ->
            s.createNamedQuery("StageRun.findByWorkflow", StageRun.class)
                .setParameter("workflowId", workflowId)
                .getResultList()
                .stream()
                .sorted(
                    Comparator.comparing((StageRun r) -> r.getStage().ordinal())
                        .thenComparing(StageRun::getId))
                .map(CatalogStageLedger::toRecord)
                .toList());
  }

  @Override
  public List<StageRecord> listByExperiment(String experiment) {
    return catalog.fromTransaction(
        s ->
            s.createNamedQuery("StageRun.findByExperiment", StageRun.class)
                .setParameter("experiment", experiment)
                .getResultList()
                .stream()
                .map(CatalogStageLedger::toRecord)
                .toList());
  }

  @Override
  public List<StageRecord> listAll() {
    return catalog.fromTransaction(
        s ->
            s.createQuery("select r from StageRun r order by r.experiment, r.id", StageRun.class)
                .getResultList()
                .stream()
                .map(CatalogStageLedger::toRecord)
                .toList());
  }

  @Override
  public void recordUse(String stageKey, String workflowId) {
    Objects.requireNonNull(stageKey, "stageKey");
    Objects.requireNonNull(workflowId, "workflowId");
    try {
      catalog.inTransaction(s -> use(s, stageKey, workflowId));
    } catch (RuntimeException e) {
      // another process recorded the first use of the same pair between our read and our insert
      if (!catalog.isInTransaction() && isUniqueViolation(e)) {
        LOG.debug("concurrent recordUse for {} by {}, retrying", stageKey, workflowId);
        catalog.inTransaction(s -> use(s, stageKey, workflowId));
      } else {
        throw e;
      }
    }
  }

  private void use(Session s, String stageKey, String workflowId) {
    // lock the record (if any) so that a concurrent housekeeping delete either sees this use or
    // deletes the record before it
    lockedByKey(s, stageKey);
    Instant now = clock.instant();
    StageUseEntity u = s.get(StageUseEntity.class, new StageUseEntity.Key(stageKey, workflowId));
    if (u == null) {
      s.persist(new StageUseEntity(stageKey, workflowId, now));
      s.flush();
    } else if (now.isAfter(u.getLastUsedAt())) {
      u.setLastUsedAt(now);
    }
  }

  @Override
  public List<StageUse> listUses() {
    return catalog.fromTransaction(
        s ->
            s.createNamedQuery("StageUse.all", StageUseEntity.class)
                .getResultList()
                .stream()
                .map(CatalogStageLedger::toUse)
                .toList());
  }

  /**
   * Deletes the record {@code seen} and its uses in one transaction, if the record is still as
   * seen (same status, not RUNNING, same finish time) and its uses are exactly {@code seenUses}
   * (same pipelines, same last-use times). Returns false, deleting nothing, when the record is gone
   * or changed (a pipeline restarted or used it since it was read).
   */
  public boolean deleteIfUnchanged(StageRecord seen, List<StageUse> seenUses) {
    Objects.requireNonNull(seen, "seen");
    Objects.requireNonNull(seenUses, "seenUses");
    return catalog.fromTransaction(
        s -> {
          StageRun row = lockedByKey(s, seen.stageKey());
          if (row == null
              || row.getStatus() == StageStatus.RUNNING
              || row.getStatus() != seen.status()
              || !Objects.equals(row.getFinishedAt(), seen.finishedAt())) {
            return false;
          }
          List<StageUseEntity> uses = s.createNamedQuery("StageUse.findByKey", StageUseEntity.class)
              .setParameter("key", seen.stageKey())
              .getResultList();
          if (!lastUses(uses.stream().map(CatalogStageLedger::toUse).toList())
              .equals(lastUses(seenUses))) {
            return false;
          }
          uses.forEach(s::remove);
          s.remove(row);
          return true;
        });
  }

  private static Map<String, Instant> lastUses(List<StageUse> uses) {
    Map<String, Instant> m = new HashMap<>();
    uses.forEach(u -> m.put(u.workflowId(), u.lastUsedAt()));
    return m;
  }

  private static StageRun lockedByKey(Session s, String stageKey) {
    return s.createNamedQuery("StageRun.findByKey", StageRun.class)
        .setParameter("key", stageKey)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .uniqueResult();
  }

  private static StageUse toUse(StageUseEntity u) {
    return new StageUse(u.getStageKey(), u.getWorkflowId(), u.getFirstUsedAt(), u.getLastUsedAt());
  }

  private static StageRun byKey(Session s, String stageKey) {
    return s.createNamedQuery("StageRun.findByKey", StageRun.class)
        .setParameter("key", Objects.requireNonNull(stageKey, "stageKey"))
        .uniqueResult();
  }

  private static StageRun required(Session s, String stageKey, String operation) {
    StageRun row = byKey(s, stageKey);
    if (row == null) {
      throw new ReidRunException(
          operation + ": no stage record with key " + stageKey + " (markStarted was not called)");
    }
    return row;
  }

  static StageRecord toRecord(StageRun r) {
    return new StageRecord(
        r.getStageKey(),
        r.getExperiment(),
        r.getStage(),
        r.getStatus(),
        r.getConfigHash(),
        r.getWorkflowId(),
        r.getMlflowRunId(),
        r.getOutputJson(),
        JsonStrings.read(r.getArtifactPathsJson()),
        r.getProvenanceJson(),
        r.getStartedAt(),
        r.getFinishedAt(),
        r.getError());
  }

  private static String oneLine(String error) {
    if (error == null) {
      return null;
    }
    String line = error.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    return line.length() <= MAX_ERROR_LENGTH ? line : line.substring(0, MAX_ERROR_LENGTH - 3) + "...";
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConstraintViolationException) {
        return true;
      }
    }
    return false;
  }
}
