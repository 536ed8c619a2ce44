package org.comicreid.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.comicreid.catalog.entity.TrackingStatus;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.experiments.config.ConfigLoader;
import org.comicreid.experiments.config.ResolvedConfig;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The local tracker on the catalog, on H2 and on PostgreSQL. */
class LocalTrackerTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path dir;

  private LocalTracker tracker(DatabaseKind kind) {
    return new LocalTracker(new TrackingStore(DBS.catalog(kind)), dir.resolve("artifacts"));
  }

  private static String unique(String s) {
    return s + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void paramsMetricsAndTagsAreStoredInTheCatalog(DatabaseKind kind) {
    LocalTracker t = tracker(kind);
    ResolvedConfig cfg = new ConfigLoader(Map.of()).load(null, List.of("cluster.threshold=0.5"));
    String key = unique("pipe");
    TrackedRun run = t.startRun(RunSpec.of(key, "exp", "pipeline").withParams(cfg.flatRedacted())
        .withWorkflowId("demo-" + cfg.configHash()));
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      points.add(new MetricPoint("loss", 1.0 / (i + 1), i, 1000 + i));
    }
    run.logMetrics(points);
    run.setTags(Map.of("stage", "pretrain"));
    run.finish(RunStatus.FINISHED);

    TrackingStore s = t.store();
    assertEquals(cfg.flatRedacted(), new java.util.TreeMap<>(s.getParams(run.runId())));
    Map<String, String> tags = s.getTags(run.runId());
    assertEquals(key, tags.get("reid.key"));
    assertEquals("pipeline", tags.get("mlflow.runName"));
    assertEquals("demo-" + cfg.configHash(), tags.get("reid.workflow_id"));
    assertEquals("pretrain", tags.get("stage"));
    assertEquals(1200, s.listMetrics(run.runId(), "loss").size());
    assertEquals(0.5, s.listMetrics(run.runId(), "loss").get(1).value());
    assertEquals(TrackingStatus.FINISHED, s.getRun(run.runId()).orElseThrow().status());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void sameKeySameRunAndChildrenPointToTheirParent(DatabaseKind kind) {
    LocalTracker t = tracker(kind);
    String exp = unique("exp");
    TrackedRun parent = t.startRun(RunSpec.of(unique("p"), exp, "pipeline"));
    String childKey = unique("c");
    TrackedRun child = t.startRun(RunSpec.of(childKey, exp, "Cluster").withParent(parent.runId()));
    TrackedRun retried = t.startRun(RunSpec.of(childKey, exp, "Cluster").withParent(parent.runId()));
    assertEquals(child.runId(), retried.runId());
    assertNotEquals(parent.runId(), child.runId());
    assertEquals(2, t.store().listRuns(exp).size());
    assertEquals(parent.runId(), t.store().getRun(child.runId()).orElseThrow().parentRunId());
    assertEquals(parent.runId(), t.store().getTags(child.runId()).get("mlflow.parentRunId"));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void artifactsAreCopiedUnderTheRunsDirectory(DatabaseKind kind) throws IOException {
    LocalTracker t = tracker(kind);
    Path f = dir.resolve("config.yaml");
    Files.writeString(f, "cluster:\n  threshold: 0.5\n");
    TrackedRun run = t.startRun(RunSpec.of(unique("a"), "exp", "a"));
    run.logArtifact(f, "config");
    Path copy = dir.resolve("artifacts").resolve("tracking").resolve(run.runId()).resolve("config").resolve("config.yaml");
    assertEquals(Files.readString(f), Files.readString(copy));
    assertThrows(ReidInputException.class, () -> run.logArtifact(f, "../../escape"));

    Path yaml = dir.resolve("paper.yaml");
    Files.writeString(yaml, "cluster:\n  threshold: 0.6\ncatalog:\n  password: hunter2\n");
    ResolvedConfig cfg = new ConfigLoader(Map.of()).load(yaml, List.of());
    ConfigArtifacts.log(run, cfg, dir.resolve("scratch"));
    Path configDir = t.artifactDir(run.runId()).resolve("config");
    assertEquals(Files.readString(yaml), Files.readString(configDir.resolve("paper.yaml")));
    String resolved = Files.readString(configDir.resolve("resolved.yaml"));
    assertTrue(resolved.contains("threshold: 0.6  # file "), resolved);
    assertTrue(!resolved.contains("hunter2"), resolved);
  }
}
