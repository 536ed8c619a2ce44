package org.comicreid.learning.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.comicreid.learning.checkpoint.Checkpoint;
import org.comicreid.learning.checkpoint.Checkpoints;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.embed.FeatureExtractor;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.training.Params;
import org.comicreid.core.random.Seeds;
import org.comicreid.learning.training.TrainingMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainTrainerTest {

  static final BackboneSpec TINY = new BackboneSpec("tiny", 8, true);

  static CropImage crop(Random rnd, int size) {
    byte[] b = new byte[size * size * 3];
    rnd.nextBytes(b);
    return new CropImage(size, b);
  }

  static List<CropPair> pairs(int n, long seed) {
    Random rnd = new Random(seed);
    List<CropPair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new CropPair("s_" + i, crop(rnd, 16), crop(rnd, 20)));
    }
    return out;
  }

  /** 8 pairs, batch 4, 2 epochs: 4 steps; no validation. */
  static PretrainSettings settings() {
    return PretrainSettings.paper(TINY, 16, 20, 4, 2, 7L).withValidation(0, 1);
  }

  static List<float[]> params(Path checkpoint) throws Exception {
    try (NDManager m = NDManager.newBaseManager();
        ReidNetwork net = ReidNetwork.create(TINY, m, 99)) {
      Checkpoint.read(checkpoint, net::load, null);
      return Params.snapshot(net.block());
    }
  }

  /** Cancels once the global step reaches {@code at}. */
  static class CancelAt implements TrainingMonitor {
    final long at;
    long step;
    final List<Path> checkpoints = new ArrayList<>();

    CancelAt(long at) {
      this.at = at;
    }

    @Override
    public void onStep(int epoch, int s, long globalStep, long totalSteps, double loss, double lr) {
      step = globalStep;
    }

    @Override
    public void onCheckpoint(Path checkpoint, long globalStep) {
      checkpoints.add(checkpoint);
    }

    @Override
    public boolean cancelled() {
      return step >= at;
    }
  }

  @Test
  void twoBatchSmokeRunChangesParameters(@TempDir Path dir) throws Exception {
    PretrainResult r = PretrainTrainer.train(settings().withMaxSteps(2), pairs(8, 1), dir,
        Optional.empty(), TrainingMonitor.none());
    assertEquals(2, r.steps());
    assertEquals(2, r.lossPerStep().size());
    for (double l : r.lossPerStep()) {
      assertTrue(Double.isFinite(l) && l > 0, "loss " + l);
    }
    List<float[]> init;
    try (NDManager m = NDManager.newBaseManager();
        ReidNetwork net = ReidNetwork.create(TINY, m, Seeds.derive(7L, 0))) {
      init = Params.snapshot(net.block());
    }
    assertTrue(Params.maxAbsDiff(init, params(r.finalCheckpoint())) > 1e-4);
  }

  @Test
  void theConfiguredAugmentationsAreTheOnesTrainedWith(@TempDir Path dir) throws Exception {
    List<CropPair> data = pairs(8, 1);
    PretrainSettings s = settings().withMaxSteps(1);
    PretrainResult paper = PretrainTrainer.train(s, data, dir.resolve("paper"), Optional.empty(),
        TrainingMonitor.none());
    PretrainResult same = PretrainTrainer.train(s.withAugmentations(
        org.comicreid.learning.augment.PretrainAugmentations.fromConfig(java.util.Map.of())), data,
        dir.resolve("same"), Optional.empty(), TrainingMonitor.none());
    PretrainResult noBlur = PretrainTrainer.train(s.withAugmentations(
        org.comicreid.learning.augment.PretrainAugmentations.fromConfig(
            java.util.Map.of("augment.strong.blur_p", "0"))), data, dir.resolve("noblur"),
        Optional.empty(), TrainingMonitor.none());
    assertEquals(paper.lossPerStep(), same.lossPerStep());
    assertEquals(0.0, Params.maxAbsDiff(params(paper.finalCheckpoint()), params(same.finalCheckpoint())));
    assertTrue(Math.abs(paper.lossPerStep().get(0) - noBlur.lossPerStep().get(0)) > 1e-6,
        paper.lossPerStep() + " vs " + noBlur.lossPerStep());
  }

  @Test
  void resumedRunContinuesExactlyAndAFreshShortRunDoesNot(@TempDir Path dir) throws Exception {
    List<CropPair> data = pairs(8, 2);
    Path straightDir = Files.createDirectories(dir.resolve("straight"));
    PretrainResult straight = PretrainTrainer.train(settings(), data, straightDir, Optional.empty(),
        TrainingMonitor.none());
    assertEquals(4, straight.steps());
    assertEquals(2, straight.epochs());

    Path cutDir = Files.createDirectories(dir.resolve("cut"));
    CancelAt cancel = new CancelAt(2);
    assertThrows(CancellationException.class, () ->
        PretrainTrainer.train(settings(), data, cutDir, Optional.empty(), cancel));
    Path ckpt = Checkpoints.latest(cutDir).orElseThrow();
    assertEquals(List.of(ckpt), cancel.checkpoints);
    Checkpoint header = Checkpoint.readHeader(ckpt);
    assertEquals(2, header.globalStep());
    assertEquals(1, header.epoch()); // step 2 ended epoch 0
    assertEquals(0, header.stepInEpoch());

    PretrainResult resumed = PretrainTrainer.train(settings(), data, cutDir, Optional.of(ckpt),
        TrainingMonitor.none());
    assertEquals(4, resumed.steps());
    assertEquals(2, resumed.lossPerStep().size());
    assertEquals(straight.lossPerStep().get(2), resumed.lossPerStep().get(0), 1e-5);
    assertEquals(straight.lossPerStep().get(3), resumed.lossPerStep().get(1), 1e-5);
    double diff = Params.maxAbsDiff(params(straight.finalCheckpoint()), params(resumed.finalCheckpoint()));
    assertTrue(diff <= 1e-5, "resumed parameters differ by " + diff);

    // negative control: two steps from the start (no checkpoint) do not reach the same point
    Path freshDir = Files.createDirectories(dir.resolve("fresh"));
    PretrainResult fresh = PretrainTrainer.train(settings().withMaxSteps(2), data, freshDir,
        Optional.empty(), TrainingMonitor.none());
    double control = Params.maxAbsDiff(params(straight.finalCheckpoint()), params(fresh.finalCheckpoint()));
    assertTrue(control > 1e-3, "control differs by only " + control);
  }

  @Test
  void checkpointRoundTripGivesIdenticalForwardOutputs(@TempDir Path dir) throws Exception {
    PretrainResult r = PretrainTrainer.train(settings().withMaxSteps(1), pairs(8, 3), dir,
        Optional.empty(), TrainingMonitor.none());
    List<CropImage> crops = new ArrayList<>();
    Random rnd = new Random(5);
    for (int i = 0; i < 5; i++) {
      crops.add(crop(rnd, 16));
    }
    crops.add(crop(rnd, 20));
    try (FeatureExtractor a = FeatureExtractor.load(r.finalCheckpoint());
        FeatureExtractor b = FeatureExtractor.load(r.finalCheckpoint())) {
      FeatureExtractor.Features fa = a.extract(crops, 2);
      FeatureExtractor.Features fb = b.extract(crops, 4);
      assertEquals(64, fa.middle()[0].length);
      assertEquals(ReidNetwork.PROJECTION_DIM, fa.head()[5].length);
      for (int i = 0; i < crops.size(); i++) {
        assertArrayEquals(fa.middle()[i], fb.middle()[i], 1e-6f);
        assertArrayEquals(fa.head()[i], fb.head()[i], 1e-6f);
        double norm = 0;
        for (float v : fa.head()[i]) {
          norm += v * v;
        }
        assertEquals(1.0, norm, 1e-5);
      }
      // and a differently initialised network gives other outputs (the load is not a no-op)
      try (NDManager m = NDManager.newBaseManager();
          ReidNetwork other = ReidNetwork.create(TINY, m, 12345)) {
        assertTrue(Params.maxAbsDiff(Params.snapshot(other.block()), params(r.finalCheckpoint())) > 1e-3);
      }
    }
  }

  @Test
  void variantsChangeTheLossAndTheDefaultIsAligned(@TempDir Path dir) throws Exception {
    List<CropPair> data = pairs(8, 4);
    PretrainSettings all = settings().withMaxSteps(1);
    assertEquals(PretrainVariant.ALIGNED, all.variant());
    double lAll = PretrainTrainer.train(all, data, Files.createDirectories(dir.resolve("a")),
        Optional.empty(), TrainingMonitor.none()).finalLoss();
    double lNoId = PretrainTrainer.train(all.withVariant(PretrainVariant.UNALIGNED), data,
        Files.createDirectories(dir.resolve("b")), Optional.empty(), TrainingMonitor.none()).finalLoss();
    double lFace = PretrainTrainer.train(all.withVariant(PretrainVariant.FACE), data,
        Files.createDirectories(dir.resolve("c")), Optional.empty(), TrainingMonitor.none()).finalLoss();
    // batch norm sees different batches per variant, so the terms are not exactly additive
    assertTrue(lNoId < lAll - 0.5 && lFace < lNoId - 0.5, lAll + " " + lNoId + " " + lFace);
  }

  /** Records validations and checkpoints, never cancels before {@code at}. */
  static final class Recorder extends CancelAt {
    final java.util.Map<Long, java.util.Map<String, Double>> validations = new java.util.TreeMap<>();

    Recorder(long at) {
      super(at);
    }

    @Override
    public void onValidation(int epoch, long globalStep, java.util.Map<String, Double> metrics) {
      validations.put(globalStep, metrics);
    }
  }

  /** A fifth of the pairs held out, batch 3, 2 epochs, validation every epoch. */
  static PretrainSettings validated(PretrainVariant v) {
    return PretrainSettings.paper(TINY, 16, 20, 3, 2, 7L).withVariant(v).withValidation(0.2, 1);
  }

  /** The aligned variant's exact resume is checked above (without validation). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = PretrainVariant.class, names = {"FACE", "SEPARATE"})
  void everyVariantResumesToTheSameBytesAndAnotherSeedDoesNot(PretrainVariant v, @TempDir Path dir)
      throws Exception {
    List<CropPair> data = pairs(12, 21);
    PretrainSettings s = validated(v);
    PretrainTrainer.Split split = PretrainTrainer.split(data, s.seed(), s.valFraction());
    assertTrue(split.validation().size() >= 2, "precondition: a validation set");
    PretrainResult straight = PretrainTrainer.train(s, data, Files.createDirectories(dir.resolve("a")),
        Optional.empty(), TrainingMonitor.none());
    long steps = 2L * PretrainTrainer.stepsPerEpoch(split.train().size(), 3);
    assertTrue(steps >= 4, "precondition: a cut inside the run, " + steps + " steps");
    assertEquals(steps, straight.steps());
    assertEquals(v.key(), Checkpoint.readHeader(straight.finalCheckpoint()).attributes().get("variant"));

    Path cutDir = Files.createDirectories(dir.resolve("cut"));
    long at = steps / 2 + 1; // inside the run, after at least one validation
    assertThrows(CancellationException.class, () ->
        PretrainTrainer.train(s, data, cutDir, Optional.empty(), new CancelAt(at)));
    Path ckpt = Checkpoints.latest(cutDir).orElseThrow();
    assertEquals(at, Checkpoint.readHeader(ckpt).globalStep());
    PretrainResult resumed = PretrainTrainer.train(s, data, cutDir, Optional.of(ckpt),
        TrainingMonitor.none());
    assertEquals(-1L, Files.mismatch(straight.finalCheckpoint(), resumed.finalCheckpoint()),
        "final checkpoints (weights, optimiser, counters) are byte-identical");
    assertEquals(-1L, Files.mismatch(straight.bestCheckpoint(), resumed.bestCheckpoint()));
    assertEquals(straight.bestStep(), resumed.bestStep());
    assertEquals(straight.bestMetrics(), resumed.bestMetrics());

    // negative control: another seed trains other weights
    PretrainResult other = PretrainTrainer.train(s.withSeed(8L).withMaxSteps(1), data,
        Files.createDirectories(dir.resolve("other")), Optional.empty(), TrainingMonitor.none());
    try (NDManager m = NDManager.newBaseManager();
        org.comicreid.learning.model.PartNetworks a = PretrainTrainer.load(straight.finalCheckpoint(), m);
        org.comicreid.learning.model.PartNetworks b = PretrainTrainer.load(other.finalCheckpoint(), m)) {
      assertTrue(Params.maxAbsDiff(Params.snapshot(a.body().block()), Params.snapshot(b.body().block())) > 1e-3);
    }
  }

  @Test
  void theBestCheckpointIsTheModelWithTheLowestValidationLoss(@TempDir Path dir) throws Exception {
    List<CropPair> data = pairs(14, 22);
    PretrainSettings s = new PretrainSettings(TINY, 16, 20, 4, 6, 0, 0.05, 0.01, 0.07, 0.5, 50, 1,
        7L, PretrainVariant.ALIGNED, 0.3, 1);
    Recorder rec = new Recorder(Long.MAX_VALUE);
    PretrainResult r = PretrainTrainer.train(s, data, dir, Optional.empty(), rec);
    long argmin = -1;
    double min = Double.POSITIVE_INFINITY;
    for (var e : rec.validations.entrySet()) {
      if (e.getValue().get("ssl_val.loss") < min) {
        min = e.getValue().get("ssl_val.loss");
        argmin = e.getKey();
      }
    }
    assertEquals(6, rec.validations.size(), "one validation per epoch");
    assertTrue(argmin != r.steps(), "precondition: the last model is not the best");
    assertEquals(argmin, r.bestStep());
    assertEquals(rec.validations.get(argmin), r.bestMetrics());
    Checkpoint best = Checkpoint.readHeader(r.bestCheckpoint());
    assertEquals(PretrainTrainer.BEST_KIND, best.kind());
    assertEquals(min, best.bestMetric());
    assertEquals(argmin, best.globalStep());
    assertEquals(r.bestMetrics(), PretrainTrainer.bestMetricsOf(best));
    assertEquals(r.bestCheckpoint(), r.selectedCheckpoint());
    // best.ckpt holds the weights of that step, not the last ones
    List<float[]> bestParams = params(r.bestCheckpoint());
    assertEquals(0.0, Params.maxAbsDiff(bestParams, params(Checkpoints.forStep(dir, argmin))));
    assertTrue(Params.maxAbsDiff(bestParams, params(r.finalCheckpoint())) > 1e-4);
    // the resumable checkpoints carry the validation state
    Checkpoint last = Checkpoint.readHeader(r.finalCheckpoint());
    assertEquals(min, last.bestMetric());
    assertEquals(Long.toString(argmin), last.attributes().get("bestStep"));
    assertEquals(Long.toString(r.steps()), last.attributes().get("lastValStep"));
    // the final model's own validation (for pretrain.select=last) is the last one recorded
    assertEquals(rec.validations.get((long) r.steps()), r.lastMetrics());
    assertTrue(r.lastMetrics().get("ssl_val.loss") > r.bestMetrics().get("ssl_val.loss"));
    // resuming from the finished run validates the final model again, with the same numbers
    PretrainResult again = PretrainTrainer.train(s, data, dir, Optional.of(r.finalCheckpoint()),
        TrainingMonitor.none());
    assertEquals(r.lastMetrics(), again.lastMetrics());
    assertEquals(r.bestStep(), again.bestStep());
  }

  @Test
  void withoutValidationTheLastModelIsSelected(@TempDir Path dir) throws Exception {
    PretrainResult r = PretrainTrainer.train(settings().withMaxSteps(1), pairs(8, 6), dir,
        Optional.empty(), TrainingMonitor.none());
    assertEquals(null, r.bestCheckpoint());
    assertEquals(r.finalCheckpoint(), r.selectedCheckpoint());
    assertEquals(8, r.trainPairs());
    assertEquals(0, r.validationPairs());
    assertTrue(r.bestMetrics().isEmpty());
  }

  @Test
  void aGpuRequestOnThisBuildTrainsOnTheCpuFallback(@TempDir Path dir) throws Exception {
    org.comicreid.learning.device.DeviceSelection.Choice c =
        org.comicreid.learning.device.DeviceSelection.select("gpu");
    org.junit.jupiter.api.Assumptions.assumeTrue(c.fallback(), "this build sees a GPU");
    assertEquals(ai.djl.Device.cpu(), c.device());
    List<CropPair> data = pairs(8, 7);
    PretrainResult viaChoice = PretrainTrainer.train(settings().withMaxSteps(1), data,
        Files.createDirectories(dir.resolve("a")), Optional.empty(), TrainingMonitor.none(), c.device());
    PretrainResult cpu = PretrainTrainer.train(settings().withMaxSteps(1), data,
        Files.createDirectories(dir.resolve("b")), Optional.empty(), TrainingMonitor.none(),
        ai.djl.Device.cpu());
    assertEquals(-1L, Files.mismatch(viaChoice.finalCheckpoint(), cpu.finalCheckpoint()));
  }
}
