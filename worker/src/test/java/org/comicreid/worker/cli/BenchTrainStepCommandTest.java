package org.comicreid.worker.cli;

import static org.comicreid.worker.cli.EvalEmbeddingsCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.comicreid.learning.training.GradMode;
import org.comicreid.worker.cli.EvalEmbeddingsCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test of {@code reid bench train-step} (timings checked for sign only) and its errors. */
class BenchTrainStepCommandTest {

  @TempDir Path dir;

  static JsonNode jsonLine(String out) throws Exception {
    String line = out.lines().filter(l -> l.startsWith("{\"bench\": \"train-step\""))
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no JSON line in:\n" + out));
    return new ObjectMapper().readTree(line);
  }

  @Test
  void tinyRunPrintsTheStepsTheMedianAndTheJsonLine() throws Exception {
    GradMode.offForThisThread(); // loads the engine, to read its thread count
    int threads = JniUtils.getNumThreads(); // set the count in effect: no side effect on other tests
    Path json = dir.resolve("sub").resolve("r.json");
    Run r = run("bench", "train-step", "--backbone", "tiny", "--width", "8", "--size", "16",
        "--images", "2", "--steps", "2", "--warmup", "1", "--threads", String.valueOf(threads),
        "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("step 1/3 (warm-up)"), r.err());
    assertTrue(r.err().contains("step 3/3:"), r.err());
    assertTrue(r.out().contains("- median s/step: "), r.out());
    assertTrue(r.out().contains("- images/s: "), r.out());
    assertTrue(r.out().contains("load average at start"), r.out());
    JsonNode j = jsonLine(r.out());
    assertEquals("djl", j.get("impl").asText());
    assertEquals("tiny", j.get("backbone").asText());
    assertEquals("small", j.get("stem").asText());
    assertEquals("aligned", j.get("variant").asText());
    assertEquals(16, j.get("size").asInt());
    assertEquals(2, j.get("pairs").asInt());
    assertEquals(12, j.get("views").asInt()); // 6 views per pair
    assertEquals(2, j.get("steps").asInt());
    assertEquals(threads, j.get("threads").asInt());
    assertTrue(j.get("torch_version").asText().matches("\\d+\\.\\d+.*"), j.toString());
    assertEquals(94504, j.get("params").asLong()); // tiny width 8 + head on 64-d, by hand
    double t1 = j.get("step_s").get(0).asDouble();
    double t2 = j.get("step_s").get(1).asDouble();
    assertEquals(2, j.get("step_s").size());
    assertTrue(t1 > 0 && t2 > 0, j.toString());
    double median = j.get("median_s").asDouble();
    assertEquals((t1 + t2) / 2, median, 2e-5 * median); // 6 significant digits printed
    assertEquals(12 / median, j.get("images_per_s").asDouble(), 2e-5 * (12 / median));
    assertTrue(j.get("prepare_median_s").asDouble() > 0, j.toString());
    assertTrue(j.get("final_loss").asDouble() > 0, j.toString());
    List<String> written = Files.readAllLines(json);
    assertEquals(1, written.size());
    assertEquals(j, new ObjectMapper().readTree(written.get(0)));
  }

  @Test
  void badArgumentsAreInputErrorsNamingTheOptionAndValue() {
    String[][] cases = {
      {"--backbone", "vgg", "--backbone: expected tiny, resnet18, resnet34 or resnet50, got 'vgg'"},
      {"--size", "4", "--size must be at least 8, got 4"},
      {"--images", "1", "--images (pairs per step) must be at least 2, got 1"},
      {"--steps", "0", "--steps must be at least 1, got 0"},
      {"--warmup", "-1", "--warmup must be at least 0, got -1"},
      {"--threads", "-3", "got -3"},
      {"--variant", "separate", "--variant: expected face, body, unaligned or aligned, got 'separate'"},
      {"--stem", "wide", "--stem: expected auto, small or standard, got 'wide'"},
      {"--inputs", "images", "--inputs: expected augmented or random, got 'images'"},
      {"--width", "0", "--width must be at least 1, got 0"},
    };
    for (String[] c : cases) {
      java.util.List<String> args = new java.util.ArrayList<>(List.of("bench", "train-step",
          "--backbone", "tiny", "--size", "16", "--images", "2", "--steps", "1", "--warmup", "0"));
      int at = args.indexOf(c[0]);
      if (at >= 0) {
        args.set(at + 1, c[1]);
      } else {
        args.add(c[0]);
        args.add(c[1]);
      }
      Run r = run(args.toArray(String[]::new));
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertTrue(r.err().contains(c[2]), c[0] + ": " + r.err());
      assertTrue(!r.out().contains("\"bench\""), "no result for " + c[0]);
    }
    Run missing = run("bench", "train-step", "--size", "16", "--images", "2");
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains("--backbone"), missing.err());
  }
}
