package org.comicreid.worker.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.comicreid.core.pipeline.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSetupTest {

  @Test
  void defaultsRouteTrainingToGpuAndUseTheEmbeddedServer() {
    RunSetup s = RunSetup.resolve(null, List.of());
    assertNull(s.worker().target());
    assertEquals("reid-gpu", s.spec().options(Stage.PRETRAIN).taskQueue());
    assertEquals("reid-cpu", s.spec().options(Stage.CLUSTER).taskQueue());
    assertEquals("demo-" + s.spec().configHash(), s.spec().workflowId());
  }

  @Test
  void aStageParamChangesItsKeyAndDownstreamButAnExecutionSettingChangesNoKey(@TempDir Path dir)
      throws Exception {
    Path yaml = dir.resolve("c.yaml");
    Files.writeString(yaml, "experiment: e1\nmetamine:\n  k: 5\ntemporal:\n  target: h:7233\n");
    RunSetup base = RunSetup.resolve(yaml, List.of());
    assertEquals("h:7233", base.worker().target());
    RunSetup param = RunSetup.resolve(yaml, List.of("metamine.k=6"));
    RunSetup exec = RunSetup.resolve(yaml,
        List.of("metamine.timeout=90s", "metamine.max_attempts=7", "cluster.queue=reid-gpu"));

    assertNotEquals(base.spec().configHash(), param.spec().configHash());
    assertEquals(base.spec().stageKeys().get(Stage.LINK_SEQUENCES),
        param.spec().stageKeys().get(Stage.LINK_SEQUENCES));
    assertNotEquals(base.spec().stageKeys().get(Stage.META_MINE),
        param.spec().stageKeys().get(Stage.META_MINE));
    assertNotEquals(base.spec().stageKeys().get(Stage.EVALUATE),
        param.spec().stageKeys().get(Stage.EVALUATE));

    assertEquals(base.spec().configHash(), exec.spec().configHash());
    assertEquals(base.spec().stageKeys(), exec.spec().stageKeys());
    assertEquals(Duration.ofSeconds(90), exec.spec().options(Stage.META_MINE).startToClose());
    assertEquals(7, exec.spec().options(Stage.META_MINE).maxAttempts());
    assertEquals(3, base.spec().options(Stage.META_MINE).maxAttempts());
    assertEquals("reid-gpu", exec.queueOf().apply(Stage.CLUSTER));
  }
}
