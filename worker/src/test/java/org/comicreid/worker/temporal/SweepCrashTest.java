package org.comicreid.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.sweep.SweepResult;
import org.comicreid.experiments.sweep.SweepFile;
import org.comicreid.experiments.sweep.SweepPlan;
import org.comicreid.experiments.tracking.MlflowTestServer;
import org.comicreid.experiments.tracking.MlflowTracker;
import org.comicreid.worker.setup.SweepSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mlflow.api.proto.Service;

/**
 * A sweep survives its worker: a worker JVM ({@link SweepWorkerMain}: workflows, ledger on
 * PostgreSQL, MLflow tracking, no-op stages) is killed (SIGKILL) in the middle of the shared
 * pretraining and a second worker JVM takes over. The sweep this JVM submitted must finish with
 * every member's result, no stage that had finished computed again, and MLflow holding one parent
 * and one run per member, with no duplicate.
 *
 * <p>Runs against the SDK's test server in its own JVM ({@link LoopbackTestServerMain}), or
 * against a real Temporal frontend given in {@value #REAL_TEMPORAL} ({@code host:port}). With the
 * test server the workers run with {@code worker.sticky_timeout=0s}: the test server never times
 * out a workflow task on a worker's sticky queue (a real server moves it to the shared queue after
 * the timeout), so with sticky execution on, the task scheduled after the kill waits forever on the
 * dead worker's sticky queue. Against a real server the workers keep the default 5 s.
 */
class SweepCrashTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  private static final Path DIR = Path.of("target", "sweep-crash");

  /** A real Temporal frontend ({@code host:port}) to run against; the test is skipped without. */
  static final String REAL_TEMPORAL = "REID_TEST_TEMPORAL_TARGET";

  @Test
  void aSweepWhoseWorkerIsKilledFinishesOnTheNextWorker() throws Exception {
    Files.createDirectories(DIR);
    Path record = DIR.resolve("stages-" + UUID.randomUUID() + ".txt");
    String exp = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    String mlflow = MlflowTestServer.uri();
    CatalogSettings db = DBS.freshSettings(DatabaseKind.POSTGRESQL);
    List<Process> processes = new ArrayList<>();
    try {
      String target = System.getenv(REAL_TEMPORAL);
      String sticky = "5s";
      if (target == null) {
        Process server = ChildJvm.start(LoopbackTestServerMain.class, DIR, "crash-server");
        processes.add(server);
        target = ChildJvm.awaitLine(server, "LISTENING ", DIR).substring("LISTENING ".length());
        sticky = System.getenv().getOrDefault("REID_TEST_CRASH_STICKY", "0s"); // 5s: the hang
      }
      Process first = worker(target, record, db, mlflow, "crash-worker-1", sticky);
      processes.add(first);

      Path file = sweepFile(exp);
      List<String> sets = new ArrayList<>(List.of("temporal.target=" + target,
          "tracking.backend=mlflow", "tracking.mlflow.uri=" + mlflow,
          "paths.workdir=" + DIR.resolve("work-" + exp).toAbsolutePath()));
      for (Stage s : Stage.inOrder()) {
        // a killed attempt is retried once its heartbeat is missed, after a short wait
        sets.add(s.key() + ".heartbeat_timeout=6s");
        sets.add(s.key() + ".retry.initial_interval=1s");
      }
      SweepPlan plan = SweepFile.read(file);
      SweepSetup setup;
      try (Catalog catalog = Catalog.open(db)) {
        setup = SweepSetup.resolve(plan, SweepSetup.resolveMembers(plan, sets), Set.of(), catalog,
            new PrintWriter(new StringWriter(), true));
      }
      TemporalConnection client = TemporalConnection.connect(target);
      CompletableFuture<SweepResult> done = CompletableFuture.supplyAsync(() -> SweepLauncher.run(
          client.client(), setup.spec(), new PrintWriter(new StringWriter(), true),
          Duration.ofMillis(200)).result());

      awaitLine(record, "start pretrain ", Duration.ofSeconds(90));
      first.destroyForcibly().waitFor(20, TimeUnit.SECONDS); // SIGKILL
      assertTrue(!Files.readString(record).contains("done pretrain"), Files.readString(record));

      processes.add(worker(target, record, db, mlflow, "crash-worker-2", sticky));
      SweepResult r;
      try {
        r = done.get(240, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        dumpHistories(client, setup.spec());
        throw e;
      }
      client.close();

      assertEquals(3, r.members().size());
      assertTrue(r.failed().isEmpty(), r.failed().toString());
      List<String> lines = Files.readAllLines(record);
      Map<String, Long> doneByKey = lines.stream().filter(l -> l.startsWith("done "))
          .collect(Collectors.groupingBy(l -> l, Collectors.counting()));
      doneByKey.forEach((line, n) -> assertEquals(1L, n, "computed twice: " + line));
      long pretrainStarts = lines.stream().filter(l -> l.startsWith("start pretrain ")).count();
      assertEquals(2, pretrainStarts, "the killed attempt and its retry: " + lines);
      assertEquals(1, lines.stream().filter(l -> l.startsWith("done pretrain ")).count());
      assertEquals(3, lines.stream().filter(l -> l.startsWith("done finetune ")).count());

      try (MlflowTracker reader = new MlflowTracker(mlflow, DIR.resolve("reader-" + exp))) {
        List<Service.Run> runs = reader.client().searchRuns(List.of(reader.experimentId(exp)),
            "", Service.ViewType.ACTIVE_ONLY, 1000).getItems();
        Map<String, Long> byKey = new HashMap<>();
        Map<String, Long> byKind = new HashMap<>();
        for (Service.Run run : runs) {
          Map<String, String> tags = run.getData().getTagsList().stream()
              .collect(Collectors.toMap(Service.RunTag::getKey, Service.RunTag::getValue));
          byKey.merge(tags.get("reid.key"), 1L, Long::sum);
          byKind.merge(tags.getOrDefault("reid.kind", "stage"), 1L, Long::sum);
        }
        byKey.forEach((k, n) -> assertEquals(1L, n, "duplicate run for key " + k));
        assertEquals(1L, byKind.get("sweep"), byKind.toString());
        assertEquals(3L, byKind.get("pipeline"), byKind.toString());
      }
    } finally {
      for (Process p : processes) {
        p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /** On a hang: each workflow's history, one event per line, under {@link #DIR}. */
  private static void dumpHistories(TemporalConnection client, org.comicreid.core.sweep.SweepSpec spec)
      throws java.io.IOException {
    List<String> ids = new ArrayList<>(List.of(spec.workflowId()));
    spec.members().forEach(m -> ids.add(spec.memberWorkflowId(m)));
    StringBuilder b = new StringBuilder();
    for (String id : ids) {
      b.append("== ").append(id).append('\n');
      try {
        for (var ev : client.client().fetchHistory(id).getHistory().getEventsList()) {
          b.append(ev.getEventId()).append(' ').append(ev.getEventType()).append(' ')
              .append(ev.toString().replaceAll("\\s+", " "), 0,
                  Math.min(300, ev.toString().replaceAll("\\s+", " ").length())).append('\n');
        }
      } catch (RuntimeException ex) {
        b.append("(no history: ").append(ex.getMessage()).append(")\n");
      }
    }
    Files.writeString(DIR.resolve("histories.txt"), b.toString());
  }

  private static Process worker(String target, Path record, CatalogSettings db, String mlflow,
      String name, String sticky) throws Exception {
    Process p = ChildJvm.start(SweepWorkerMain.class, DIR, name, target, record.toString(),
        db.jdbcUrl(), db.user(), db.password(), mlflow, DIR.resolve(name + "-buffer").toString(),
        sticky);
    ChildJvm.awaitLine(p, "SERVING", DIR);
    return p;
  }

  private static Path sweepFile(String exp) throws Exception {
    Path base = DIR.resolve(exp + "-base.yaml");
    Files.writeString(base, String.join("\n", "experiment:", "  name: " + exp,
        "dataset:", "  name: synthetic-crash",
        "world:", "  series: 3", "  characters: 3", "  sequences: 3", "  panel_width: 128",
        "  panel_height: 96", ""));
    Path f = DIR.resolve(exp + "-sweep.yaml");
    Files.writeString(f, String.join("\n", "sweep: crash", "base: " + base.getFileName(),
        "grid:", "  finetune.loss: [triplet, contrastive, multi_similarity]",
        "concurrency: 2", ""));
    return f;
  }

  private static void awaitLine(Path file, String prefix, Duration max) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(file) && Files.readAllLines(file).stream().anyMatch(l -> l.startsWith(prefix))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no line '" + prefix + "' in " + file + " within " + max);
  }
}
