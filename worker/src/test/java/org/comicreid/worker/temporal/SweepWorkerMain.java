package org.comicreid.worker.temporal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.TaskQueues;
import org.comicreid.experiments.tracking.MlflowTracker;
import io.temporal.worker.WorkerFactory;
import org.comicreid.worker.bench.NoOpStages;

/**
 * TEST PROCESS: everything a sweep needs in one worker JVM, registered by the production {@link
 * PipelineWorkers}: the {@code reid-cpu} worker (pipeline and sweep workflows, ledger on the given
 * catalog, sweep and stage tracking in MLflow, cpu stages) and the {@code reid-gpu} worker
 * (training stages). The stages are no-ops that append {@code start <stage> <key>} and {@code done
 * <stage> <key>} to the record file; pretraining takes 3 s, so the test can kill the process in the
 * middle of it. Args: {@code <host:port> <record file> <jdbc url> <user> <password> <mlflow uri>
 * <buffer dir> <sticky timeout>}, the last as {@code worker.sticky_timeout} takes it ({@code 0s}
 * against the SDK's test server, which never moves a task off a dead worker's sticky queue).
 * Prints {@code SERVING} once both workers poll; runs until killed.
 */
public final class SweepWorkerMain {

  private SweepWorkerMain() {}

  public static void main(String[] args) throws Exception {
    String target = args[0];
    Path record = Path.of(args[1]);
    CatalogSettings db = CatalogSettings.of(args[2], args[3], args[4]);
    PrintWriter out = new PrintWriter(System.out, true);
    Catalog catalog = Catalog.open(db);
    StageLedger ledger = new CatalogStageLedger(catalog);
    MlflowTracker tracker = new MlflowTracker(args[5], Path.of(args[6]));
    StageTracking tracking = new StageTracking(tracker, ledger, name -> name);
    StageImplementations impls = NoOpStages.registry(EnumSet.allOf(Stage.class), (s, in) -> {
      append(record, "start " + s.key() + " " + in.stageKey() + "\n");
      try {
        Thread.sleep(s == Stage.PRETRAIN ? 3000 : 50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      append(record, "done " + s.key() + " " + in.stageKey() + "\n");
    });
    WorkerFactory factory = WorkerFactory.newInstance(TemporalConnection.connect(target).client());
    java.time.Duration sticky = org.comicreid.experiments.config.Durations.parse(args[7]);
    PipelineWorkers.register(factory, TaskQueues.CPU, 4, sticky, TaskQueues::defaultFor, impls,
        ledger, tracking);
    PipelineWorkers.register(factory, TaskQueues.GPU, 2, sticky, TaskQueues::defaultFor, impls,
        null, null);
    factory.start();
    out.println("SERVING");
    factory.awaitTermination(1, java.util.concurrent.TimeUnit.DAYS);
  }

  private static synchronized void append(Path file, String line) {
    try {
      Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
