package org.comicreid.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reid sweep}'s options that reshape the plan before anything runs. The base config names
 * a data set that does not exist, so every call stops at resolution (exit 2) after printing the
 * plan, and nothing trains.
 */
class SweepCommandTest {

  @TempDir Path dir;

  private Path sweepFile(String extra) throws IOException {
    Files.writeString(dir.resolve("base.yaml"), String.join("\n", "experiment:", "  name: sc",
        "dataset:", "  name: no-such-dataset", ""));
    Path f = dir.resolve("sweep.yaml");
    Files.writeString(f, String.join("\n", "sweep: sc", "base: base.yaml", "grid:",
        "  finetune.loss: [triplet, contrastive]", extra, ""));
    return f;
  }

  private GateCommandTest.Result sweep(Path file, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "sweep";
    args[1] = file.toString();
    args[2] = "--set";
    args[3] = "paths.workdir=" + dir.resolve("work");
    System.arraycopy(more, 0, args, 4, more.length);
    return GateCommandTest.run(args);
  }

  @Test
  void seedsComeFromTheFileUnlessTheOptionOverridesThem() throws IOException {
    Path file = sweepFile("seeds: 2");
    GateCommandTest.Result fromFile = sweep(file);
    assertTrue(fromFile.out().contains("2 members x 2 seeds"), fromFile.out() + fromFile.err());
    GateCommandTest.Result overridden = sweep(file, "--seeds", "3");
    assertTrue(overridden.out().contains("2 members x 3 seeds"), overridden.out() + overridden.err());
    assertEquals(2, overridden.code(), "the data set does not exist: " + overridden.err());
    assertTrue(overridden.err().contains("no-such-dataset"), overridden.err());
  }

  @Test
  void aSeedsOrConcurrencyBelowOneIsAnInputError() throws IOException {
    Path file = sweepFile("");
    GateCommandTest.Result seeds = sweep(file, "--seeds", "0");
    assertEquals(2, seeds.code(), seeds.out() + seeds.err());
    assertTrue(seeds.err().contains("--seeds 0: expected at least 1"), seeds.err());
    GateCommandTest.Result conc = sweep(file, "--concurrency", "0");
    assertEquals(2, conc.code(), conc.out() + conc.err());
    assertTrue(conc.err().contains("--concurrency 0: expected at least 1"), conc.err());
  }
}
