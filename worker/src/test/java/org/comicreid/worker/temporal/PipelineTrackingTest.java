package org.comicreid.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.tracking.PipelineRuns;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.catalog.tracking.TrackingRun;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.experiments.tracking.LocalTracker;
import org.comicreid.experiments.tracking.MetricPoint;
import org.comicreid.experiments.tracking.MlflowTestServer;
import org.comicreid.experiments.tracking.MlflowTracker;
import org.comicreid.experiments.tracking.TrackedRun;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.worker.bench.NoOpStages;
import org.comicreid.worker.cli.RunCommandAccess;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.setup.TrackingWiring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlflow.api.proto.Service;

/**
 * Tracking of whole pipeline runs through {@code reid run}'s launch path (embedded Temporal,
 * no-op stages, the catalog ledger), read back from the backend itself: the runs the MLflow server
 * lists for the experiment, or the runs the catalog's tracking tables hold.
 *
 * <p>One scenario, three launches, each with a fresh embedded Temporal server and a fresh tracker
 * (as three {@code reid run} processes): fine-tune fails, the rerun resumes, the third run reuses
 * everything. A fake fine-tune logs metrics with steps through a separate {@link StageTracking}
 * (as a stage activity in another process would).
 */
class PipelineTrackingTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  private final StringWriter printed = new StringWriter();
  private final PrintWriter out = new PrintWriter(printed, true);

  /** A run as the backend reports it. */
  record RunView(String id, String name, String parentId, String status,
      Map<String, String> params, Map<String, String> tags) {}

  /** Reads runs back from a backend, independently of the code under test. */
  interface Readback {
    /** Every run the backend holds for the experiment. */
    List<RunView> runs();

    /** step → the values logged at that step, of a metric of a run. */
    Map<Long, Set<Double>> metric(String runId, String key);

    /** File names of a run's artifacts under {@code dir}. */
    Set<String> artifacts(String runId, String dir);
  }

  @Test
  void mlflow() throws IOException {
    String uri = MlflowTestServer.uri();
    String exp = "trk-" + UUID.randomUUID().toString().substring(0, 8);
    try (Catalog catalog = DBS.freshCatalog(DatabaseKind.H2)) {
      RunSetup setup = setup(exp, "tracking.backend=mlflow", "tracking.mlflow.uri=" + uri);
      try (MlflowTracker reader = new MlflowTracker(uri, tmp.resolve("reader-buffer"))) {
        String expId = reader.experimentId(exp);
        Readback rb = new Readback() {
          @Override
          public List<RunView> runs() {
            List<RunView> out = new ArrayList<>();
            for (Service.Run r : reader.client().searchRuns(List.of(expId), "",
                Service.ViewType.ACTIVE_ONLY, 1000).getItems()) {
              Map<String, String> tags = r.getData().getTagsList().stream()
                  .collect(Collectors.toMap(Service.RunTag::getKey, Service.RunTag::getValue));
              Map<String, String> params = r.getData().getParamsList().stream()
                  .collect(Collectors.toMap(Service.Param::getKey, Service.Param::getValue));
              out.add(new RunView(r.getInfo().getRunId(), r.getInfo().getRunName(),
                  tags.get("mlflow.parentRunId"), r.getInfo().getStatus().name(), params, tags));
            }
            return out;
          }

          @Override
          public Map<Long, Set<Double>> metric(String runId, String key) {
            Map<Long, Set<Double>> m = new HashMap<>();
            reader.client().getMetricHistory(runId, key)
                .forEach(p -> m.computeIfAbsent(p.getStep(), k -> new TreeSet<>()).add(p.getValue()));
            return m;
          }

          @Override
          public Set<String> artifacts(String runId, String dir) {
            // the REST listing (the Java client's listArtifacts needs a Python mlflow)
            Set<String> names = new TreeSet<>();
            try {
              JsonNode files = new ObjectMapper().readTree(reader.client()
                  .sendGet("artifacts/list?run_id=" + runId + "&path=" + dir)).path("files");
              files.forEach(f -> names.add(Path.of(f.path("path").asText()).getFileName().toString()));
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
            return names;
          }
        };
        scenario(setup, catalog, rb,
            id -> "MLflow run " + id + ": " + uri + "/#/experiments/" + expId + "/runs/" + id);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void local(DatabaseKind kind) throws IOException {
    String exp = "trk-" + kind.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Catalog catalog = DBS.freshCatalog(kind)) {
      RunSetup setup = setup(exp, "tracking.backend=local");
      TrackingStore store = new TrackingStore(catalog);
      LocalTracker artifactsOf = new LocalTracker(store, setup.typed().paths().artifacts());
      Readback rb = new Readback() {
        @Override
        public List<RunView> runs() {
          List<RunView> out = new ArrayList<>();
          for (TrackingRun r : store.listRuns(exp)) {
            out.add(new RunView(r.runId(), r.name(), r.parentRunId(), r.status().name(),
                store.getParams(r.runId()), store.getTags(r.runId())));
          }
          return out;
        }

        @Override
        public Map<Long, Set<Double>> metric(String runId, String key) {
          Map<Long, Set<Double>> m = new HashMap<>();
          store.listMetrics(runId, key)
              .forEach(p -> m.computeIfAbsent(p.step(), k -> new TreeSet<>()).add(p.value()));
          return m;
        }

        @Override
        public Set<String> artifacts(String runId, String dir) {
          Path d = artifactsOf.artifactDir(runId).resolve(dir);
          if (!Files.isDirectory(d)) {
            return Set.of();
          }
          try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };
      scenario(setup, catalog, rb, id -> "local tracked run " + id);
    }
  }

  private RunSetup setup(String exp, String... tracking) throws IOException {
    Path file = tmp.resolve(exp + ".yaml");
    Files.writeString(file, "experiment:\n  name: " + exp + "\ncluster:\n  threshold: 0.37\n");
    List<String> sets = new ArrayList<>(List.of("finetune.retry.max_attempts=1",
        "paths.workdir=" + tmp.resolve("work")));
    sets.addAll(List.of(tracking));
    return RunSetup.resolve(file, sets);
  }

  private void scenario(RunSetup setup, Catalog catalog, Readback rb,
      java.util.function.UnaryOperator<String> expectedAddress) {
    StageLedger ledger = new CatalogStageLedger(catalog);
    AtomicReference<Tracker> current = new AtomicReference<>();
    AtomicInteger fineTuneCalls = new AtomicInteger();
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    StageImplementations impls = NoOpStages.registry(EnumSet.allOf(Stage.class), (s, in) -> {
      if (s == Stage.FINE_TUNE) {
        if (fineTuneCalls.incrementAndGet() == 1) {
          throw new IllegalStateException("loss is NaN");
        }
        // a stage activity's view: its own StageTracking, finding the run through the ledger
        StageTracking mine = new StageTracking(current.get(), new CatalogStageLedger(catalog),
            setup.trackingExperimentOf());
        TrackedRun run = mine.find(in.stageKey()).orElseThrow();
        run.logMetrics(List.of(MetricPoint.of("loss", 0.9, 0), MetricPoint.of("loss", 0.5, 1),
            MetricPoint.of("loss", 0.25, 2)));
      }
      ran.add(s.key());
    });
    String wf = setup.spec().workflowId();

    // 1st process: fine-tune fails
    launch(setup, catalog, impls, ledger, current, true);
    List<RunView> runs = rb.runs();
    assertEquals(1 + 6, runs.size(), names(runs));
    RunView parent = only(runs, wf);
    assertEquals("FAILED", parent.status());
    assertTrue(parent.tags().get(PipelineRuns.ERROR).contains("stage finetune failed"));
    RunView failedFineTune = only(runs, "finetune");
    assertEquals("FAILED", failedFineTune.status());
    for (String s : List.of("detect", "pair", "pretrain", "link", "metamine")) {
      assertEquals("FINISHED", only(runs, s).status(), s);
    }
    children(runs, parent).forEach(c -> assertEquals(parent.id(), c.parentId(), c.name()));

    // 2nd process: resumes at fine-tune, into the same parent and the same fine-tune run
    ran.clear();
    launch(setup, catalog, impls, ledger, current, false);
    assertEquals(List.of("finetune", "threshold", "cluster", "evaluate"), ran);
    runs = rb.runs();
    assertEquals(1 + 9, runs.size(), names(runs));
    RunView parent2 = only(runs, wf);
    assertEquals(parent.id(), parent2.id());
    assertEquals("FINISHED", parent2.status());
    List<RunView> kids = children(runs, parent2);
    assertEquals(9, kids.size());
    assertEquals(new TreeSet<>(Stage.inOrder().stream().map(Stage::key).toList()),
        kids.stream().map(RunView::name).collect(Collectors.toCollection(TreeSet::new)));
    kids.forEach(c -> assertEquals("FINISHED", c.status(), c.name()));
    kids.forEach(c -> assertEquals(parent2.id(), c.parentId(), c.name()));
    assertEquals(failedFineTune.id(), only(runs, "finetune").id());
    for (StageRecord r : ledger.listByWorkflow(wf)) {
      assertEquals(only(runs, r.stage().key()).id(), r.mlflowRunId(), r.stage().key());
    }
    // the parent: params (config values that enter the hash), tags, the config as artifacts
    assertEquals("0.37", parent2.params().get("cluster.threshold"));
    assertEquals(setup.trackingParams(), parent2.params());
    assertEquals(wf, parent2.tags().get("reid.workflow_id"));
    assertEquals(setup.spec().configHash(), parent2.tags().get("reid.config_hash"));
    assertEquals("reid run", parent2.tags().get("mlflow.source.name"));
    assertNotNull(parent2.tags().get("mlflow.source.git.commit"));
    assertEquals(Set.of(setup.spec().experiment() + ".yaml", "resolved.yaml"),
        rb.artifacts(parent2.id(), "config"));
    assertEquals("true", parent2.tags().get("reid.cached.metamine"));
    assertFalse(parent2.tags().containsKey("reid.cached.finetune"));
    assertEquals("5", parent2.tags().get(PipelineRuns.CACHE_HITS));
    // a stage run: its slice only, its tags
    RunView cluster = only(runs, "cluster");
    assertEquals("0.37", cluster.params().get("cluster.threshold"));
    assertEquals(setup.spec().datasetKey(), cluster.params().get("dataset.name"));
    assertFalse(only(runs, "detect").params().containsKey("cluster.threshold"));
    assertEquals("cluster", cluster.tags().get("reid.stage"));
    assertEquals(setup.spec().stageKeys().get(Stage.CLUSTER), cluster.tags().get("reid.stage_key"));
    assertEquals(wf, cluster.tags().get("reid.workflow_id"));
    // the fake fine-tune's metrics arrived on the fine-tune run, and only there
    assertEquals(Map.of(0L, Set.of(0.9), 1L, Set.of(0.5), 2L, Set.of(0.25)),
        rb.metric(only(runs, "finetune").id(), "loss"));
    for (RunView c : kids) {
      if (!c.name().equals("finetune")) {
        assertEquals(Map.of(), rb.metric(c.id(), "loss"), c.name());
      }
    }

    // 3rd process: everything reused, no new run, every stage marked cached on the parent
    ran.clear();
    launch(setup, catalog, impls, ledger, current, false);
    assertEquals(List.of(), ran);
    runs = rb.runs();
    assertEquals(1 + 9, runs.size(), names(runs));
    RunView parent3 = only(runs, wf);
    assertEquals(parent.id(), parent3.id());
    assertTrue(printed.toString().contains("tracked as " + expectedAddress.apply(parent3.id())),
        printed.toString());
    assertEquals("FINISHED", parent3.status());
    for (Stage s : Stage.inOrder()) {
      assertEquals("true", parent3.tags().get("reid.cached." + s.key()), s.key());
    }
    assertEquals("9", parent3.tags().get(PipelineRuns.CACHE_HITS));
    // one point per finished launch (the failed one logs none): 5 reused, then 9
    assertEquals(Map.of(0L, Set.of(5.0, 9.0)), rb.metric(parent3.id(), PipelineRuns.CACHE_HITS));
    children(runs, parent3).forEach(c -> assertEquals("FINISHED", c.status(), c.name()));
  }

  private void launch(RunSetup setup, Catalog catalog, StageImplementations impls,
      StageLedger ledger, AtomicReference<Tracker> current, boolean fails) {
    try (Tracker tracker = TrackingWiring.open(setup, () -> new TrackingStore(catalog))) {
      current.set(tracker);
      if (fails) {
        ReidRunException e = assertThrows(ReidRunException.class,
            () -> RunCommandAccess.launch(setup, impls, () -> ledger, tracker, out));
        assertTrue(e.getMessage().contains("stage finetune failed"), e.getMessage());
      } else {
        RunCommandAccess.launch(setup, impls, () -> ledger, tracker, out);
      }
    }
  }

  private static RunView only(List<RunView> runs, String name) {
    List<RunView> found = runs.stream().filter(r -> name.equals(r.name())).toList();
    assertEquals(1, found.size(), "runs named " + name + " in " + names(runs));
    return found.get(0);
  }

  private static List<RunView> children(List<RunView> runs, RunView parent) {
    return runs.stream().filter(r -> !r.id().equals(parent.id())).toList();
  }

  private static String names(List<RunView> runs) {
    return runs.stream().map(r -> r.name() + ":" + r.status()).sorted().toList().toString();
  }
}
