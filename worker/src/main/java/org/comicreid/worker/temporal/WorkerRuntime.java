package org.comicreid.worker.temporal;

import io.temporal.worker.WorkerFactory;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;

/**
 * One standalone worker process serving one task queue against a Temporal frontend ({@code reid
 * worker}). {@link #shutdown()} is graceful: polling stops, running activities may finish (up to
 * {@link #DRAIN_SECONDS}), then the connection closes.
 */
public final class WorkerRuntime {

  /** How long shutdown waits for running activities. */
  public static final long DRAIN_SECONDS = 60;

  private final TemporalConnection connection;
  private final WorkerFactory factory;
  private final PipelineWorkers.Served served;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private WorkerRuntime(
      TemporalConnection connection, WorkerFactory factory, PipelineWorkers.Served served) {
    this.connection = connection;
    this.factory = factory;
    this.served = served;
  }

  /**
   * Registers and starts the worker for {@code queue}. Warns on {@code err} about the stages routed
   * to the queue that this build cannot serve; fails if there is nothing to serve at all. Takes
   * ownership of {@code connection}.
   */
  public static WorkerRuntime start(
      TemporalConnection connection,
      String queue,
      int concurrency,
      Function<Stage, String> queueOf,
      StageImplementations impls,
      StageLedger ledgerOrNull,
      PrintWriter out,
      PrintWriter err) {
    return start(connection, queue, concurrency, queueOf, impls, ledgerOrNull, null, out, err);
  }

  /**
   * As {@link #start(TemporalConnection, String, int, Function, StageImplementations, StageLedger,
   * PrintWriter, PrintWriter)}; with a ledger and {@code trackingOrNull} the stage runs of tracked
   * pipelines are recorded.
   */
  public static WorkerRuntime start(
      TemporalConnection connection,
      String queue,
      int concurrency,
      Function<Stage, String> queueOf,
      StageImplementations impls,
      StageLedger ledgerOrNull,
      StageTracking trackingOrNull,
      PrintWriter out,
      PrintWriter err) {
    return start(connection, queue, concurrency, WorkerSettings.DEFAULT_STICKY_TIMEOUT, queueOf,
        impls, ledgerOrNull, trackingOrNull, out, err);
  }

  /**
   * As {@link #start(TemporalConnection, String, int, Function, StageImplementations, StageLedger,
   * StageTracking, PrintWriter, PrintWriter)}, with the sticky schedule-to-start timeout of the
   * workflow tasks this worker completes ({@code worker.sticky_timeout}; zero: none sticky).
   */
  public static WorkerRuntime start(
      TemporalConnection connection,
      String queue,
      int concurrency,
      java.time.Duration stickyTimeout,
      Function<Stage, String> queueOf,
      StageImplementations impls,
      StageLedger ledgerOrNull,
      StageTracking trackingOrNull,
      PrintWriter out,
      PrintWriter err) {
    WorkerFactory factory = WorkerFactory.newInstance(connection.client());
    PipelineWorkers.Served served =
        PipelineWorkers.register(
            factory, queue, concurrency, stickyTimeout, queueOf, impls, ledgerOrNull,
            trackingOrNull);
    if (!served.missing().isEmpty()) {
      err.println(
          "reid: warning: this build cannot serve stages "
              + StageImplementations.keys(served.missing()) + " on " + queue
              + "; they wait for a worker that can");
      err.flush();
    }
    if (served.isEmpty()) {
      factory.shutdownNow();
      connection.close();
      throw new ReidRunException(
          "nothing to serve on " + queue + ": this build has no implementation of its stages"
              + (served.missing().isEmpty() ? "" : " (" + StageImplementations.keys(served.missing()) + ")"));
    }
    factory.start();
    out.println(
        "serving " + queue + " at " + connection.describe() + ": "
            + (served.stages().isEmpty() ? "no stages" : StageImplementations.keys(served.stages()))
            + (served.hostsWorkflow() ? " + workflow + stage ledger" : "")
            + ", at most " + concurrency + " activities at once");
    out.flush();
    return new WorkerRuntime(connection, factory, served);
  }

  /** What this worker serves. */
  public PipelineWorkers.Served served() {
    return served;
  }

  /** Stops polling, lets running activities finish, closes the connection. Idempotent. */
  public synchronized void shutdown() {
    if (stopped.getCount() == 0) {
      return;
    }
    factory.shutdown();
    factory.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
    connection.close();
    stopped.countDown();
  }

  /** Blocks until {@link #shutdown()} finished. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }
}
