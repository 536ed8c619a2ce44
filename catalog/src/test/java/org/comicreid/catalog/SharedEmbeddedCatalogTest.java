package org.comicreid.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.repository.DatasetRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 catalog is shared between processes on one machine: while this JVM holds the
 * catalog open, a second JVM opens the same {@code AUTO_SERVER} URL, sees our row and writes its
 * own, which we then read through our still-open catalog.
 */
class SharedEmbeddedCatalogTest {

  @TempDir Path work;

  @Test
  void secondProcessReadsAndWritesWhileTheFirstHoldsTheCatalogOpen() throws Exception {
    CatalogSettings settings = CatalogSettings.embedded(work);
    Path log = work.resolve("second-process.log");
    try (Catalog catalog = Catalog.open(settings)) {
      DatasetRepository datasets = new DatasetRepository(catalog);
      Dataset mine = datasets.create("from-parent", "parent", null);

      Process child =
          new ProcessBuilder(
                  List.of(
                      Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                      "-cp",
                      System.getProperty("java.class.path"),
                      SharedCatalogWriter.class.getName(),
                      settings.jdbcUrl(),
                      "from-parent",
                      "from-child"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean exited = child.waitFor(180, TimeUnit.SECONDS);
      if (!exited) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(exited, "second process timed out:\n" + output);
      assertEquals(0, child.exitValue(), "second process failed:\n" + output);
      String okLine =
          output.lines().filter(l -> l.startsWith("OK ")).findFirst().orElseThrow(
              () -> new AssertionError("no OK line from second process:\n" + output));
      String[] ids = okLine.split(" ");
      assertEquals(mine.getId().toString(), ids[1], "the child saw the parent's row");

      Dataset theirs = datasets.findByName("from-child").orElseThrow();
      assertEquals(ids[2], theirs.getId().toString());
      assertEquals("written by a second process", theirs.getDescription());
      // the two processes drew ids from the shared sequence without colliding
      Dataset mineAgain = datasets.create("from-parent-2", null, null);
      assertNotEquals(theirs.getId(), mineAgain.getId());
      assertEquals(3, datasets.list().size());
    }
  }
}
