package org.comicreid.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.repository.DatasetRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 catalog is shared between processes on one machine ({@code AUTO_SERVER=TRUE}):
 * a second JVM opens the same URL while this one holds the catalog open, sees our rows and writes
 * its own; and it keeps working when the first process (the one serving the file) closes.
 */
class SharedEmbeddedCatalogTest {

  private static final long TIMEOUT_SECONDS = 180;

  @TempDir Path work;

  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    children.forEach(Process::destroyForcibly);
  }

  @Test
  void secondProcessReadsAndWritesWhileTheFirstHoldsTheCatalogOpen() throws Exception {
    CatalogSettings settings = CatalogSettings.embedded(work);
    Path log = work.resolve("second-process.log");
    try (Catalog catalog = Catalog.open(settings)) {
      DatasetRepository datasets = new DatasetRepository(catalog);
      Dataset mine = datasets.create("from-parent", "parent", null);

      Process child = startWriter(settings, "from-parent", "from-child", false, log);
      String[] ok = awaitOk(child, log);
      assertEquals(mine.getId().toString(), ok[1], "the child saw the parent's row");

      Dataset theirs = datasets.findByName("from-child").orElseThrow();
      assertEquals(ok[2], theirs.getId().toString());
      assertEquals("written by a second process", theirs.getDescription());
      // the two processes drew ids from the shared sequence without colliding
      Dataset mineAgain = datasets.create("from-parent-2", null, null);
      assertNotEquals(theirs.getId(), mineAgain.getId());
      assertEquals(3, datasets.list().size());
    }
  }

  @Test
  void secondProcessKeepsWritingAfterTheFirstClosesTheCatalog() throws Exception {
    CatalogSettings settings = CatalogSettings.embedded(work);
    Path log = work.resolve("worker.log");
    Process worker;
    try (Catalog submitter = Catalog.open(settings)) {
      new DatasetRepository(submitter).create("submitted", null, null);
      worker = startWriter(settings, "submitted", "worker-result", true, log);
      awaitLine(worker, log, "READY");
    } // the submitter, which served the file, is gone now
    try (OutputStream in = worker.getOutputStream()) {
      in.write("go\n".getBytes(StandardCharsets.UTF_8));
    }
    awaitOk(worker, log);
    try (Catalog reopened = Catalog.open(settings)) {
      Dataset result = new DatasetRepository(reopened).findByName("worker-result").orElseThrow();
      assertEquals("child", result.getContentHash());
    }
  }

  private Process startWriter(
      CatalogSettings settings, String expect, String write, boolean wait, Path log)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SharedCatalogWriter.class.getName(),
                settings.jdbcUrl(),
                expect,
                write));
    if (wait) {
      cmd.add("--wait");
    }
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    children.add(p);
    return p;
  }

  private static void awaitLine(Process p, Path log, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      String out = Files.readString(log, StandardCharsets.UTF_8);
      if (out.lines().anyMatch(line::equals)) {
        return;
      }
      assertTrue(p.isAlive(), "second process exited before " + line + ":\n" + out);
      Thread.sleep(100);
    }
    throw new AssertionError("no " + line + " from second process:\n" + Files.readString(log));
  }

  /** Waits for the process to exit with 0 and returns its {@code OK} line, split. */
  private static String[] awaitOk(Process p, Path log) throws Exception {
    boolean exited = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(exited, "second process timed out:\n" + output);
    assertEquals(0, p.exitValue(), "second process failed:\n" + output);
    return output
        .lines()
        .filter(l -> l.startsWith("OK "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no OK line from second process:\n" + output))
        .split(" ");
  }
}
