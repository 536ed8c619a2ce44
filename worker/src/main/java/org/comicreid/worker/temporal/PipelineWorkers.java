package org.comicreid.worker.temporal;

import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.pipeline.StageLedgerActivitiesImpl;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.workflows.pipeline.ReIdPipelineWorkflowImpl;

/** Registers the pipeline's workers on a {@link WorkerFactory}: one worker per task queue. */
public final class PipelineWorkers {

  private PipelineWorkers() {}

  /**
   * What one worker serves.
   *
   * @param queue the task queue
   * @param stages the stages it runs
   * @param missing the stages routed to this queue that this build cannot serve
   * @param hostsWorkflow whether it also runs the pipeline and sweep workflows, the stage-ledger
   *     activities and the sweep-tracking activities
   */
  public record Served(String queue, List<Stage> stages, List<Stage> missing, boolean hostsWorkflow) {
    public Served {
      stages = List.copyOf(stages);
      missing = List.copyOf(missing);
    }

    /** Whether there is anything at all to serve. */
    public boolean isEmpty() {
      return stages.isEmpty() && !hostsWorkflow;
    }
  }

  /**
   * Adds a worker for {@code queue} that runs at most {@code concurrency} activities at once and
   * serves the present implementations of the stages routed to it; with a ledger it also hosts
   * the workflow and the stage-ledger activities (the workflow's queue, normally the cpu queue).
   */
  public static Served register(
      WorkerFactory factory,
      String queue,
      int concurrency,
      Function<Stage, String> queueOf,
      StageImplementations impls,
      StageLedger ledgerOrNull) {
    return register(factory, queue, concurrency, queueOf, impls, ledgerOrNull, null);
  }

  /**
   * As {@link #register(WorkerFactory, String, int, Function, StageImplementations, StageLedger)};
   * with a ledger and {@code trackingOrNull}, the stage-ledger activities also start and finish the
   * tracked run of each executed stage of a tracked pipeline.
   */
  public static Served register(
      WorkerFactory factory,
      String queue,
      int concurrency,
      Function<Stage, String> queueOf,
      StageImplementations impls,
      StageLedger ledgerOrNull,
      StageTracking trackingOrNull) {
    return register(factory, queue, concurrency, WorkerSettings.DEFAULT_STICKY_TIMEOUT, queueOf,
        impls, ledgerOrNull, trackingOrNull);
  }

  /**
   * As {@link #register(WorkerFactory, String, int, Function, StageImplementations, StageLedger,
   * StageTracking)}, with the sticky schedule-to-start timeout of the workflow tasks this worker
   * completes ({@code worker.sticky_timeout}; zero: no sticky execution, every workflow task goes to
   * the shared queue).
   */
  public static Served register(
      WorkerFactory factory,
      String queue,
      int concurrency,
      java.time.Duration stickyTimeout,
      Function<Stage, String> queueOf,
      StageImplementations impls,
      StageLedger ledgerOrNull,
      StageTracking trackingOrNull) {
    Worker worker =
        factory.newWorker(
            queue,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(concurrency)
                .setStickyQueueScheduleToStartTimeout(stickyTimeout)
                .build());
    List<Object> activities = new ArrayList<>(impls.forQueue(queue, queueOf));
    List<Stage> served = new ArrayList<>(StageImplementations.stagesOn(queue, queueOf));
    List<Stage> missing = impls.missingOn(queue, queueOf);
    served.removeAll(missing);
    boolean hosts = ledgerOrNull != null;
    if (hosts) {
      worker.registerWorkflowImplementationTypes(
          ReIdPipelineWorkflowImpl.class, org.comicreid.workflows.sweep.SweepWorkflowImpl.class);
      activities.add(new StageLedgerActivitiesImpl(ledgerOrNull, trackingOrNull));
      activities.add(new org.comicreid.activities.tracking.SweepTracking(
          trackingOrNull == null ? null : trackingOrNull.tracker()));
    }
    if (!activities.isEmpty()) {
      worker.registerActivitiesImplementations(activities.toArray());
    }
    return new Served(queue, served, missing, hosts);
  }
}
