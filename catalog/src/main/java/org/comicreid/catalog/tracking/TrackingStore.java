package org.comicreid.catalog.tracking;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.TrackingMetric;
import org.comicreid.catalog.entity.TrackingParam;
import org.comicreid.catalog.entity.TrackingRunEntity;
import org.comicreid.catalog.entity.TrackingStatus;
import org.comicreid.catalog.entity.TrackingTag;
import org.comicreid.core.ReidRunException;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Storage of the local, MLflow-like experiment tracker: runs with params, metrics and tags, kept
 * in the catalog so that a run without an MLflow server still records everything. Run ids are 32
 * hex characters, like MLflow's.
 *
 * <p>Run creation is idempotent by key: a retried activity that calls {@link #createOrFindRun}
 * with the same key gets the same run (also across processes; a unique constraint decides races).
 * Params are write-once as in MLflow (re-logging the same value is a no-op, a different value is an
 * error); tags are overwritten; metrics are appended in JDBC batches.
 */
public final class TrackingStore {

  private final Catalog catalog;
  private final Clock clock;

  public TrackingStore(Catalog catalog) {
    this(catalog, Clock.systemUTC());
  }

  /** A store that stamps start and end times from {@code clock}. */
  public TrackingStore(Catalog catalog, Clock clock) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The id of the run with this idempotency key, creating a RUNNING run (with {@code tags}) if
   * there is none. A null key always creates a new run. Tags are only applied on creation.
   */
  public String createOrFindRun(
      String key, String experiment, String name, String parentRunId, Map<String, String> tags) {
    Objects.requireNonNull(experiment, "experiment");
    try {
      return catalog.fromTransaction(s -> create(s, key, experiment, name, parentRunId, tags));
    } catch (RuntimeException e) {
      if (key != null && !catalog.isInTransaction() && isConstraintViolation(e)) {
        return findRunByKey(key)
            .map(TrackingRun::runId)
            .orElseThrow(() -> e);
      }
      throw e;
    }
  }

  private String create(
      Session s,
      String key,
      String experiment,
      String name,
      String parentRunId,
      Map<String, String> tags) {
    if (key != null) {
      TrackingRunEntity existing =
          s.createNamedQuery("TrackingRun.findByKey", TrackingRunEntity.class)
              .setParameter("key", key)
              .uniqueResult();
      if (existing != null) {
        return existing.getRunId();
      }
    }
    String runId = UUID.randomUUID().toString().replace("-", "");
    TrackingRunEntity run =
        new TrackingRunEntity(runId, key, experiment, name, parentRunId, clock.instant());
    s.persist(run);
    if (tags != null) {
      tags.forEach((k, v) -> s.persist(new TrackingTag(run, k, v)));
    }
    s.flush();
    return runId;
  }

  /** Logs params; a key already logged must keep its value. */
  public void logParams(String runId, Map<String, String> params) {
    catalog.inTransaction(
        s -> {
          TrackingRunEntity run = required(s, runId);
          Map<String, TrackingParam> existing = new LinkedHashMap<>();
          for (TrackingParam p : byRun(s, "TrackingParam.findByRun", TrackingParam.class, run)) {
            existing.put(p.getKey(), p);
          }
          params.forEach(
              (k, v) -> {
                TrackingParam old = existing.get(k);
                if (old == null) {
                  s.persist(new TrackingParam(run, k, v));
                } else if (!old.getValue().equals(v)) {
                  throw new ReidRunException(
                      "param '" + k + "' of tracking run " + runId + " is already '"
                          + old.getValue() + "'; params cannot change (got '" + v + "')");
                }
              });
        });
  }

  /** Appends metric values, flushing every {@link Catalog#batchSize()} rows. */
  public void logMetrics(String runId, List<MetricPoint> metrics) {
    if (metrics.isEmpty()) {
      return;
    }
    int batch = catalog.batchSize();
    catalog.inTransaction(
        s -> {
          long pk = required(s, runId).getId();
          int n = 0;
          for (MetricPoint m : metrics) {
            TrackingRunEntity ref = s.getReference(TrackingRunEntity.class, pk);
            s.persist(new TrackingMetric(ref, m.key(), m.value(), m.step(), m.timestampMillis()));
            if (++n % batch == 0) {
              s.flush();
              s.clear();
            }
          }
          s.flush();
          s.clear();
        });
  }

  /** Sets tags, overwriting existing values of the same keys. */
  public void setTags(String runId, Map<String, String> tags) {
    catalog.inTransaction(
        s -> {
          TrackingRunEntity run = required(s, runId);
          Map<String, TrackingTag> existing = new LinkedHashMap<>();
          for (TrackingTag t : byRun(s, "TrackingTag.findByRun", TrackingTag.class, run)) {
            existing.put(t.getKey(), t);
          }
          tags.forEach(
              (k, v) -> {
                TrackingTag old = existing.get(k);
                if (old == null) {
                  s.persist(new TrackingTag(run, k, v));
                } else {
                  old.setValue(v);
                }
              });
        });
  }

  /** Ends a run with {@code status} and the current time. */
  public void finishRun(String runId, TrackingStatus status) {
    Objects.requireNonNull(status, "status");
    catalog.inTransaction(s -> required(s, runId).finish(status, clock.instant()));
  }

  /** The run created with this idempotency key, if any. */
  public Optional<TrackingRun> findRunByKey(String key) {
    return catalog.fromTransaction(
        s ->
            Optional.ofNullable(
                    s.createNamedQuery("TrackingRun.findByKey", TrackingRunEntity.class)
                        .setParameter("key", key)
                        .uniqueResult())
                .map(TrackingStore::toRun));
  }

  /** The run with this id, if any. */
  public Optional<TrackingRun> getRun(String runId) {
    return catalog.fromTransaction(s -> Optional.ofNullable(byRunId(s, runId)).map(TrackingStore::toRun));
  }

  /** The experiment's runs, newest first. */
  public List<TrackingRun> listRuns(String experiment) {
    return catalog.fromTransaction(
        s ->
            s.createNamedQuery("TrackingRun.findByExperiment", TrackingRunEntity.class)
                .setParameter("experiment", experiment)
                .getResultList()
                .stream()
                .map(TrackingStore::toRun)
                .toList());
  }

  /**
   * The runs nested under {@code parentRunId} (a sweep's member runs, a pipeline's stage runs),
   * oldest first; empty when there are none or no such parent.
   */
  public List<TrackingRun> listChildren(String parentRunId) {
    Objects.requireNonNull(parentRunId, "parentRunId");
    return catalog.fromTransaction(
        s ->
            s.createNamedQuery("TrackingRun.findByParent", TrackingRunEntity.class)
                .setParameter("parentRunId", parentRunId)
                .getResultList()
                .stream()
                .map(TrackingStore::toRun)
                .toList());
  }

  /** All metric values of a run, by key, then step, then logging order. */
  public List<MetricPoint> listMetrics(String runId) {
    return catalog.fromTransaction(
        s ->
            byRun(s, "TrackingMetric.findByRun", TrackingMetric.class, required(s, runId)).stream()
                .map(TrackingStore::toPoint)
                .toList());
  }

  /** The values of one metric of a run, by step, then logging order. */
  public List<MetricPoint> listMetrics(String runId, String key) {
    return catalog.fromTransaction(
        s ->
            s.createNamedQuery("TrackingMetric.findByRunAndKey", TrackingMetric.class)
                .setParameter("runPk", required(s, runId).getId())
                .setParameter("key", key)
                .getResultList()
                .stream()
                .map(TrackingStore::toPoint)
                .toList());
  }

  /** The run's params, by key. */
  public Map<String, String> getParams(String runId) {
    return catalog.fromTransaction(
        s -> {
          Map<String, String> out = new LinkedHashMap<>();
          byRun(s, "TrackingParam.findByRun", TrackingParam.class, required(s, runId))
              .forEach(p -> out.put(p.getKey(), p.getValue()));
          return out;
        });
  }

  /** The run's tags, by key. */
  public Map<String, String> getTags(String runId) {
    return catalog.fromTransaction(
        s -> {
          Map<String, String> out = new LinkedHashMap<>();
          byRun(s, "TrackingTag.findByRun", TrackingTag.class, required(s, runId))
              .forEach(t -> out.put(t.getKey(), t.getValue()));
          return out;
        });
  }

  private static <T> List<T> byRun(Session s, String query, Class<T> type, TrackingRunEntity run) {
    return s.createNamedQuery(query, type).setParameter("runPk", run.getId()).getResultList();
  }

  private static TrackingRunEntity byRunId(Session s, String runId) {
    return s.createNamedQuery("TrackingRun.findByRunId", TrackingRunEntity.class)
        .setParameter("runId", Objects.requireNonNull(runId, "runId"))
        .uniqueResult();
  }

  private static TrackingRunEntity required(Session s, String runId) {
    TrackingRunEntity run = byRunId(s, runId);
    if (run == null) {
      throw new ReidRunException("no local tracking run with id " + runId);
    }
    return run;
  }

  private static TrackingRun toRun(TrackingRunEntity r) {
    return new TrackingRun(
        r.getRunId(),
        r.getIdempotencyKey(),
        r.getExperiment(),
        r.getName(),
        r.getParentRunId(),
        r.getStatus(),
        r.getStartTime(),
        r.getEndTime());
  }

  private static MetricPoint toPoint(TrackingMetric m) {
    return new MetricPoint(m.getKey(), m.getValue(), m.getStep(), m.getTimestampMillis());
  }

  private static boolean isConstraintViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConstraintViolationException) {
        return true;
      }
    }
    return false;
  }
}
