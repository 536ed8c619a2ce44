package org.comicreid.worker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.worker.setup.LedgerWiring;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.setup.StageWiring;
import org.comicreid.worker.setup.TrackingWiring;
import org.comicreid.worker.temporal.TemporalConnection;
import org.comicreid.worker.temporal.WorkerRuntime;
import org.comicreid.worker.temporal.WorkerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid worker --queue reid-cpu|reid-gpu}: serves one task queue against a Temporal
 * frontend until SIGTERM/SIGINT, then drains gracefully. The cpu worker also hosts the workflow and
 * the stage-ledger activities, and records the tracked run of each executed stage of a tracked
 * pipeline with the tracker of {@code tracking.*} (closed at shutdown).
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Serve one task queue (reid-cpu or reid-gpu) against a Temporal frontend.")
public final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--queue", required = true, paramLabel = "QUEUE",
      description = "The task queue to serve: the configured cpu or gpu queue.")
  String queue;

  @Option(names = "--target", paramLabel = "HOST:PORT",
      description = "Temporal frontend (default: temporal.target).")
  String target;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
  List<String> sets = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    RunSetup setup = RunSetup.resolve(config, sets);
    WorkerSettings ws = target != null ? setup.worker().withTarget(target) : setup.worker();
    if (!queue.equals(ws.cpuQueue()) && !queue.equals(ws.gpuQueue())) {
      throw new ReidInputException(
          "--queue '" + queue + "': expected " + ws.cpuQueue() + " or " + ws.gpuQueue());
    }
    if (ws.target() == null) {
      throw new ReidInputException(
          "reid worker needs a Temporal frontend: --target host:port or temporal.target");
    }
    TemporalConnection connection = TemporalConnection.connect(ws.target(), ws.namespace());
    StageLedger ledger = null;
    Tracker tracker = null;
    WorkerRuntime worker;
    Catalog[] opened = new Catalog[1];
    java.util.function.Supplier<Catalog> catalogs = () -> {
      synchronized (opened) {
        if (opened[0] == null) {
          opened[0] = LedgerWiring.openCatalog(setup); // stages read datasets: every worker needs it
        }
        return opened[0];
      }
    };
    try {
      if (queue.equals(ws.cpuQueue())) {
        Catalog catalog = catalogs.get();
        ledger = new CatalogStageLedger(catalog);
        tracker = TrackingWiring.open(setup, () -> new TrackingStore(catalog));
      }
      if (queue.equals(ws.gpuQueue())) {
        reportDevice(setup, spec.commandLine().getOut(), spec.commandLine().getErr());
      }
      StageTracking tracking = tracker == null ? null : TrackingWiring.stages(tracker, ledger, setup);
      worker = WorkerRuntime.start(connection, queue, ws.concurrencyOf(queue), ws.stickyTimeout(),
          setup.queueOf(), StageWiring.stages(setup, catalogs, new ConsoleProgress(spec.commandLine().getOut()),
              tracking), ledger, tracking, spec.commandLine().getOut(), spec.commandLine().getErr());
    } catch (RuntimeException e) {
      if (tracker != null) {
        tracker.close();
      }
      connection.close();
      throw e;
    }
    Thread hook = new Thread(worker::shutdown, "reid-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      worker.awaitShutdown();
    } finally {
      if (tracker != null) {
        tracker.close(); // sends what an MLflow outage left buffered
      }
      synchronized (opened) {
        if (opened[0] != null) {
          opened[0].close();
        }
      }
    }
    return ReidMain.EXIT_OK;
  }

  /** Says which device the training stages will use, and loudly when a GPU request falls back. */
  static void reportDevice(RunSetup setup, java.io.PrintWriter out, java.io.PrintWriter err) {
    String requested = setup.typed().worker().device().name().toLowerCase(java.util.Locale.ROOT);
    org.comicreid.learning.device.DeviceSelection.Choice d =
        org.comicreid.learning.device.DeviceSelection.select(requested);
    (d.fallback() ? err : out).println((d.fallback() ? "warning: " : "") + "device: " + d.description());
  }
}
