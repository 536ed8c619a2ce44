package org.comicreid.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.TrackingStatus;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.catalog.tracking.TrackingRun;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.pipeline.InMemoryStageLedger;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.TaskQueues;
import org.comicreid.experiments.tracking.LocalTracker;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.worker.bench.NoOpStages;
import org.comicreid.worker.cli.RunCommandAccess;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.setup.TrackingWiring;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three JVMs: a Temporal test server bound to 127.0.0.1 ({@link LoopbackTestServerMain}), a
 * {@code reid-gpu} worker ({@link GpuWorkerMain}), and this one running the {@code reid-cpu}
 * worker (workflow, ledger, cpu stages) and the client. The training stages must run in the gpu
 * JVM and nowhere else.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class CrossProcessRoutingTest {

  @org.junit.jupiter.api.extension.RegisterExtension
  static final TestDatabases DBS =
      new TestDatabases();

  private static final Path DIR = Path.of("target", "cross-process");
  private static Process server;
  private static Process gpuWorker;
  private static String target;
  private static Path gpuRecord;

  @BeforeAll
  static void startProcesses() throws Exception {
    Files.createDirectories(DIR);
    gpuRecord = DIR.resolve("gpu-ran.txt");
    Files.deleteIfExists(gpuRecord);
    server = java(LoopbackTestServerMain.class, "server");
    target = awaitLine(server, "LISTENING ").substring("LISTENING ".length());
    gpuWorker = java(GpuWorkerMain.class, "gpu-worker", target, gpuRecord.toString());
    awaitLine(gpuWorker, "serving reid-gpu");
  }

  @AfterAll
  static void stopProcesses() throws Exception {
    for (Process p : new Process[] {gpuWorker, server}) {
      if (p != null) {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  @Test
  void trainingStagesRunInTheGpuWorkerJvmAndTheRestHere() throws Exception {
    long here = ProcessHandle.current().pid();
    List<String> ranHere = Collections.synchronizedList(new ArrayList<>());
    EnumSet<Stage> cpuStages = EnumSet.allOf(Stage.class);
    cpuStages.removeAll(EnumSet.of(Stage.PRETRAIN, Stage.FINE_TUNE));
    WorkerRuntime cpu = WorkerRuntime.start(
        TemporalConnection.connect(target), TaskQueues.CPU, 4, TaskQueues::defaultFor,
        NoOpStages.registry(cpuStages, (s, in) -> ranHere.add(s.key() + " " + here + " "
            + Activity.getExecutionContext().getInfo().getActivityTaskQueue())),
        new InMemoryStageLedger(), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    RunSetup setup = RunSetup.resolve(null, List.of("experiment.name=crossjvm"));
    try (TemporalConnection client = TemporalConnection.connect(target)) {
      PipelineLauncher.Outcome o = PipelineLauncher.run(client.client(), setup.spec(),
          new PrintWriter(new StringWriter()), Duration.ofMillis(200));
      assertEquals(List.of(), o.result().cached());
    } finally {
      cpu.shutdown();
    }

    long gpuPid = gpuWorker.pid();
    assertNotEquals(here, gpuPid);
    assertEquals(
        List.of("pretrain " + gpuPid + " reid-gpu", "finetune " + gpuPid + " reid-gpu"),
        Files.readAllLines(gpuRecord));
    List<String> expectedHere = new ArrayList<>();
    for (Stage s : cpuStages) {
      expectedHere.add(s.key() + " " + here + " reid-cpu");
    }
    assertEquals(expectedHere, ranHere);
  }

  /**
   * Remote mode with tracking: {@code reid run} (the client) starts the pipeline run, the cpu
   * worker, with its own tracker instance over the shared catalog, nests the stage runs under it.
   */
  @Test
  void aRemoteCpuWorkerNestsTheStageRunsUnderTheRunTheClientStarted() {
    try (Catalog catalog = DBS.freshCatalog(DatabaseKind.H2)) {
      StageLedger ledger = new CatalogStageLedger(catalog);
      RunSetup setup = RunSetup.resolve(null, List.of("experiment.name=crossjvm-tracked",
          "temporal.target=" + target, "pretrain.queue=reid-cpu", "finetune.queue=reid-cpu",
          "tracking.backend=local", "paths.workdir=" + DIR.resolve("tracked-work")));
      TrackingStore store = new TrackingStore(catalog);
      StageImplementations impls =
          NoOpStages.registry(EnumSet.allOf(Stage.class), (s, in) -> {});
      WorkerRuntime cpu = WorkerRuntime.start(
          TemporalConnection.connect(target), setup.worker().cpuQueue(), 4, setup.queueOf(), impls,
          ledger, TrackingWiring.stages(new LocalTracker(store, DIR), ledger, setup),
          new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
      try (Tracker client = TrackingWiring.open(setup, () -> new TrackingStore(catalog))) {
        RunCommandAccess.launch(setup, impls,
            () -> { throw new AssertionError("the client must not open a ledger"); }, client,
            new PrintWriter(new StringWriter()));
      } finally {
        cpu.shutdown();
      }
      List<TrackingRun> runs = store.listRuns("crossjvm-tracked");
      assertEquals(10, runs.size());
      String parent = store.findRunByKey(setup.spec().workflowId()).orElseThrow().runId();
      for (TrackingRun r : runs) {
        assertEquals(TrackingStatus.FINISHED, r.status(), r.name());
        if (!r.runId().equals(parent)) {
          assertEquals(parent, r.parentRunId(), r.name());
        }
      }
    }
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void theGpuWorkerShutsDownGracefullyOnSigterm() throws Exception {
    gpuWorker.destroy(); // SIGTERM: the shutdown hook drains and closes
    assertTrue(gpuWorker.waitFor(60, TimeUnit.SECONDS), "gpu worker still alive after SIGTERM");
    String err = Files.readString(DIR.resolve("gpu-worker.err"));
    assertFalse(err.contains("Exception"), err);
  }

  @Test
  void theServerIsReachableOnlyOnLoopback() throws Exception {
    int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    InetAddress other = null;
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && ni.isUp()) {
          other = a;
        }
      }
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
    }
    if (other != null) {
      InetAddress addr = other;
      assertThrows(IOException.class, () -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(addr, port), 2000);
        }
      });
    }
  }

  private static Process java(Class<?> main, String name, String... args) throws IOException {
    return ChildJvm.start(main, DIR, name, args);
  }

  private static String awaitLine(Process p, String prefix) throws Exception {
    return ChildJvm.awaitLine(p, prefix, DIR);
  }
}
