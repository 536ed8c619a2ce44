package org.comicreid.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;
  private final ConfigLoader loader = new ConfigLoader(Map.of());

  private Path yaml(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private String error(Path file, String... sets) {
    ReidInputException e = assertThrows(ReidInputException.class, () -> loader.load(file, List.of(sets)));
    assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void defaultsResolveIntoTypedRecords() {
    ReidConfig c = loader.defaults().typed();
    assertEquals("demo", c.experiment().name());
    assertEquals(42L, c.experiment().seed());
    assertEquals(0.0, c.cluster().threshold(), "0 = use the threshold that threshold-select chose");
    assertEquals(ReidConfig.Linkage.AVERAGE, c.cluster().linkage());
    assertEquals(Duration.ofHours(48), c.stage(Stage.PRETRAIN).timeout());
    assertEquals(Duration.ofHours(12), c.stage(Stage.FINE_TUNE).timeout());
    assertEquals(Duration.ofMinutes(30), c.stage(Stage.CLUSTER).timeout());
    assertEquals(Duration.ofMinutes(5), c.stage(Stage.PRETRAIN).heartbeatTimeout());
    assertEquals(Duration.ofMinutes(1), c.stage(Stage.DETECT).heartbeatTimeout());
    assertEquals("reid-gpu", c.stage(Stage.FINE_TUNE).queue());
    assertEquals("reid-cpu", c.stage(Stage.LINK_SEQUENCES).queue());
    assertEquals(3, c.stage(Stage.EVALUATE).maxAttempts());
    assertEquals(Path.of(".reid", "artifacts"), c.paths().artifacts());
    assertEquals(Path.of(".reid", "tracking-buffer"), c.tracking().bufferDir());
    assertEquals("demo", c.tracking().mlflowExperiment());
    assertEquals(ReidConfig.Backend.LOCAL, c.tracking().backend());
    assertTrue(c.catalog().embedded());
    assertTrue(c.temporal().embedded());
    assertEquals("demo-" + c.configHash(), c.workflowId());
    assertEquals(12, c.configHash().length());
  }

  @Test
  void fileWinsOverDefaultAndSetWinsOverFile() throws IOException {
    Path f = yaml("a.yaml", "cluster:\n  threshold: 0.5\n  linkage: single\nworker:\n  cpu:\n    concurrency: 8\n");
    ResolvedConfig fromFile = loader.load(f, List.of());
    assertEquals(0.5, fromFile.typed().cluster().threshold());
    assertEquals(ReidConfig.Linkage.SINGLE, fromFile.typed().cluster().linkage());
    assertEquals(8, fromFile.typed().worker().cpuConcurrency());
    assertEquals(Origin.Layer.FILE, fromFile.get("cluster.threshold").origin().layer());
    assertEquals(2, fromFile.get("cluster.threshold").origin().line());
    assertEquals(Origin.Layer.DEFAULT, fromFile.get("experiment.seed").origin().layer());

    ResolvedConfig withSet =
        loader.load(f, List.of("cluster.threshold=0.7", "cluster.threshold=0.6", "experiment.seed=7"));
    assertEquals(0.6, withSet.typed().cluster().threshold(), "the later --set wins");
    assertEquals(ReidConfig.Linkage.SINGLE, withSet.typed().cluster().linkage(), "file value kept");
    assertEquals(7L, withSet.typed().experiment().seed());
    assertEquals(Origin.Layer.SET, withSet.get("cluster.threshold").origin().layer());
    assertEquals(Origin.Layer.FILE, withSet.get("cluster.linkage").origin().layer());
  }

  @Test
  void baseFilesChainAndTheNearestFileWins() throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    yaml("root.yaml", "cluster:\n  threshold: 0.5\n  linkage: single\nexperiment:\n  seed: 3\n");
    yaml("sub/mid.yaml", "base: ../root.yaml\ncluster:\n  threshold: 0.6\n");
    Path leaf = yaml("sub/leaf.yaml", "base: mid.yaml\nexperiment:\n  seed: 4\n");
    ResolvedConfig c = loader.load(leaf, List.of("cluster.linkage=complete"));
    assertEquals("0.6", c.text("cluster.threshold"));
    assertEquals("4", c.text("experiment.seed"));
    assertEquals("complete", c.text("cluster.linkage"));
    assertEquals(dir.resolve("sub/mid.yaml").normalize().toString(), c.get("cluster.threshold").origin().source());
    assertEquals(3, c.get("cluster.threshold").origin().line());
    assertEquals(leaf.toString(), c.get("experiment.seed").origin().source());
    ResolvedConfig root = loader.load(dir.resolve("root.yaml"), List.of());
    assertEquals("single", root.text("cluster.linkage"));
    assertEquals("0.5", root.text("cluster.threshold"));
    // the same values written out in one file give the same config hash
    Path flat = yaml("flat.yaml", "cluster:\n  threshold: 0.6\n  linkage: single\nexperiment:\n  seed: 4\n");
    assertEquals(loader.load(flat, List.of()).configHash(), loader.load(leaf, List.of()).configHash());
  }

  @Test
  void badBaseFilesAreRefusedWithTheFileNamed() throws IOException {
    Path a = yaml("cyc-a.yaml", "base: cyc-b.yaml\n");
    yaml("cyc-b.yaml", "base: cyc-a.yaml\n");
    assertTrue(error(a).contains("cycle"), error(a));
    Path missing = yaml("missing.yaml", "base: nowhere.yaml\n");
    assertTrue(error(missing).contains("missing.yaml") && error(missing).contains("not found"), error(missing));
    Path list = yaml("list.yaml", "base: [a, b]\n");
    assertTrue(error(list).contains("base: expected the path"), error(list));
    Path badKey = yaml("bad-in-base.yaml", "base: typo.yaml\n");
    yaml("typo.yaml", "cluster:\n  treshold: 0.5\n");
    assertTrue(error(badKey).contains("typo.yaml") && error(badKey).contains("cluster.treshold"), error(badKey));
  }

  @Test
  void augmentationKeysBelongToTheSlicesOfTheStagesThatReadThem() {
    ResolvedConfig base = loader.load(null, List.of());
    ResolvedConfig strong = loader.load(null, List.of("augment.strong.flip_p=0.3"));
    ResolvedConfig ft = loader.load(null, List.of("augment.finetune.flip_p=0.3"));
    ResolvedConfig norm = loader.load(null, List.of("augment.normalize_mean=0.4"));
    assertNotEquals(base.sliceHash(Stage.PRETRAIN), strong.sliceHash(Stage.PRETRAIN));
    assertEquals(base.sliceHash(Stage.FINE_TUNE), strong.sliceHash(Stage.FINE_TUNE));
    assertEquals(base.sliceHash(Stage.PRETRAIN), ft.sliceHash(Stage.PRETRAIN));
    assertNotEquals(base.sliceHash(Stage.FINE_TUNE), ft.sliceHash(Stage.FINE_TUNE));
    assertNotEquals(base.sliceHash(Stage.PRETRAIN), norm.sliceHash(Stage.PRETRAIN));
    assertNotEquals(base.sliceHash(Stage.FINE_TUNE), norm.sliceHash(Stage.FINE_TUNE));
    assertEquals(base.sliceHash(Stage.EVALUATE), norm.sliceHash(Stage.EVALUATE));
  }

  @Test
  void dottedKeysInYamlAreAccepted() throws IOException {
    Path f = yaml("dotted.yaml", "cluster.threshold: 0.4\nexperiment:\n  seed: 3\n");
    ResolvedConfig c = loader.load(f, List.of());
    assertEquals(0.4, c.typed().cluster().threshold());
    assertEquals(3L, c.typed().experiment().seed());
    ResolvedConfig empty = loader.load(yaml("empty.yaml", "cluster:\nexperiment: {}\n"), List.of());
    assertEquals(loader.defaults().flat(), empty.flat(), "empty sections set nothing");
    assertEquals(loader.defaults().flat(), loader.load(yaml("blank.yaml", "# nothing\n"), List.of()).flat());
  }

  @Test
  void queuesFollowTemporalQueuesUnlessSetPerStage() {
    ReidConfig c = loader.load(null, List.of("temporal.gpu_queue=big-gpu", "cluster.queue=special")).typed();
    assertEquals("big-gpu", c.stage(Stage.PRETRAIN).queue());
    assertEquals("special", c.stage(Stage.CLUSTER).queue());
    assertEquals("reid-cpu", c.stage(Stage.DETECT).queue());
  }

  @Test
  void trackingBackendAutoFollowsUriFromKeyOrEnvironment() {
    assertEquals(ReidConfig.Backend.LOCAL, new ConfigLoader(Map.of()).defaults().typed().tracking().backend());
    ReidConfig env = new ConfigLoader(Map.of("MLFLOW_TRACKING_URI", "http://m:5000")).defaults().typed();
    assertEquals(ReidConfig.Backend.MLFLOW, env.tracking().backend());
    assertEquals("http://m:5000", env.tracking().mlflowUri());
    ReidConfig key = new ConfigLoader(Map.of("MLFLOW_TRACKING_URI", "http://m:5000"))
        .load(null, List.of("tracking.mlflow.uri=http://k:1", "tracking.mlflow.experiment=x")).typed();
    assertEquals("http://k:1", key.tracking().mlflowUri());
    assertEquals("x", key.tracking().mlflowExperiment());
    ReidConfig forced = new ConfigLoader(Map.of("MLFLOW_TRACKING_URI", "http://m:5000"))
        .load(null, List.of("tracking.backend=local")).typed();
    assertEquals(ReidConfig.Backend.LOCAL, forced.tracking().backend());
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    ResolvedConfig c = loader.load(null, List.of("detect.timeout=PT90S", "pair.timeout=2h", "link.timeout=1d"));
    assertEquals(Duration.ofSeconds(90), c.typed().stage(Stage.DETECT).timeout());
    assertEquals("90s", c.text("detect.timeout"));
    assertEquals(Duration.ofHours(2), c.typed().stage(Stage.PAIR).timeout());
    assertEquals(Duration.ofDays(1), c.typed().stage(Stage.LINK_SEQUENCES).timeout());
  }

  // ------------------------------------------------------------------ errors

  @Test
  void missingFileIsNamed() {
    String m = error(dir.resolve("nope.yaml"));
    assertTrue(m.contains("nope.yaml") && m.contains("not found"), m);
  }

  @Test
  void malformedYamlGivesLineAndColumn() throws IOException {
    Path f = yaml("bad.yaml", "cluster:\n  threshold: 0.5\n linkage: [average\n");
    String m = error(f);
    assertTrue(m.contains("bad.yaml") && m.contains("malformed YAML") && m.matches(".*line \\d+ column \\d+.*"), m);
  }

  @Test
  void unknownKeyInFileSuggestsTheClosestKeyWithItsLine() throws IOException {
    Path f = yaml("u.yaml", "experiment:\n  seed: 1\ncluster:\n  treshold: 0.5\n");
    String m = error(f);
    assertTrue(m.contains("u.yaml line 4") && m.contains("cluster.treshold"), m);
    assertTrue(m.contains("did you mean cluster.threshold?"), m);
  }

  @Test
  void aParameterUnderTheWrongStageSuggestsWhereItLives() {
    String m = error(null, "detect.linkage=single");
    assertTrue(m.contains("did you mean cluster.linkage"), m);
    assertTrue(ConfigKeys.suggestions("zzzzzzzz.qqqqqq").isEmpty());
  }

  @Test
  void unknownKeyInSetSuggestsTheClosestKey() {
    String m = error(null, "evaluate.min_grup_size=3");
    assertTrue(m.startsWith("--set evaluate.min_grup_size") && m.contains("did you mean evaluate.min_group_size"), m);
  }

  @Test
  void wrongTypeNamesFileLineKeyAndExpectation() throws IOException {
    Path f = yaml("t.yaml", "experiment:\n  seed: many\n");
    String m = error(f);
    assertTrue(m.contains("t.yaml line 2") && m.contains("experiment.seed") && m.contains("expected a long"), m);
    String b = error(null, "evaluate.avg_of_avgs=yes please");
    assertTrue(b.contains("--set evaluate.avg_of_avgs") && b.contains("expected a boolean"), b);
    String d = error(null, "detect.timeout=soon");
    assertTrue(d.contains("expected a duration"), d);
  }

  @Test
  void outOfRangeNamesTheRange() throws IOException {
    String m = error(null, "worker.cpu.concurrency=65");
    assertTrue(m.contains("worker.cpu.concurrency") && m.contains("in 1..64") && m.contains("'65'"), m);
    Path f = yaml("r.yaml", "cluster:\n  threshold: -0.1\n");
    String r = error(f);
    assertTrue(r.contains("r.yaml line 2") && r.contains(">= 0.0"), r);
    assertTrue(error(null, "pretrain.retry.backoff=0.5").contains("in 1.0..10.0"));
  }

  @Test
  void badEnumListsAllowedValues() {
    String m = error(null, "cluster.linkage=ward");
    assertTrue(m.contains("one of average|single|complete") && m.contains("'ward'"), m);
  }

  @Test
  void badExperimentNameIsRejected() {
    String m = error(null, "experiment.name=My Experiment");
    assertTrue(m.contains("experiment.name") && m.contains("[a-z0-9]"), m);
  }

  @Test
  void setWithoutEqualsIsRejected() {
    String m = error(null, "cluster.threshold");
    assertTrue(m.contains("--set 'cluster.threshold'") && m.contains("expected key=value"), m);
  }

  @Test
  void listsMapsAndDuplicatesAreRejected() throws IOException {
    assertTrue(error(yaml("l.yaml", "cluster:\n  threshold: [1, 2]\n")).contains("got a list"));
    assertTrue(error(yaml("m.yaml", "cluster:\n  threshold:\n    x: 1\n")).contains("got a map"));
    assertTrue(error(yaml("d.yaml", "cluster:\n  threshold: 1\n  threshold: 2\n")).contains("d.yaml"));
    assertTrue(error(yaml("s.yaml", "- a\n- b\n")).contains("expected a map of sections"));
  }

  // ------------------------------------------------------------------ hashes

  @Test
  void hashIsStableUnderKeyOrderAndNumberSpelling() throws IOException {
    Path a = yaml("a.yaml", "cluster:\n  threshold: 0.5\n  linkage: single\nexperiment:\n  seed: 7\n");
    Path b = yaml("b.yaml", "experiment:\n  seed: 7\ncluster:\n  linkage: single\n  threshold: 0.50\n");
    assertEquals(loader.load(a, List.of()).configHash(), loader.load(b, List.of()).configHash());
    assertEquals(loader.load(a, List.of()).flat(), loader.load(b, List.of()).flat());
  }

  @Test
  void resultKeysChangeTheirSliceHashOnly() {
    ResolvedConfig base = loader.defaults();
    ResolvedConfig changed = loader.load(null, List.of("cluster.threshold=0.5"));
    assertNotEquals(base.configHash(), changed.configHash());
    assertNotEquals(base.sliceHash(Stage.CLUSTER), changed.sliceHash(Stage.CLUSTER));
    assertEquals(base.sliceHash(Stage.DETECT), changed.sliceHash(Stage.DETECT));
    assertEquals(base.sliceHash(Stage.EVALUATE), changed.sliceHash(Stage.EVALUATE));

    ResolvedConfig seed = loader.load(null, List.of("experiment.seed=1"));
    assertNotEquals(base.sliceHash(Stage.DETECT), seed.sliceHash(Stage.DETECT), "seed is in every slice");
  }

  @Test
  void executionKeysChangeNoHash() {
    ResolvedConfig base = loader.defaults();
    ResolvedConfig exec = loader.load(null, List.of("detect.timeout=5m", "pretrain.retry.max_attempts=9",
        "paths.workdir=/elsewhere", "catalog.batch_size=7", "temporal.target=h:7233",
        "worker.device=gpu", "tracking.backend=mlflow", "cluster.queue=q", "experiment.name=other"));
    assertEquals(base.configHash(), exec.configHash());
    for (Stage s : Stage.values()) {
      assertEquals(base.sliceHash(s), exec.sliceHash(s), s.key());
    }
  }

  // ------------------------------------------------------------------ rendering

  @Test
  void yamlRenderingLoadsBackToTheSameConfig() throws IOException {
    ResolvedConfig c = loader.load(null, List.of("cluster.threshold=0.3", "detect.timeout=PT45S",
        "catalog.password=s3cret: x", "paths.artifacts=/shared/a"));
    Path f = yaml("round.yaml", c.toYaml());
    ResolvedConfig back = loader.load(f, List.of());
    assertEquals(c.flat(), back.flat());
    assertTrue(c.toYaml().contains("cluster:\n"), c.toYaml());
  }

  @Test
  void referenceListsEveryKey() {
    String md = ConfigKeys.markdownReference();
    assertTrue(md.startsWith("| key | type | default | allowed | description |"));
    for (ConfigKey k : ConfigKeys.all()) {
      assertTrue(md.contains("| `" + k.name() + "` |"), k.name());
    }
    assertEquals(ConfigKeys.all().size() + 2, md.lines().count());
  }
}
