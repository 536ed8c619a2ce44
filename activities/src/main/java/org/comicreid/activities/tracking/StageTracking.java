package org.comicreid.activities.tracking;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.experiments.tracking.RunStatus;
import org.comicreid.experiments.tracking.TrackedRun;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.workflows.activities.StageStart;

/**
 * The tracked run of each stage execution, for the stage-ledger activities (which start and
 * finish it) and for stage activities (which log metrics and artifacts to it through {@link
 * #find}).
 *
 * <p>A stage run is keyed by its stage key and its id is stored in the ledger ({@link
 * StageLedger#setMlflowRunId}); any process with the same tracker finds it again, so a retried or
 * rescheduled activity logs into the first attempt's run. Runs started by this object are kept
 * open in memory until finished.
 */
public final class StageTracking {

  private final Tracker tracker;
  private final StageLedger ledger;
  private final UnaryOperator<String> experimentOf;
  private final Map<String, TrackedRun> open = new ConcurrentHashMap<>();

  /**
   * @param tracker where the runs are recorded (owned by the caller)
   * @param ledger the ledger that holds each stage's run id
   * @param experimentOf the tracker's experiment name for a pipeline experiment name (the
   *     {@code tracking.mlflow.experiment} override, or the name itself)
   */
  public StageTracking(Tracker tracker, StageLedger ledger, UnaryOperator<String> experimentOf) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.experimentOf = Objects.requireNonNull(experimentOf, "experimentOf");
  }

  /** The tracker. */
  public Tracker tracker() {
    return tracker;
  }

  /**
   * Starts (or finds again) the run of a starting stage as a child of its pipeline run, records
   * its id in the ledger and returns it; empty when the pipeline is not tracked.
   */
  public Optional<TrackedRun> start(StageStart s) {
    if (s.trackingRunId().isEmpty()) {
      return Optional.empty();
    }
    TrackedRun run = tracker.startRun(PipelineRuns.stage(experimentOf.apply(s.experiment()),
        s.stage(), s.stageKey(), s.workflowId(), s.trackingRunId(), s.params()));
    ledger.setMlflowRunId(s.stageKey(), run.runId());
    open.put(s.stageKey(), run);
    return Optional.of(run);
  }

  /**
   * The run of a stage execution that is running now, for the stage's activity to log metrics and
   * artifacts to; empty when the ledger has no running execution with this key or the pipeline is
   * not tracked. Reads the ledger on each call: an activity looks its run up once and keeps it.
   *
   * @throws ReidRunException when the tracker's run for this key is not the one the ledger holds
   *     (the worker tracks to another backend than the process that started the stage)
   */
  public Optional<TrackedRun> find(String stageKey) {
    Optional<StageRecord> running = ledger.find(stageKey)
        .filter(r -> r.status() == StageStatus.RUNNING && r.mlflowRunId() != null);
    if (running.isEmpty()) {
      open.remove(stageKey); // finished or failed meanwhile, perhaps by another process
      return Optional.empty();
    }
    TrackedRun known = open.get(stageKey);
    if (known != null && known.runId().equals(running.get().mlflowRunId())) {
      return Optional.of(known);
    }
    return Optional.of(attach(running.get()));
  }

  /** Ends the run of a stage execution with {@code status}; does nothing if it has none. */
  public void finish(String stageKey, RunStatus status) {
    TrackedRun run = open.remove(stageKey);
    if (run == null) {
      run = ledger.find(stageKey).filter(r -> r.mlflowRunId() != null).map(this::attach).orElse(null);
    }
    if (run != null) {
      run.finish(status);
      open.remove(stageKey);
    }
  }

  private TrackedRun attach(StageRecord r) {
    TrackedRun run = tracker.startRun(PipelineRuns.stage(experimentOf.apply(r.experiment()),
        r.stage(), r.stageKey(), r.workflowId(), "", Map.of()));
    if (!run.runId().equals(r.mlflowRunId())) {
      throw new ReidRunException("stage " + r.stage().key() + " (" + r.stageKey() + "): the ledger"
          + " holds run " + r.mlflowRunId() + " but the " + tracker.backend() + " tracker found run "
          + run.runId() + "; expected this worker to track to the same backend as the pipeline");
    }
    open.put(r.stageKey(), run);
    return run;
  }
}
