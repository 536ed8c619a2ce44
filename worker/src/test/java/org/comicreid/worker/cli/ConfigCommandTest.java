package org.comicreid.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.comicreid.experiments.config.ConfigKey;
import org.comicreid.experiments.config.ConfigKeys;
import org.comicreid.experiments.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ReidMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static void assertOneLineError(Result r, String... parts) {
    assertEquals(ReidMain.EXIT_USAGE, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("reid: error: "), r.err());
    for (String p : parts) {
      assertTrue(r.err().contains(p), "'" + p + "' in " + r.err());
    }
  }

  @Test
  void showPrintsYamlThatLoadsBackToTheSameConfig() throws IOException {
    Path f = file("c.yaml", "cluster:\n  threshold: 0.5\n");
    Result r = run("config", "show", "--config", f.toString(), "--set", "experiment.seed=9");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("cluster:\n"), r.out());
    assertTrue(r.out().contains("  threshold: 0.5\n"), r.out());
    Path back = file("back.yaml", r.out());
    var expected = new ConfigLoader(Map.of()).load(f, List.of("experiment.seed=9"));
    assertEquals(expected.flat(), new ConfigLoader(Map.of()).load(back, List.of()).flat());
    assertTrue(r.out().contains("# config hash " + expected.configHash()), r.out());
  }

  @Test
  void flatFormatWithOriginSaysWhereEachValueCameFrom() throws IOException {
    Path f = file("c.yaml", "experiment:\n  seed: 3\ncluster:\n  threshold: 0.5\n");
    Result r = run("config", "show", "--config", f.toString(), "--set", "cluster.threshold=0.6",
        "--format", "flat", "--origin");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("cluster\\.threshold\\s+= 0\\.6  # --set")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("experiment\\.seed\\s+= 3  # file .*c\\.yaml:2")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("cluster\\.linkage\\s+= average  # default")), r.out());
    assertEquals(ConfigKeys.all().size() + 1, lines.size(), "one line per key plus the hash line");

    Result plain = run("config", "show", "--format", "flat");
    assertFalse(plain.out().contains("# default"), "origins only on request");
  }

  @Test
  void yamlWithOriginAnnotatesLeaves() {
    Result r = run("config", "show", "--origin", "--set", "cluster.linkage=single");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("  linkage: single  # --set\n"), r.out());
    assertTrue(r.out().contains("  threshold: 0.0  # default\n"), r.out());
  }

  @Test
  void secretsAreNotShown() {
    Result r = run("config", "show", "--format", "flat", "--set", "catalog.password=hunter2");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("hunter2"));
    assertTrue(r.out().contains("catalog.password"));
  }

  @Test
  void paperConfigShows() {
    Result r = run("config", "show", "--config", Path.of("..", "configs", "paper.yaml").toString(), "--format", "flat");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("experiment\\.name\\s+= paper")), r.out());
  }

  @Test
  void missingFile() {
    assertOneLineError(run("config", "show", "--config", dir.resolve("absent.yaml").toString()),
        "absent.yaml", "not found");
  }

  @Test
  void malformedYaml() throws IOException {
    Path f = file("bad.yaml", "cluster:\n  threshold: [0.5\n");
    assertOneLineError(run("config", "show", "--config", f.toString()), "bad.yaml", "malformed YAML", "line ", "column ");
  }

  @Test
  void unknownKeyWithDidYouMean() throws IOException {
    Path f = file("u.yaml", "cluster:\n  threshhold: 0.5\n");
    assertOneLineError(run("config", "show", "--config", f.toString()), "u.yaml line 2", "cluster.threshhold",
        "did you mean cluster.threshold?");
    assertOneLineError(run("config", "show", "--set", "worker.devise=gpu"), "--set worker.devise",
        "did you mean worker.device?");
  }

  @Test
  void wrongType() {
    assertOneLineError(run("config", "show", "--set", "catalog.batch_size=lots"), "catalog.batch_size",
        "expected an int", "'lots'");
  }

  @Test
  void outOfRange() throws IOException {
    Path f = file("r.yaml", "worker:\n  gpu:\n    concurrency: 17\n");
    assertOneLineError(run("config", "show", "--config", f.toString()), "r.yaml line 3", "worker.gpu.concurrency",
        "in 1..16", "'17'");
  }

  @Test
  void setWithoutEquals() {
    assertOneLineError(run("config", "show", "--set", "cluster.threshold"), "expected key=value");
  }

  @Test
  void referenceListsEveryKeyAsAMarkdownRow() {
    Result r = run("config", "reference");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("| key | type | default | allowed | description |\n|---|---|---|---|---|\n"));
    for (ConfigKey k : ConfigKeys.all()) {
      assertTrue(r.out().contains("| `" + k.name() + "` | " + k.type().label() + " | "), k.name());
    }
    assertTrue(r.out().contains("| `pretrain.timeout` | duration | `48h` |"), r.out());
    assertTrue(r.out().contains("| `worker.device` | enum | `auto` | cpu, gpu, auto |"), r.out());
  }
}
