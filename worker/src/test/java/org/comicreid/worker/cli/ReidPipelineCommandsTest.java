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
    assertCatalogClosed();
  }

  @Test
  void statusClosesTheCatalogItOpened() {
    assertEquals(0, reid("status", "--set", "paths.workdir=" + tmp), err.toString());
    assertTrue(out.toString().contains("demo-"), out.toString());
    assertCatalogClosed();
  }

  /**
   * An open embedded H2 catalog holds {@code <db>.lock.db} and rewrites it within a second of its
   * deletion, so a command that returns with its catalog open breaks deleting the work dir.
   */
  private void assertCatalogClosed() {
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(tmp)) {
      java.util.List<java.nio.file.Path> dbs =
          files.filter(f -> f.toString().endsWith(".mv.db")).toList();
      assertTrue(!dbs.isEmpty(), "the command opened no catalog under " + tmp);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(tmp)) {
      java.util.List<java.nio.file.Path> locks =
          files.filter(f -> f.toString().endsWith(".lock.db")).toList();
      assertEquals(java.util.List.of(), locks, "catalog still open after the command returned");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
