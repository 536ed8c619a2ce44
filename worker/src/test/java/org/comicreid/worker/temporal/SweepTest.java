package org.comicreid.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.sweep.SweepMemberResult;
import org.comicreid.core.sweep.SweepResult;
import org.comicreid.core.sweep.SweepSpec;
import org.comicreid.experiments.sweep.SweepFile;
import org.comicreid.experiments.sweep.SweepPlan;
import org.comicreid.experiments.tracking.MlflowTestServer;
import org.comicreid.experiments.tracking.MlflowTracker;
import org.comicreid.worker.bench.NoOpStages;
import org.comicreid.worker.setup.SweepSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service;

/**
 * A sweep end to end on the embedded Temporal server, with no-op stages that record what they
 * compute, the catalog's ledger on H2 and a real MLflow server: a fine-tuning sweep pretrains once
 * (members that share a stage wait for it instead of computing it side by side), the tracker
 * holds one parent run with one child run per member and the grid as artifacts, and a rerun
 * computes nothing and makes no new run. A failed member fails the sweep with every other member's
 * result, and the rerun restarts only its failed stage onwards; changing a fine-tune key reruns
 * fine-tune and what follows, a new dataset reruns everything, and Continue-As-New keeps every
 * result.
 */
class SweepTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  /** (stage, stage key) of every stage execution that completed. */
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean failFineTuneOfMs = new AtomicBoolean();
  private final PrintWriter out = new PrintWriter(new StringWriter(), true);

  private StageImplementations impls() {
    return NoOpStages.registry(EnumSet.allOf(Stage.class), (s, in) -> {
      if (s == Stage.FINE_TUNE && failFineTuneOfMs.get()
          && in.params().getOrDefault("finetune.loss", "").equals("multi_similarity")) {
        throw new IllegalStateException("loss is NaN");
      }
      try {
        Thread.sleep(s == Stage.PRETRAIN ? 400 : 20); // long enough for members to overlap
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ran.add(s.key() + " " + in.stageKey());
    });
  }

  private Path sweepFile(String experiment, String extra) throws IOException {
    Files.writeString(tmp.resolve("base.yaml"), String.join("\n",
        "experiment:", "  name: " + experiment,
        "dataset:", "  name: synthetic-sw",
        "world:", "  series: 3", "  characters: 3", "  sequences: 3", "  panel_width: 128",
        "  panel_height: 96",
        "paths:", "  workdir: " + tmp.resolve("wd"),
        "finetune:", "  retry:", "    max_attempts: 1", ""));
    Path f = tmp.resolve("sweep.yaml");
    Files.writeString(f, String.join("\n",
        "sweep: losses",
        "base: base.yaml",
        "members:",
        "  - name: triplet",
        "    set: {finetune.loss: triplet, finetune.miner: none}",
        "  - name: ms",
        "    set: {finetune.loss: multi_similarity, finetune.miner: multi_similarity}",
        "grid:",
        "  finetune.mix_series: [false, true]",
        "concurrency: 2",
        "columns: [default, global.color_hist.p_at_1]",
        extra, ""));
    return f;
  }

  private SweepResult runSweep(Catalog catalog, Path file, List<String> sets, String mlflowUri,
      int continueAsNewAfter) {
    return runSweep(catalog, file, sets, mlflowUri, continueAsNewAfter, false);
  }

  private SweepResult runSweep(Catalog catalog, Path file, List<String> sets, String mlflowUri,
      int continueAsNewAfter, boolean noCache) {
    SweepPlan plan = SweepFile.read(file);
    List<String> all = new ArrayList<>(sets);
    all.add("tracking.backend=mlflow");
    all.add("tracking.mlflow.uri=" + mlflowUri);
    List<org.comicreid.worker.setup.RunSetup> members = SweepSetup.resolveMembers(plan, all);
    SweepSetup setup = noCache ? SweepSetup.resolveUncached(plan, members, catalog, out)
        : SweepSetup.resolve(plan, members, Set.of(), catalog, out);
    SweepSpec spec = setup.spec().withContinueAsNewAfter(continueAsNewAfter);
    StageLedger ledger = new CatalogStageLedger(catalog);
    try (MlflowTracker tracker = new MlflowTracker(mlflowUri, tmp.resolve("buffer"))) {
      StageTracking tracking = new StageTracking(tracker, ledger,
          setup.first().trackingExperimentOf());
      try (EmbeddedPipeline p = EmbeddedPipeline.start(setup.first().worker(),
          setup.first().queueOf(), impls(), ledger, tracking)) {
        return SweepLauncher.run(p.client(), spec, out, Duration.ofMillis(100)).result();
      }
    }
  }

  private List<String> ranStages() {
    synchronized (ran) {
      return ran.stream().map(r -> r.substring(0, r.indexOf(' '))).toList();
    }
  }

  private static Map<String, Long> count(List<String> stages) {
    return stages.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
  }

  @Test
  void aFineTuneSweepPretrainsOnceTracksOneParentAndReusesEverythingWhenRerun() throws Exception {
    String uri = MlflowTestServer.uri();
    String exp = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = sweepFile(exp, "");
    // the embedded catalog of the sweep's work dir, which reid status --sweep reads too
    try (Catalog catalog = Catalog.open(
        org.comicreid.catalog.CatalogSettings.embedded(tmp.resolve("wd")))) {
      SweepResult r = runSweep(catalog, file, List.of(), uri, 50);
      assertEquals(4, r.members().size());
      StringWriter status = new StringWriter();
      assertEquals(0, org.comicreid.worker.cli.ReidMain.execute(
          new String[] {"status", "--sweep", file.toString()}, new PrintWriter(status, true),
          new PrintWriter(new StringWriter(), true)));
      List<String> grid = status.toString().lines().toList();
      assertEquals("sweep " + r.workflowId(), grid.get(0));
      assertTrue(grid.get(2).matches(" +triplet mix_series=false( +ran){9}"), grid.get(2));
      for (int i = 3; i < 6; i++) {
        assertTrue(grid.get(i).matches(".*=(true|false)( +cached){5}( +ran){4}"), grid.get(i));
      }
      assertTrue(r.failed().isEmpty(), r.failed().toString());
      Map<String, Long> n = count(ranStages());
      // the five stages the members share ran once; the fine-tune side once per member
      for (String shared : List.of("detect", "pair", "pretrain", "link", "metamine")) {
        assertEquals(1L, n.get(shared), shared + " in " + n);
      }
      for (String own : List.of("finetune", "threshold", "cluster", "evaluate")) {
        assertEquals(4L, n.get(own), own + " in " + n);
      }
      // every stage execution had its own key: nothing was computed twice
      assertEquals(ran.size(), new TreeSet<>(ran).size(), ran.toString());
      assertEquals(List.of("triplet mix_series=false", "triplet mix_series=true",
              "ms mix_series=false", "ms mix_series=true"),
          r.members().stream().map(SweepMemberResult::name).toList());
      assertEquals(15, r.members().stream().mapToInt(m -> m.cached().size()).sum());

      try (MlflowTracker reader = new MlflowTracker(uri, tmp.resolve("reader"))) {
        String expId = reader.experimentId(exp);
        List<Service.Run> runs = reader.client().searchRuns(List.of(expId), "",
            Service.ViewType.ACTIVE_ONLY, 1000).getItems();
        Map<String, Map<String, String>> tags = new HashMap<>();
        for (Service.Run run : runs) {
          tags.put(run.getInfo().getRunId(), run.getData().getTagsList().stream()
              .collect(Collectors.toMap(Service.RunTag::getKey, Service.RunTag::getValue)));
        }
        List<String> parents = tags.entrySet().stream()
            .filter(e -> "sweep".equals(e.getValue().get("reid.kind"))).map(Map.Entry::getKey)
            .toList();
        assertEquals(1, parents.size(), tags.toString());
        String parent = parents.get(0);
        assertEquals(r.trackingRunId(), parent);
        assertEquals("default,global.color_hist.p_at_1", tags.get(parent).get("reid.sweep.columns"),
            "reid compare on the sweep run shows the columns the file declared");
        List<Map<String, String>> members = tags.values().stream()
            .filter(t -> "pipeline".equals(t.get("reid.kind"))).toList();
        assertEquals(4, members.size());
        for (Map<String, String> t : members) {
          assertEquals(parent, t.get("mlflow.parentRunId"));
          assertEquals("losses", t.get("reid.sweep"));
          assertTrue(t.get("reid.sweep.overrides").contains("finetune.mix_series"), t.toString());
        }
        // the stage runs nest under the member runs: 5 shared + 4 per member
        long stageRuns = tags.values().stream().filter(t -> t.containsKey("reid.stage")).count();
        assertEquals(5 + 4 * 4, stageRuns);
        JsonNode files = new ObjectMapper().readTree(reader.client()
            .sendGet("artifacts/list?run_id=" + parent + "&path=report")).path("files");
        Set<String> names = new TreeSet<>();
        files.forEach(f -> names.add(Path.of(f.path("path").asText()).getFileName().toString()));
        // the no-op stages give no metrics: no column on the 0..1 scale, so no bar chart
        assertEquals(Set.of("grid.csv", "grid.html", "grid.md", "sweep.json"), names);

        // the same sweep again: nothing computed, no new run in the tracker
        ran.clear();
        SweepResult again = runSweep(catalog, file, List.of(), uri, 50);
        assertEquals(List.of(), ranStages());
        again.members().forEach(m -> assertEquals(9, m.cached().size(), m.label()));
        assertEquals(runs.size(), reader.client().searchRuns(List.of(expId), "",
            Service.ViewType.ACTIVE_ONLY, 1000).getItems().size());

        // one fine-tune key changed for every member: fine-tune and what follows rerun, only
        ran.clear();
        runSweep(catalog, file, List.of("finetune.patience=7"), uri, 50);
        assertEquals(Map.of("finetune", 4L, "threshold", 4L, "cluster", 4L, "evaluate", 4L),
            count(ranStages()));

        // caching off: every member computes all nine stages itself
        ran.clear();
        SweepResult uncached = runSweep(catalog, file, List.of(), uri, 50, true);
        assertTrue(uncached.failed().isEmpty(), uncached.failed().toString());
        Map<String, Long> each = count(ranStages());
        assertEquals(9, each.size(), each.toString());
        each.forEach((stage, times) -> assertEquals(4L, times, stage));

        // another dataset: everything reruns (the shared stages once)
        ran.clear();
        runSweep(catalog, file, List.of("dataset.name=synthetic-sw2", "world.seed=11"), uri, 50);
        Map<String, Long> all = count(ranStages());
        assertEquals(9, all.size(), all.toString());
        assertEquals(1L, all.get("pretrain"));
      }
    }
  }

  @Test
  void aFailedMemberFailsTheSweepAndTheRerunRestartsItAtTheFailedStage() throws Exception {
    String uri = MlflowTestServer.uri();
    String exp = "sweepf-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = sweepFile(exp, "");
    try (Catalog catalog = DBS.freshCatalog(DatabaseKind.H2)) {
      failFineTuneOfMs.set(true);
      // continue as new after every finished member: the results survive it
      SweepResult r = runSweep(catalog, file, List.of(), uri, 1);
      assertEquals(4, r.members().size());
      assertEquals(List.of("ms mix_series=false", "ms mix_series=true"),
          r.failed().stream().map(SweepMemberResult::name).toList());
      assertTrue(r.failed().get(0).error().contains("stage finetune failed"),
          r.failed().get(0).error());
      Map<String, Long> first = count(ranStages());
      assertEquals(2L, first.get("threshold"), first.toString()); // the two triplet members
      assertEquals(1L, first.get("pretrain"), first.toString());

      failFineTuneOfMs.set(false);
      ran.clear();
      SweepResult again = runSweep(catalog, file, List.of(), uri, 1);
      assertTrue(again.failed().isEmpty(), again.failed().toString());
      assertEquals(Map.of("finetune", 2L, "threshold", 2L, "cluster", 2L, "evaluate", 2L),
          count(ranStages()));
    }
  }
}
