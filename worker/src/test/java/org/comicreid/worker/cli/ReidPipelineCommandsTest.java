package org.comicreid.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReidPipelineCommandsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int reid(String... args) {
    return ReidMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @TempDir java.nio.file.Path tmp;

  @Test
  void runRefusesAMissingNonSyntheticDatasetInOneLineAndStartsNothing() {
    assertEquals(2, reid("run", "--dataset", "comics-100k", "--set", "paths.workdir=" + tmp));
    String e = err.toString();
    assertTrue(e.startsWith("reid: error: config key 'dataset.name': no dataset 'comics-100k'"), e);
    assertEquals(1, e.lines().count(), e);
    assertEquals("no --config: running the demo config (configs/demo.yaml)\n", out.toString());
  }

  @Test
  void runRejectsAnUnknownKeyBeforeAnything() {
    assertEquals(2, reid("run", "--set", "pretrain_temperature=0.1"));
    String e = err.toString();
    assertTrue(e.startsWith("reid: error: ") && e.contains("pretrain_temperature")
        && e.contains("unknown"), e);
    assertEquals(1, e.lines().count(), e);
  }

  @Test
  void workerFailsInOneLineWhenTheTargetIsUnreachable() {
    assertEquals(1, reid("worker", "--queue", "reid-gpu", "--target", "127.0.0.1:1"));
    String e = err.toString();
    assertTrue(e.startsWith("reid: error: cannot reach Temporal at 127.0.0.1:1"), e);
    assertEquals(1, e.lines().count(), e);
  }

  @Test
  void workerRejectsAnUnknownQueueAndAMalformedTarget() {
    assertEquals(2, reid("worker", "--queue", "reid-tpu", "--target", "127.0.0.1:7233"));
    assertEquals("reid: error: --queue 'reid-tpu': expected reid-cpu or reid-gpu\n", err.toString());
    assertEquals(2, reid("worker", "--queue", "reid-gpu", "--target", "localhost"));
  }
}
