package org.comicreid.worker.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;

/**
 * The all-in-one mode: an in-process Temporal server (real time) with in-process workers for the
 * cpu queue (workflow, ledger, cpu stages) and the gpu queue (training stages). Closing stops the
 * workers first, then the server.
 */
public final class EmbeddedPipeline implements AutoCloseable {

  private final TemporalConnection connection;
  private final WorkerFactory factory;
  private final List<PipelineWorkers.Served> served;

  private EmbeddedPipeline(
      TemporalConnection connection, WorkerFactory factory, List<PipelineWorkers.Served> served) {
    this.connection = connection;
    this.factory = factory;
    this.served = served;
  }

  /** Starts the server and both workers. */
  public static EmbeddedPipeline start(
      WorkerSettings settings,
      Function<Stage, String> queueOf,
      StageImplementations impls,
      StageLedger ledger) {
    return start(settings, queueOf, impls, ledger, null);
  }

  /**
   * Starts the server and both workers; with {@code trackingOrNull} the stage runs of tracked
   * pipelines are recorded.
   */
  public static EmbeddedPipeline start(
      WorkerSettings settings,
      Function<Stage, String> queueOf,
      StageImplementations impls,
      StageLedger ledger,
      StageTracking trackingOrNull) {
    TemporalConnection connection = TemporalConnection.embedded();
    try {
      WorkerFactory factory = WorkerFactory.newInstance(connection.client());
      PipelineWorkers.Served cpu =
          PipelineWorkers.register(
              factory, settings.cpuQueue(), settings.cpuConcurrency(), settings.stickyTimeout(),
              queueOf, impls, ledger, trackingOrNull);
      PipelineWorkers.Served gpu =
          PipelineWorkers.register(
              factory, settings.gpuQueue(), settings.gpuConcurrency(), settings.stickyTimeout(),
              queueOf, impls, null, null);
      factory.start();
      return new EmbeddedPipeline(connection, factory, List.of(cpu, gpu));
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  public WorkflowClient client() {
    return connection.client();
  }

  /** What the two in-process workers serve. */
  public List<PipelineWorkers.Served> served() {
    return served;
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(30, TimeUnit.SECONDS);
    connection.close();
  }
}
