package org.comicreid.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.comicreid.experiments.config.ConfigLoader;
import org.comicreid.experiments.config.ResolvedConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/** Against the real MLflow server ({@code REID_TEST_MLFLOW_URI}). */
class MlflowTrackerTest {

  @TempDir Path dir;
  private String uri;
  private String experiment;
  private MlflowTracker tracker;

  @BeforeEach
  void setUp() {
    uri = MlflowServer.uri();
    experiment = "reid-test-" + UUID.randomUUID();
    tracker = new MlflowTracker(uri, dir.resolve("buffer"));
  }

  @AfterEach
  void tearDown() {
    if (tracker != null) {
      tracker.close();
    }
  }

  private static Map<String, String> params(Service.Run run) {
    return run.getData().getParamsList().stream()
        .collect(Collectors.toMap(Service.Param::getKey, Service.Param::getValue, (a, b) -> a, TreeMap::new));
  }

  private static Map<String, String> tags(Service.Run run) {
    return run.getData().getTagsList().stream()
        .collect(Collectors.toMap(Service.RunTag::getKey, Service.RunTag::getValue, (a, b) -> a, TreeMap::new));
  }

  @Test
  void configParamsMetricsAndTagsArriveAndAreReadableWithTheClient() {
    ResolvedConfig cfg = new ConfigLoader(Map.of()).load(null, List.of("cluster.threshold=0.5"));
    TrackedRun run = tracker.startRun(RunSpec.of("pipeline-1", experiment, "demo pipeline")
        .withWorkflowId("demo-" + cfg.configHash()).withParams(cfg.flat()).withTags(Map.of("team", "reid")));
    run.logMetric("loss", 0.75, 0);
    run.logMetric("loss", 0.5, 1);
    run.setTags(Map.of("stage", "pretrain"));
    run.finish(RunStatus.FINISHED);

    MlflowClient c = tracker.client();
    Service.Run got = c.getRun(run.runId());
    assertEquals(cfg.flat(), params(got), "every resolved key is a param, empty values included");
    Map<String, String> t = tags(got);
    assertEquals("demo pipeline", t.get("mlflow.runName"));
    assertEquals("pipeline-1", t.get("reid.key"));
    assertEquals("demo-" + cfg.configHash(), t.get("reid.workflow_id"));
    assertEquals("comic-reid", t.get("mlflow.source.name"));
    assertTrue(t.containsKey("mlflow.source.git.commit"));
    assertEquals("reid", t.get("team"));
    assertEquals("pretrain", t.get("stage"));
    List<Service.Metric> loss = c.getMetricHistory(run.runId(), "loss");
    assertEquals(List.of(0.75, 0.5), loss.stream().sorted((a, b) -> Long.compare(a.getStep(), b.getStep()))
        .map(Service.Metric::getValue).toList());
    assertEquals(Service.RunStatus.FINISHED, got.getInfo().getStatus());
    assertEquals(experiment, c.getExperiment(got.getInfo().getExperimentId()).getName());
  }

  @Test
  void largeBatchesAreSplitToMlflowLimitsAndArriveComplete() {
    MlflowClient c = tracker.client();
    String expId = tracker.experimentId(experiment);
    // negative control: one request over the limit is refused by the server
    String raw = c.createRun(expId).getRunId();
    List<Service.Metric> tooMany = new ArrayList<>();
    for (int i = 0; i <= MlflowLimits.MAX_METRICS_PER_BATCH; i++) {
      tooMany.add(Service.Metric.newBuilder().setKey("m").setValue(i).setStep(i).setTimestamp(1).build());
    }
    assertThrows(MlflowHttpException.class, () -> c.logBatch(raw, tooMany, List.of(), List.of()));

    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < 250; i++) {
      p.put("p" + i, "v" + i);
    }
    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i < 250; i++) {
      many.put("t" + i, "x" + i);
    }
    TrackedRun run = tracker.startRun(RunSpec.of("big", experiment, "big").withParams(p));
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      points.add(new MetricPoint("m" + (i % 5), i, i / 5, 1_000L + i));
    }
    run.logMetrics(points);
    run.setTags(many);
    run.finish(RunStatus.FINISHED);

    Service.Run got = c.getRun(run.runId());
    assertEquals(p, params(got));
    assertTrue(tags(got).entrySet().containsAll(many.entrySet()));
    int total = 0;
    for (int k = 0; k < 5; k++) {
      List<Service.Metric> h = c.getMetricHistory(run.runId(), "m" + k);
      assertEquals(500, h.size(), "m" + k);
      assertEquals(500, h.stream().map(Service.Metric::getStep).distinct().count());
      total += h.size();
    }
    assertEquals(2500, total);
  }

  @Test
  void longParamValuesAreChunked() {
    String longValue = "a".repeat(6000) + "b".repeat(6000) + "c".repeat(5);
    TrackedRun run = tracker.startRun(RunSpec.of("long", experiment, "long").withParams(Map.of("sweep.grid", longValue)));
    Map<String, String> got = params(tracker.client().getRun(run.runId()));
    assertEquals(3, got.size(), got.keySet().toString());
    assertEquals(longValue, got.get("sweep.grid") + got.get("sweep.grid.part2") + got.get("sweep.grid.part3"));
  }

  @Test
  void childRunsCarryTheParentTag() {
    TrackedRun parent = tracker.startRun(RunSpec.of("pipe", experiment, "pipeline"));
    TrackedRun child = tracker.startRun(RunSpec.of("pipe/cluster", experiment, "Cluster").withParent(parent.runId()));
    assertEquals(parent.runId(), tags(tracker.client().getRun(child.runId())).get("mlflow.parentRunId"));
    assertTrue(!tags(tracker.client().getRun(parent.runId())).containsKey("mlflow.parentRunId"));
  }

  @Test
  void startingTwiceWithTheSameKeyGivesOneRun() {
    TrackedRun a = tracker.startRun(RunSpec.of("stage-detect", experiment, "Detect").withParams(Map.of("x", "1")));
    a.logMetric("n", 1, 0);
    a.finish(RunStatus.FAILED);
    try (MlflowTracker other = new MlflowTracker(uri, dir.resolve("buffer2"))) {
      TrackedRun b = other.startRun(RunSpec.of("stage-detect", experiment, "Detect").withParams(Map.of("x", "1")));
      assertEquals(a.runId(), b.runId());
      assertEquals(Service.RunStatus.RUNNING, other.client().getRun(b.runId()).getInfo().getStatus(),
          "a retried attempt reopens its run");
      b.finish(RunStatus.FINISHED);
    }
    TrackedRun different = tracker.startRun(RunSpec.of("stage-pair", experiment, "Pair"));
    assertNotEquals(a.runId(), different.runId());
    String expId = tracker.experimentId(experiment);
    assertEquals(1, tracker.client().searchRuns(List.of(expId), "tags.`reid.key` = 'stage-detect'", Service.ViewType.ACTIVE_ONLY, 10).getItems().size());
    assertEquals(2, tracker.client().searchRuns(List.of(expId), "", Service.ViewType.ACTIVE_ONLY, 10).getItems().size());
  }

  @Test
  void artifactsAreUploadedThroughTheProxiedEndpoint() throws Exception {
    Path cfg = dir.resolve("my config.yaml");
    Files.writeString(cfg, "cluster:\n  threshold: 0.5\n");
    TrackedRun run = tracker.startRun(RunSpec.of("art", experiment, "art"));
    run.logArtifact(cfg, "config");
    run.logArtifact(cfg, "");
    ConfigArtifacts.log(run, new ConfigLoader(Map.of()).load(cfg, List.of()), dir);
    run.finish(RunStatus.FINISHED);

    String listing = tracker.client().sendGet("artifacts/list?run_id=" + run.runId() + "&path=config");
    assertTrue(listing.contains("config/my config.yaml"), listing);
    assertTrue(listing.contains("config/resolved.yaml"), listing);
    String root = tracker.client().sendGet("artifacts/list?run_id=" + run.runId());
    assertTrue(root.contains("\"my config.yaml\""), root);

    String artifactUri = tracker.client().getRun(run.runId()).getInfo().getArtifactUri();
    String path = artifactUri.substring("mlflow-artifacts:".length()).replaceFirst("^/+", "");
    HttpResponse<String> back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(uri + "/api/2.0/mlflow-artifacts/artifacts/" + path + "/config/my%20config.yaml")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, back.statusCode());
    assertEquals(Files.readString(cfg), back.body());
  }

  @Test
  void pointsLoggedDuringAnOutageArriveOnceWhenTheServerReturns() throws IOException {
    URI u = URI.create(uri);
    try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort());
        MlflowTracker viaProxy = new MlflowTracker("http://127.0.0.1:" + proxy.port(), dir.resolve("outage"))) {
      TrackedRun run = viaProxy.startRun(RunSpec.of("outage", experiment, "outage"));
      for (int s = 0; s < 10; s++) {
        run.logMetric("acc", s / 100.0, s);
      }
      assertEquals(0, run.buffered());

      proxy.stop();
      for (int s = 10; s < 25; s++) {
        run.logMetric("acc", s / 100.0, s);
      }
      List<MetricPoint> batch = new ArrayList<>();
      for (int s = 25; s < 1525; s++) {
        batch.add(MetricPoint.of("acc", s / 100.0, s));
      }
      run.logMetrics(batch);
      run.logParams(Map.of("during", "outage"));
      run.setTags(Map.of("phase", "outage"));
      String buffered = readQuietly(dir.resolve("outage").resolve(run.runId() + ".jsonl"));
      assertEquals(18, run.buffered(), () -> "15 single points, one batch, one param op, one tag op: "
          + buffered.replaceAll("\\{\"key[^}]*}", "*"));
      assertTrue(Files.exists(dir.resolve("outage").resolve(run.runId() + ".jsonl")));

      proxy.start();
      for (int s = 1525; s < 1530; s++) {
        run.logMetric("acc", s / 100.0, s);
      }
      assertEquals(0, run.buffered(), "the next call flushed the buffer");
      run.finish(RunStatus.FINISHED);

      Service.Run got = tracker.client().getRun(run.runId());
      List<Service.Metric> h = tracker.client().getMetricHistory(run.runId(), "acc");
      assertEquals(1530, h.size(), "no point lost, none twice");
      assertEquals(1530, h.stream().map(Service.Metric::getStep).distinct().count());
      assertEquals("outage", params(got).get("during"));
      assertEquals("outage", tags(got).get("phase"));
      assertEquals(Service.RunStatus.FINISHED, got.getInfo().getStatus());
      assertTrue(!Files.exists(dir.resolve("outage").resolve(run.runId() + ".jsonl")));
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void aRunFinishedDuringAnOutageIsDeliveredWhenItsKeyIsStartedAgain() throws IOException {
    URI u = URI.create(uri);
    Path buffer = dir.resolve("shared-buffer");
    String runId;
    try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort())) {
      MlflowTracker first = new MlflowTracker("http://127.0.0.1:" + proxy.port(), buffer);
      TrackedRun run = first.startRun(RunSpec.of("crash", experiment, "crash"));
      runId = run.runId();
      proxy.stop();
      run.logMetric("x", 1, 0);
      run.logMetric("x", 2, 1);
      run.finish(RunStatus.FAILED);
      assertEquals(3, run.buffered());
      first.close(); // still down: the buffer stays on disk
    }
    try (MlflowTracker second = new MlflowTracker(uri, buffer)) {
      TrackedRun again = second.startRun(RunSpec.of("crash", experiment, "crash"));
      assertEquals(runId, again.runId());
      assertEquals(0, again.buffered());
      assertEquals(2, second.client().getMetricHistory(runId, "x").size());
      again.logMetric("x", 3, 2);
      again.finish(RunStatus.FINISHED);
      assertEquals(3, second.client().getMetricHistory(runId, "x").size());
      assertEquals(Service.RunStatus.FINISHED, second.client().getRun(runId).getInfo().getStatus());
    }
  }
}
