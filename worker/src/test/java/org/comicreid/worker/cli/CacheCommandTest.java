package org.comicreid.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.experiments.tracking.TrackerFactory;
import org.comicreid.worker.bench.NoOpStages;
import org.comicreid.worker.setup.RunSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reid cache list} and {@code reid cache gc} on a work dir filled by real pipeline runs
 * (embedded Temporal, the catalog under the work dir, no-op stages that write a file into their
 * artifact dir). The workflow does not record uses yet, so the test records them through the
 * ledger, as the workflow will.
 */
class CacheCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int reid(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return ReidMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private RunSetup setup(String... extra) {
    List<String> sets = new ArrayList<>(List.of("paths.workdir=" + tmp, "experiment.name=cc"));
    sets.addAll(List.of(extra));
    return RunSetup.resolve(null, sets);
  }

  /** Runs the pipeline of {@code setup}; each stage that runs writes 1000 bytes. */
  private void run(RunSetup setup) {
    StageImplementations impls = NoOpStages.registry(EnumSet.allOf(Stage.class), (s, in) -> {
      try {
        Path dir = Path.of(in.artifactDir());
        Files.createDirectories(dir);
        Files.write(dir.resolve("out.bin"), new byte[1000]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try (Catalog catalog = Catalog.open(TrackerFactory.catalogSettings(setup.typed()))) {
      RunCommandAccess.launch(setup, impls, () -> new CatalogStageLedger(catalog),
          new PrintWriter(new StringWriter(), true));
    }
  }

  /** Records that the pipeline of {@code setup} used all its stages (what the workflow will do). */
  private void recordUses(RunSetup setup) {
    try (Catalog catalog = Catalog.open(TrackerFactory.catalogSettings(setup.typed()))) {
      CatalogStageLedger ledger = new CatalogStageLedger(catalog);
      setup.spec().stageKeys().values().forEach(k -> ledger.recordUse(k, setup.spec().workflowId()));
    }
  }

  private Path dirOf(RunSetup setup, Stage stage) {
    return Path.of(setup.spec().artifactDir(stage, setup.spec().stageKeys().get(stage)));
  }

  @Test
  void listShowsRecordsUsesAndOrphansAndGcDeletesOnlyWhatNoKeptPipelineUses() throws Exception {
    RunSetup a = setup();
    RunSetup b = setup("cluster.threshold=0.5"); // shares the 7 upstream stages with a
    RunSetup c = setup("cluster.threshold=0.7"); // its own cluster and evaluate
    run(a);
    run(b);
    run(c); // the pipeline workflow records each stage it runs or reuses as used by it
    Path artifacts = tmp.resolve("artifacts");
    Path orphan = artifacts.resolve("cc").resolve("pair").resolve("00000000deadbeef.partial-x");
    Files.createDirectories(orphan);
    Files.write(orphan.resolve("half.json"), new byte[10]);
    String workdir = "paths.workdir=" + tmp;

    // list: 7 shared + 2 per config
    assertEquals(0, reid("cache", "list", "--set", workdir), err.toString());
    String list = out.toString();
    List<String> lines = list.lines().toList();
    assertTrue(lines.get(0).startsWith("stage     key "), list);
    String detect = lines.stream().filter(l -> l.startsWith("detect ")).findFirst().orElseThrow();
    assertTrue(detect.contains(a.spec().stageKeys().get(Stage.DETECT).substring(0, 16)), detect);
    assertTrue(detect.matches(".* finished .* 1000 B +3 .*"), detect);
    String cCluster = c.spec().stageKeys().get(Stage.CLUSTER).substring(0, 16);
    String cLine = lines.stream().filter(l -> l.contains(cCluster)).findFirst().orElseThrow();
    assertTrue(cLine.matches("cluster +" + cCluster + " +cc +finished .* 1000 B +1 +2\\d{3}-.*"),
        cLine);
    assertTrue(list.contains("  10 B  " + orphan), list);
    assertTrue(list.contains("total: 13 records, 12.7 KiB; 1 orphans, 10 B;"), list);

    assertEquals(0, reid("cache", "list", "--format", "json", "--experiment", "cc",
        "--set", workdir), err.toString());
    JsonNode doc = new ObjectMapper().readTree(out.toString());
    assertEquals(13, doc.get("records").size());
    assertEquals(13000, doc.get("totals").get("record_bytes").asLong());
    assertEquals(1, doc.get("orphans").size());
    assertEquals(0, reid("cache", "list", "--format", "json", "--experiment", "nope",
        "--set", workdir), err.toString());
    assertEquals(0, new ObjectMapper().readTree(out.toString()).get("records").size());

    // gc --dry-run: every record is used by a pipeline, so only the orphan; nothing deleted
    List<Path> before = tree(artifacts);
    assertEquals(0, reid("cache", "gc", "--dry-run", "--set", workdir), err.toString());
    String dry = out.toString();
    assertTrue(dry.contains("would delete orphan: " + orphan), dry);
    assertFalse(dry.contains("would delete record"), dry);
    assertTrue(dry.endsWith("dry run: would free 10 B (1 items); nothing was deleted\n"), dry);
    assertEquals(before, tree(artifacts));

    // gc: deletes exactly the orphan
    assertEquals(0, reid("cache", "gc", "--set", workdir), err.toString());
    assertTrue(out.toString().endsWith("freed 10 B (1 items)\n"), out.toString());
    assertFalse(Files.exists(orphan));
    assertEquals(0, reid("cache", "list", "--set", workdir), err.toString());
    assertTrue(out.toString().contains("total: 13 records"), out.toString());

    // --keep-last 2 after b used its stages again: b and c are kept, a's own two records go
    recordUses(b);
    assertEquals(0, reid("cache", "gc", "--keep-last", "2", "--set", workdir), err.toString());
    assertFalse(Files.exists(dirOf(a, Stage.CLUSTER)));
    assertFalse(Files.exists(dirOf(a, Stage.EVALUATE)));
    assertTrue(Files.exists(dirOf(c, Stage.CLUSTER).resolve("out.bin")));

    // --keep-last 1: only b's, so c's own cluster and evaluate go too
    assertEquals(0, reid("cache", "gc", "--keep-last", "1", "--set", workdir), err.toString());
    assertTrue(out.toString().startsWith("kept pipelines (--keep-last 1): "
        + b.spec().workflowId() + "\n"), out.toString());
    assertFalse(Files.exists(dirOf(c, Stage.CLUSTER)));
    assertFalse(Files.exists(dirOf(c, Stage.EVALUATE)));
    for (Stage s : Stage.inOrder()) {
      assertTrue(Files.exists(dirOf(b, s).resolve("out.bin")), s.key());
    }
    assertEquals(0, reid("cache", "list", "--set", workdir), err.toString());
    assertTrue(out.toString().contains("total: 9 records, 8.8 KiB; 0 orphans"), out.toString());
    try (Stream<Path> files = Files.walk(tmp)) {
      assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".lock.db")).toList(),
          "catalog still open after the command returned");
    }
    assertEquals(2, reid("cache", "gc", "--keep-last", "-1", "--set", workdir));
    assertTrue(err.toString().startsWith("reid: error: --keep-last:"), err.toString());
  }

  private static List<Path> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.sorted().toList();
    }
  }

}
