package org.comicreid.activities.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.activities.pipeline.StageLedgerActivitiesImpl;
import org.comicreid.activities.tracking.PipelineRuns;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.pipeline.InMemoryStageLedger;
import org.comicreid.core.pipeline.PairOutput;
import org.comicreid.core.pipeline.PretrainInput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.experiments.tracking.LocalTracker;
import org.comicreid.learning.pretrain.PretrainVariant;
import org.comicreid.workflows.activities.StageStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pretraining's reporting: validation metrics reach the stage's tracked run at their step (real H2
 * catalog and local tracker), and the Table-3 row is printed as the paper prints it.
 */
class TrainingProgressTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  @Test
  void validationMetricsAreTrackedAtTheirStep() {
    try (Catalog catalog = DBS.freshCatalog(DatabaseKind.H2)) {
      TrackingStore store = new TrackingStore(catalog);
      LocalTracker tracker = new LocalTracker(store, tmp);
      InMemoryStageLedger ledger = new InMemoryStageLedger();
      StageTracking tracking = new StageTracking(tracker, ledger, s -> s);
      String parent = tracker.startRun(PipelineRuns.pipeline("exp", "exp-cfg", "cfg", Map.of())).runId();
      new StageLedgerActivitiesImpl(ledger, tracking).markStageStarted(new StageStart("pre", "exp",
          Stage.PRETRAIN, "cfg", "exp-cfg", parent, Map.of()));
      String runId = ledger.find("pre").orElseThrow().mlflowRunId();
      List<String> lines = new ArrayList<>();
      StageEnvironment env = new StageEnvironment(() -> catalog, (s, m, t) -> lines.add(m), tracking,
          "cpu", tmp.resolve("cache"));
      PretrainInput in = new PretrainInput("pre", "ds", tmp.resolve("art").toString(), Map.of(),
          new PairOutput(tmp.resolve("pairs.tsv").toString(), 0, Map.of()));
      TrainingProgress p = new TrainingProgress(new PretrainActivitiesImpl(env), in,
          StageContext.NONE, TrainingFault.NONE, null);
      p.onValidation(0, 3, Map.of("ssl_val.loss", 2.5, "ssl_val.face.top1", 0.25));
      p.onValidation(1, 6, Map.of("ssl_val.loss", 2.0, "ssl_val.face.top1", 0.5));
      assertEquals(List.of(3L, 6L), store.listMetrics(runId, "ssl_val.loss").stream()
          .map(org.comicreid.catalog.tracking.MetricPoint::step).toList());
      assertEquals(List.of(0.25, 0.5), store.listMetrics(runId, "ssl_val.face.top1").stream()
          .map(org.comicreid.catalog.tracking.MetricPoint::value).toList());
      assertTrue(lines.stream().anyMatch(l -> l.contains("epoch 2 step 6 validation loss 2.0000")),
          lines.toString());
    }
  }

  @Test
  void aLongValidationHeartbeatsWithTheLastCheckpoint() {
    List<Object> beats = new ArrayList<>();
    StageContext ctx = new StageContext() {
      @Override
      public void heartbeat(Object details) {
        beats.add(details);
      }

      @Override
      public <T> java.util.Optional<T> lastHeartbeat(Class<T> type) {
        return java.util.Optional.empty();
      }

      @Override
      public int attempt() {
        return 1;
      }
    };
    StageEnvironment env = new StageEnvironment(() -> null, null, null, "cpu", tmp.resolve("cache"));
    PretrainInput in = new PretrainInput("pre", "ds", tmp.resolve("art").toString(), Map.of(),
        new PairOutput(tmp.resolve("pairs.tsv").toString(), 0, Map.of()));
    TrainingProgress p = new TrainingProgress(new PretrainActivitiesImpl(env), in, ctx,
        TrainingFault.NONE, null);
    p.onStep(0, 3, 4, 10, 1.5, 1e-3);
    p.onCheckpoint(tmp.resolve("step-0000000004.ckpt"), 4);
    beats.clear();
    p.onValidationBatch(1, 3);
    p.onValidationBatch(2, 3);
    assertEquals(2, beats.size());
    TrainingHeartbeat hb = (TrainingHeartbeat) beats.get(1);
    assertEquals(tmp.resolve("step-0000000004.ckpt").toString(), hb.checkpoint());
    assertEquals(4, hb.globalStep());
  }

  @Test
  void theSelectedModelsRowIsPrintedPerTermInPercentAndTrackedAsSsl() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ssl_val.face.loss", 0.198);
    m.put("ssl_val.face.top1", 0.97);
    m.put("ssl_val.face.top5", 0.993);
    m.put("ssl_val.face.mean_position", 1.2);
    m.put("ssl_val.identity.loss", 6.54);
    m.put("ssl_val.identity.top1", 0.224);
    m.put("ssl_val.identity.top5", 0.313);
    m.put("ssl_val.identity.mean_position", 147.9);
    m.put("ssl_val.loss", 0.198);
    assertEquals(List.of(
        "Table 3, face:     NT-Xent 0.198  top-1 97.0%  top-5 99.3%  mean position 1.2",
        "Table 3, identity: NT-Xent 6.540  top-1 22.4%  top-5 31.3%  mean position 147.9  (not trained)"),
        PretrainActivitiesImpl.table3Lines(m, PretrainVariant.UNALIGNED));
    assertTrue(PretrainActivitiesImpl.table3Lines(m, PretrainVariant.ALIGNED).get(1).endsWith("147.9"));
    Map<String, Double> tracked = PretrainActivitiesImpl.sslMetrics(m);
    assertEquals(0.97, tracked.get("ssl.face.top1"));
    assertEquals(0.198, tracked.get("ssl.loss"));
    assertEquals(9, tracked.size());
    assertEquals(6, PretrainActivitiesImpl.imagesPerPair(PretrainVariant.ALIGNED));
    assertEquals(2, PretrainActivitiesImpl.imagesPerPair(PretrainVariant.FACE));
    assertEquals(4, PretrainActivitiesImpl.imagesPerPair(PretrainVariant.SEPARATE));
  }
}
