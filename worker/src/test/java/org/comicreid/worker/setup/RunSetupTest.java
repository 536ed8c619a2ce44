package org.comicreid.worker.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSetupTest {

  @Test
  void defaultsRouteTrainingToGpuAndUseTheEmbeddedServer() {
    RunSetup s = RunSetup.resolve(null, List.of());
    assertNull(s.worker().target());
    assertEquals("default", s.worker().namespace());
    assertEquals("reid-gpu", s.spec().options(Stage.PRETRAIN).taskQueue());
    assertEquals("reid-gpu", s.spec().options(Stage.FINE_TUNE).taskQueue());
    assertEquals("reid-cpu", s.spec().options(Stage.CLUSTER).taskQueue());
    assertEquals("demo-" + s.spec().configHash(), s.spec().workflowId());
    assertEquals(s.typed().workflowId(), s.spec().workflowId());
    assertTrue(Path.of(s.spec().artifactRoot()).isAbsolute(), s.spec().artifactRoot());
  }

  @Test
  void aStageParamChangesItsKeyAndDownstreamButAnExecutionSettingChangesNoKey(@TempDir Path dir)
      throws Exception {
    Path yaml = dir.resolve("c.yaml");
    Files.writeString(yaml, "experiment:\n  name: e1\ncluster:\n  threshold: 0.7\n"
        + "temporal:\n  target: h:7233\n  namespace: research\n");
    RunSetup base = RunSetup.resolve(yaml, List.of());
    assertEquals("h:7233", base.worker().target());
    assertEquals("research", base.worker().namespace());
    RunSetup param = RunSetup.resolve(yaml, List.of("cluster.threshold=0.6"));
    RunSetup exec = RunSetup.resolve(yaml, List.of("cluster.timeout=90s",
        "cluster.retry.max_attempts=7", "cluster.queue=reid-gpu", "worker.cpu.concurrency=9",
        "worker.sticky_timeout=0s"));

    // a result-affecting key: the cluster stage and everything downstream get new keys
    assertNotEquals(base.spec().configHash(), param.spec().configHash());
    assertEquals(base.spec().stageKeys().get(Stage.SELECT_THRESHOLD),
        param.spec().stageKeys().get(Stage.SELECT_THRESHOLD));
    assertNotEquals(base.spec().stageKeys().get(Stage.CLUSTER),
        param.spec().stageKeys().get(Stage.CLUSTER));
    assertNotEquals(base.spec().stageKeys().get(Stage.EVALUATE),
        param.spec().stageKeys().get(Stage.EVALUATE));

    // execution settings steer scheduling only
    assertEquals(base.spec().configHash(), exec.spec().configHash());
    assertEquals(base.spec().stageKeys(), exec.spec().stageKeys());
    assertEquals(Duration.ofSeconds(90), exec.spec().options(Stage.CLUSTER).startToClose());
    assertEquals(7, exec.spec().options(Stage.CLUSTER).maxAttempts());
    assertEquals(3, base.spec().options(Stage.CLUSTER).maxAttempts());
    assertEquals("reid-gpu", exec.queueOf().apply(Stage.CLUSTER));
    assertEquals(9, exec.worker().cpuConcurrency());
    assertEquals(Duration.ZERO, exec.worker().stickyTimeout());
    assertEquals(Duration.ofSeconds(5), base.worker().stickyTimeout());
  }

  @Test
  void aStageQueueThatNoWorkerServesIsAnInputError() {
    ReidInputException e = assertThrows(ReidInputException.class,
        () -> RunSetup.resolve(null, List.of("pretrain.queue=reid-tpu")));
    assertTrue(e.getMessage().contains("pretrain.queue"), e.getMessage());
  }

  @Test
  void trackedParamsAreTheHashedKeysSoAResubmissionWithOtherSettingsLogsTheSameValues() {
    RunSetup base = RunSetup.resolve(null, List.of("cluster.threshold=0.61"));
    RunSetup exec = RunSetup.resolve(null, List.of("cluster.threshold=0.61", "cluster.timeout=91s",
        "catalog.password=hunter2", "paths.workdir=/tmp/elsewhere"));
    assertEquals(base.spec().configHash(), exec.spec().configHash());
    // params are write-once in a tracker: the same workflow id must always log the same values
    assertEquals(base.trackingParams(), exec.trackingParams());
    assertEquals(base.spec().stageParams(), exec.spec().stageParams());
    assertEquals("0.61", base.trackingParams().get("cluster.threshold"));
    assertFalse(exec.trackingParams().containsKey("cluster.timeout"));
    assertFalse(exec.trackingParams().toString().contains("hunter2"));

    // a stage's params: its own slice, the keys its slice hash covers
    assertEquals("0.61", base.spec().paramsOf(Stage.CLUSTER).get("cluster.threshold"));
    assertTrue(base.spec().paramsOf(Stage.CLUSTER).containsKey("experiment.seed"));
    assertTrue(base.spec().paramsOf(Stage.CLUSTER).containsKey("dataset.name"));
    assertFalse(base.spec().paramsOf(Stage.CLUSTER).containsKey("cluster.queue"));
    assertFalse(base.spec().paramsOf(Stage.DETECT).containsKey("cluster.threshold"));
    RunSetup other = RunSetup.resolve(null, List.of("cluster.threshold=0.62"));
    assertEquals(base.spec().paramsOf(Stage.DETECT), other.spec().paramsOf(Stage.DETECT));
  }

  @Test
  void theTrackingExperimentIsTheOverrideWhenSet() {
    assertEquals("demo", RunSetup.resolve(null, List.of()).trackingExperimentOf().apply("demo"));
    assertEquals("shared", RunSetup.resolve(null, List.of("tracking.mlflow.experiment=shared"))
        .trackingExperimentOf().apply("demo"));
  }
}
