package org.comicreid.worker.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.activities.stages.ClusterActivitiesImpl;
import org.comicreid.activities.stages.DetectActivitiesImpl;
import org.comicreid.activities.stages.EvaluateActivitiesImpl;
import org.comicreid.activities.stages.FineTuneActivitiesImpl;
import org.comicreid.activities.stages.LinkSequencesActivitiesImpl;
import org.comicreid.activities.stages.MetaMineActivitiesImpl;
import org.comicreid.activities.stages.PairActivitiesImpl;
import org.comicreid.activities.stages.PretrainActivitiesImpl;
import org.comicreid.activities.stages.SelectThresholdActivitiesImpl;
import org.comicreid.activities.stages.StageEnvironment;
import org.comicreid.activities.stages.TrainingFault;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.worker.cli.RunCommandAccess;
import org.comicreid.worker.setup.DatasetSetup;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.setup.StageWiring;
import org.comicreid.worker.temporal.PipelineLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nine real stages, end to end, on a tiny synthetic world and on a tiny world of comicgen's
 * real comic art, through the embedded Temporal
 * pipeline (two-batch-sized training: a few steps on 16/24 px crops of a 4-channel backbone).
 * Covers the resumption of a pretraining attempt killed mid-way (with a negative control), a stage
 * failure that stops the pipeline without leaving half-written artifacts, and the rerun that resumes
 * after the last finished stage.
 */
public class RealStagesTest {

  /** A world and model small enough for a unit test; 6 pretraining steps, checkpoints every 2. */
  public static final List<String> TINY = List.of(
      "world.series=3", "world.characters=3", "world.sequences=3", "world.panel_width=128",
      "world.panel_height=96", "world.seed=3",
      "pair.face_size=16", "pair.body_size=24",
      "pretrain.backbone=tiny", "pretrain.width=4", "pretrain.stem=small", "pretrain.batch_size=4",
      "pretrain.epochs=50", "pretrain.max_steps=6", "pretrain.checkpoint_every=2",
      "pretrain.retry.initial_interval=1s", "pretrain.retry.max_interval=1s",
      "finetune.epochs=2", "finetune.series_per_batch=1", "finetune.patience=1",
      "finetune.retry.initial_interval=1s", "finetune.retry.max_interval=1s",
      "evaluate.min_group_size=2", "tracking.backend=local");

  @TempDir Path tmp;

  private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
  private final StringWriter console = new StringWriter();
  private final PrintWriter out = new PrintWriter(console, true);

  private RunSetup setup(Path workdir, String... extra) {
    List<String> sets = new ArrayList<>(TINY);
    sets.add("paths.workdir=" + workdir);
    sets.addAll(List.of(extra));
    return RunSetup.resolve(null, sets);
  }

  private PipelineLauncher.Outcome run(RunSetup setup, Catalog catalog, TrainingFault pretrainFault,
      TrainingFault fineTuneFault) {
    return run(setup, catalog, pretrainFault, fineTuneFault, null);
  }

  private PipelineLauncher.Outcome run(RunSetup setup, Catalog catalog, TrainingFault pretrainFault,
      TrainingFault fineTuneFault, org.comicreid.experiments.tracking.Tracker tracker) {
    DatasetSetup.ensure(setup, catalog, out);
    StageEnvironment env = StageWiring.environment(setup, () -> catalog,
        (s, m, t) -> progress.add(s.key() + ": " + m),
        tracker == null ? null : org.comicreid.worker.setup.TrackingWiring.stages(
            tracker, new CatalogStageLedger(catalog), setup));
    StageImplementations impls = StageImplementations.builder()
        .add(Stage.DETECT, new DetectActivitiesImpl(env))
        .add(Stage.PAIR, new PairActivitiesImpl(env))
        .add(Stage.PRETRAIN, new PretrainActivitiesImpl(env, pretrainFault))
        .add(Stage.LINK_SEQUENCES, new LinkSequencesActivitiesImpl(env))
        .add(Stage.META_MINE, new MetaMineActivitiesImpl(env))
        .add(Stage.FINE_TUNE, new FineTuneActivitiesImpl(env, fineTuneFault))
        .add(Stage.SELECT_THRESHOLD, new SelectThresholdActivitiesImpl(env))
        .add(Stage.CLUSTER, new ClusterActivitiesImpl(env))
        .add(Stage.EVALUATE, new EvaluateActivitiesImpl(env))
        .build();
    return tracker == null
        ? RunCommandAccess.launch(setup, impls, () -> new CatalogStageLedger(catalog), out)
        : RunCommandAccess.launch(setup, impls, () -> new CatalogStageLedger(catalog), tracker, out);
  }

  static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  private static Catalog open(Path workdir) {
    return Catalog.open(CatalogSettings.embedded(workdir));
  }

  private List<String> linesOf(String stage) {
    synchronized (progress) {
      return progress.stream().filter(l -> l.startsWith(stage + ": ")).toList();
    }
  }

  /**
   * The dataset keys of one kind of art: our synthetic drawings, or a tiny world of comicgen's
   * real comic art (third-party CC0 characters, rendered from their SVGs).
   */
  static String[] art(String kind) {
    return switch (kind) {
      case "synthetic" -> new String[] {"dataset.name=synthetic-test"};
      case "comicgen" -> new String[] {"dataset.name=comicgen-test", "comicgen.sequences=10",
          "comicgen.series=3", "comicgen.avatars=6", "comicgen.panel_width=160",
          "comicgen.panel_height=120"};
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"synthetic", "comicgen"})
  void allNineStagesRunAndTheirResultIsReusedWhole(String kind) throws IOException {
    Path wd = tmp.resolve("a");
    // on synthetic art the ImageNet baseline runs too, with a tiny TorchScript stand-in backbone
    Path imagenet = Path.of("..", "activities", "src", "test", "resources", "imagenet",
        "tiny_backbone.pt").toAbsolutePath().normalize();
    RunSetup setup = kind.equals("synthetic")
        ? setup(wd, concat(art(kind), "baseline.imagenet_weights=" + imagenet)) : setup(wd, art(kind));
    PipelineResult r;
    try (Catalog catalog = open(wd);
        org.comicreid.experiments.tracking.Tracker tracker = org.comicreid.worker.setup.TrackingWiring
            .open(setup, () -> new org.comicreid.catalog.tracking.TrackingStore(catalog))) {
      r = run(setup, catalog, TrainingFault.NONE, TrainingFault.NONE, tracker).result();
      // the pipeline's tracked run carries the headline results, next to its stage runs' curves
      org.comicreid.catalog.tracking.TrackingStore store = new org.comicreid.catalog.tracking.TrackingStore(catalog);
      String parent = store.findRunByKey(setup.spec().workflowId()).orElseThrow().runId();
      java.util.Map<String, Double> m = new java.util.HashMap<>();
      store.listMetrics(parent).forEach(p -> m.put(p.key(), p.value()));
      assertEquals(r.evaluate().metrics().get("local.semi_supervised.p_at_1"),
          m.get("local.semi_supervised.p_at_1"));
      assertEquals(r.selectThreshold().threshold(), m.get("cluster.threshold"));
      String pretrainRun = store.listRuns(setup.spec().experiment()).stream()
          .filter(t -> parent.equals(t.parentRunId()) && t.name().contains("pretrain"))
          .findFirst().orElseThrow().runId();
      assertEquals(6, store.listMetrics(pretrainRun, "loss").size(), "one loss point per step");
    }
    assertEquals(List.of(), r.cached());
    assertTrue(console.toString().contains("generating " + (kind.equals("comicgen")
        ? "comicgen world 'comicgen-test'" : "synthetic comic world 'synthetic-test'")),
        console.toString());
    // every view x model x scope x metric is reported (the ImageNet baseline only where it was
    // configured); local metrics are finite
    List<String> models = new ArrayList<>(EvaluateActivitiesImpl.MODELS);
    if (kind.equals("synthetic")) {
      models.add(EvaluateActivitiesImpl.IMAGENET);
    }
    assertEquals(3 * models.size() * 2 * 5, r.evaluate().metrics().size(), r.evaluate().metrics().keySet().toString());
    for (String view : List.of("", "face.", "body.")) {
      for (String model : models) {
        for (String metric : EvaluateActivitiesImpl.METRICS) {
          Double v = r.evaluate().metrics().get(view + "local." + model + "." + metric);
          assertTrue(v != null && v >= 0 && v <= 1, view + model + " " + metric + " = " + v);
        }
      }
    }
    assertEquals(kind.equals("synthetic"),
        linesOf("finetune").stream().anyMatch(l -> l.contains("ImageNet baseline: ")),
        linesOf("finetune").toString());
    for (String path : List.of(r.detect().boxesPath(), r.pair().pairsPath(),
        r.pretrain().checkpointPath(), r.linkSequences().sequencesPath(), r.metaMine().cliquesPath(),
        r.fineTune().checkpointPath(), r.fineTune().embeddingsPath(), r.cluster().clustersPath(),
        r.evaluate().metricsPath())) {
      assertTrue(Files.isRegularFile(Path.of(path)), path);
    }
    assertTrue(r.selectThreshold().threshold() > 0);
    assertPlots(setup, r, wd);
    assertNoStagingLeftovers(wd);
    // the same config again: nothing is scheduled, the outputs are the ledger's
    try (Catalog catalog = open(wd)) {
      PipelineLauncher.Outcome again = run(setup, catalog, TrainingFault.NONE, TrainingFault.NONE);
      assertEquals(Stage.inOrder(), again.result().cached());
      assertEquals(r.evaluate().metrics(), again.result().evaluate().metrics());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"synthetic", "comicgen"})
  void aPretrainingAttemptKilledMidwayIsRetriedFromItsLastCheckpoint(String kind) throws IOException {
    // attempt 1 dies before step 4; checkpoints every 2 steps: attempt 2 continues at step 2
    TrainingFault killBeforeStep4 = (attempt, step) -> {
      if (attempt == 1 && step == 4) {
        throw new IllegalStateException("worker killed before step 4");
      }
    };
    Path wd = tmp.resolve("killed");
    String killedModel;
    String killedLosses;
    try (Catalog catalog = open(wd)) {
      PipelineResult k = run(setup(wd, art(kind)), catalog, killBeforeStep4, TrainingFault.NONE)
          .result();
      killedModel = k.pretrain().checkpointSha256();
      killedLosses = Files.readString(Path.of(k.pretrain().checkpointPath()).resolveSibling("losses.tsv"));
    }
    List<String> lines = linesOf("pretrain");
    assertTrue(lines.stream().anyMatch(l -> l.contains("resuming from step-0000000002.ckpt (attempt 2)")),
        String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.contains("trained 6 steps (4 in this attempt")),
        String.join("\n", lines));

    // the uninterrupted run ends with the very same model: the resume was exact
    Path clean = tmp.resolve("clean");
    String cleanLosses;
    try (Catalog catalog = open(clean)) {
      PipelineResult c = run(setup(clean, art(kind)), catalog, TrainingFault.NONE, TrainingFault.NONE)
          .result();
      assertEquals(c.pretrain().checkpointSha256(), killedModel);
      cleanLosses = Files.readString(Path.of(c.pretrain().checkpointPath()).resolveSibling("losses.tsv"));
    }
    // and the same loss history: steps 1-2 of the killed attempt were kept with its checkpoint,
    // its step 3 (past the checkpoint) was dropped and reported again by attempt 2
    assertEquals(cleanLosses, killedLosses);

    // negative control: no checkpoint before the kill, so attempt 2 has to start from step 0
    progress.clear();
    Path noCk = tmp.resolve("no-checkpoint");
    try (Catalog catalog = open(noCk)) {
      run(setup(noCk, concat(art(kind), "pretrain.checkpoint_every=100")), catalog, killBeforeStep4, TrainingFault.NONE);
    }
    List<String> control = linesOf("pretrain");
    assertFalse(control.stream().anyMatch(l -> l.contains("resuming")), String.join("\n", control));
    assertTrue(control.stream().anyMatch(l -> l.contains("trained 6 steps (6 in this attempt")),
        String.join("\n", control));
  }

  @Test
  void aFailingStageStopsThePipelineLeavesNothingHalfWrittenAndARerunResumesAfterIt() throws IOException {
    TrainingFault alwaysFails = (attempt, step) -> {
      throw new IllegalStateException("loss is NaN at step " + step);
    };
    Path wd = tmp.resolve("fail");
    RunSetup setup = setup(wd, "finetune.retry.max_attempts=2", "evaluate.qualitative_sequences=0");
    try (Catalog catalog = open(wd)) {
      ReidRunException e = assertThrows(ReidRunException.class,
          () -> run(setup, catalog, TrainingFault.NONE, alwaysFails));
      assertTrue(e.getMessage().contains("stage finetune failed")
          && e.getMessage().contains("loss is NaN at step"), e.getMessage());
      List<StageRecord> recs = new CatalogStageLedger(catalog).listByWorkflow(setup.spec().workflowId());
      assertEquals(6, recs.size());
      for (StageRecord rec : recs) {
        assertEquals(rec.stage() == Stage.FINE_TUNE ? StageStatus.FAILED : StageStatus.FINISHED,
            rec.status(), rec.stage().key());
      }
    }
    Path fineTuneDir = Path.of(setup.spec().artifactDir(Stage.FINE_TUNE,
        setup.spec().stageKeys().get(Stage.FINE_TUNE)));
    assertFalse(Files.exists(fineTuneDir), "a failed stage publishes no artifact directory");
    assertNoStagingLeftovers(wd);

    // the rerun (a new process: fresh Temporal server, catalog reopened) resumes at fine-tune
    try (Catalog catalog = open(wd)) {
      PipelineLauncher.Outcome o = run(setup, catalog, TrainingFault.NONE, TrainingFault.NONE);
      assertEquals(List.of(Stage.DETECT, Stage.PAIR, Stage.PRETRAIN, Stage.LINK_SEQUENCES,
          Stage.META_MINE), o.result().cached());
      assertTrue(Files.isDirectory(fineTuneDir));
      // evaluate.qualitative_sequences=0: no sheets (the default run above has them)
      Path evaluateDir = Path.of(o.result().evaluate().metricsPath()).getParent();
      assertFalse(Files.exists(evaluateDir.resolve("sequences")), evaluateDir.toString());
      assertTrue(Files.isRegularFile(evaluateDir.resolve("metrics.json")));
    }
    assertNotEquals(0, linesOf("finetune").size());
  }

  /** Decodes a PNG artifact, checking its size. */
  private static BufferedImage png(Path file, int width, int height) throws IOException {
    assertTrue(Files.isRegularFile(file), file + " is missing");
    BufferedImage img = ImageIO.read(file.toFile());
    assertTrue(img != null, file + " is not a decodable image");
    assertEquals(width, img.getWidth(), file.toString());
    if (height > 0) {
      assertEquals(height, img.getHeight(), file.toString());
    }
    return img;
  }

  /**
   * The figures of a run: the loss history of both training stages (table with one training-loss
   * point per step, and its plot), listed in the ledger; the validation ROC; the qualitative sheets
   * of the first test sequences (4 panels of the world's 4:3 art at 180 px high); all of them
   * copied to the stage runs' tracked artifacts.
   */
  private void assertPlots(RunSetup setup, PipelineResult r, Path wd) throws IOException {
    Path pretrainDir = Path.of(r.pretrain().checkpointPath()).getParent();
    List<String> losses = Files.readAllLines(pretrainDir.resolve("losses.tsv"));
    assertEquals("step\tseries\tvalue", losses.get(0));
    assertEquals(List.of("1", "2", "3", "4", "5", "6"), losses.stream().skip(1)
        .filter(l -> l.split("\t")[1].equals("loss")).map(l -> l.split("\t")[0]).toList(),
        String.join("\n", losses));
    png(pretrainDir.resolve("losses.png"), 640, 400);
    Path fineTuneDir = Path.of(r.fineTune().checkpointPath()).getParent();
    assertTrue(Files.readAllLines(fineTuneDir.resolve("losses.tsv")).size() > 1);
    png(fineTuneDir.resolve("losses.png"), 640, 400);
    try (Catalog catalog = open(wd)) {
      List<String> listed = new CatalogStageLedger(catalog)
          .find(setup.spec().stageKeys().get(Stage.PRETRAIN)).orElseThrow().artifactPaths();
      assertEquals(List.of(r.pretrain().checkpointPath(), pretrainDir.resolve("losses.tsv").toString(),
          pretrainDir.resolve("losses.png").toString()), listed);
    }
    Path thresholdDir = Path.of(setup.spec().artifactDir(Stage.SELECT_THRESHOLD,
        setup.spec().stageKeys().get(Stage.SELECT_THRESHOLD)));
    png(thresholdDir.resolve("roc.png"), 480, 480);
    Path evaluateDir = Path.of(r.evaluate().metricsPath()).getParent();
    long clustered = Files.readAllLines(Path.of(r.cluster().clustersPath())).stream().skip(1)
        .map(l -> l.split("\t")[0]).distinct().count();
    List<Path> sheets;
    try (Stream<Path> s = Files.list(evaluateDir.resolve("sequences"))) {
      sheets = s.sorted().toList();
    }
    assertTrue(clustered > 0);
    assertEquals(Math.min(8, clustered), sheets.size(), sheets.toString());
    for (Path sheet : sheets) {
      assertTrue(png(sheet, 8 + 4 * (240 + 8), 0).getHeight() > 2 * 180, sheet.toString());
    }
    assertTrue(linesOf("evaluate").stream().anyMatch(l -> l.contains("qualitative sheets of "
        + sheets.size() + " of " + clustered)), linesOf("evaluate").toString());
    // each figure was also logged to its stage's tracked run
    try (Stream<Path> s = Files.walk(wd)) {
      List<String> tracked = s.filter(p -> p.toString().contains("/tracking/"))
          .map(p -> p.getFileName().toString()).toList();
      assertTrue(tracked.contains("roc.png") && tracked.contains("losses.png")
          && tracked.contains("losses.tsv")
          && tracked.contains(sheets.get(0).getFileName().toString()), tracked.toString());
    }
  }

  private static void assertNoStagingLeftovers(Path workdir) throws IOException {
    try (Stream<Path> s = Files.walk(workdir)) {
      List<Path> partial = s.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
      assertEquals(List.of(), partial, "staging directories left behind");
    }
  }
}
