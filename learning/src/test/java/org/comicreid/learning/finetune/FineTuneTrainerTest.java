package org.comicreid.learning.finetune;

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
import java.util.function.ToDoubleFunction;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.metrics.ReferenceRetrievalEngine;
import org.comicreid.learning.checkpoint.Checkpoints;
import org.comicreid.core.random.Seeds;
import org.comicreid.learning.training.TrainingMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuneTrainerTest {

  static final int D = 16;

  /**
   * Per series two characters of two global kinds: feature dimension 0 is +1 for kind 0 and −1 for
   * kind 1 (separable), every other dimension is N(0, 1) noise. Each instance has a face, a body or
   * both. One mining group per series.
   */
  static FineTuneData data(int seriesCount, int perIdentity, long seed, List<Integer> kinds) {
    Random rnd = new Random(seed);
    List<FineTuneData.Instance> inst = new ArrayList<>();
    List<MiningGroup> groups = new ArrayList<>();
    for (int s = 0; s < seriesCount; s++) {
      String series = "S" + seed + "_" + s;
      List<Integer> idx = new ArrayList<>();
      for (int kind = 0; kind < 2; kind++) {
        for (int k = 0; k < perIdentity; k++) {
          float[] face = feature(rnd, kind);
          float[] body = feature(rnd, kind);
          int parts = rnd.nextInt(3);
          idx.add(inst.size());
          kinds.add(kind);
          inst.add(new FineTuneData.Instance(parts == 1 ? null : face, parts == 2 ? null : body,
              s * 2 + kind, series));
        }
      }
      groups.add(new MiningGroup(series, idx.stream().mapToInt(Integer::intValue).toArray()));
    }
    return new FineTuneData(D, inst, groups);
  }

  static float[] feature(Random rnd, int kind) {
    float[] f = new float[D];
    f[0] = kind == 0 ? 1f : -1f;
    for (int i = 1; i < D; i++) {
      f[i] = (float) rnd.nextGaussian();
    }
    return f;
  }

  static ToDoubleFunction<float[][]> mapAtR(List<Integer> kinds) {
    int[] labels = kinds.stream().mapToInt(Integer::intValue).toArray();
    return emb -> {
      float[] flat = new float[emb.length * emb[0].length];
      for (int i = 0; i < emb.length; i++) {
        System.arraycopy(emb[i], 0, flat, i * emb[0].length, emb[0].length);
      }
      return new ReferenceRetrievalEngine()
          .evaluate(Embeddings.of(flat, emb[0].length, labels), null, false).mapAtR();
    };
  }

  static FineTuneSettings settings(int epochs, boolean mix) {
    return new FineTuneSettings(8, 0.05, 0.05, 0.95, epochs, 2, 3, 0.5,
        org.comicreid.learning.loss.ObjectiveSpec.contrastive(), mix, HeadFusion.SUM, Padding.ZERO,
        0, 3L, 0);
  }

  @Test
  void learnsSeparableIdentitiesAndStopsEarly(@TempDir Path dir) {
    FineTuneData train = data(8, 4, 1, new ArrayList<>());
    List<Integer> valKinds = new ArrayList<>();
    FineTuneData val = data(3, 5, 2, valKinds);
    ToDoubleFunction<float[][]> score = mapAtR(valKinds);
    double untrained;
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead h = IdentityHead.create(D, 8, m, Seeds.derive(3L, 0))) {
      untrained = score.applyAsDouble(h.embed(val));
    }
    FineTuneResult r = FineTuneTrainer.train(settings(60, false), train, score, val, dir,
        Optional.empty(), TrainingMonitor.none());
    assertTrue(r.bestScore() > untrained + 0.15, "best " + r.bestScore() + " vs untrained " + untrained);
    assertTrue(r.bestScore() > 0.95, "best " + r.bestScore());
    assertTrue(Double.isFinite(r.finalLoss()));
    // early stopping: stopped 3 epochs (patience) after the best one, before the 60 allowed
    assertEquals(r.bestEpoch() + 1 + 3, r.epochsRun());
    assertTrue(r.epochsRun() < 60, "ran " + r.epochsRun());
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead best = FineTuneTrainer.loadHead(r.bestCheckpoint(), m)) {
      assertEquals(r.bestScore(), score.applyAsDouble(best.embed(val)), 1e-9);
    }
  }

  /**
   * Temporal runs activities on pooled threads, where PyTorch's grad mode starts ON: training on a
   * fresh thread must still work (the in-place optimiser update failed there before GradMode).
   */
  @Test
  void trainsOnAFreshThreadAfterTheEngineWasLoadedElsewhere(@TempDir Path dir) throws Exception {
    FineTuneData train = data(4, 3, 1, new ArrayList<>());
    List<Integer> valKinds = new ArrayList<>();
    FineTuneData val = data(2, 3, 2, valKinds);
    try (NDManager m = NDManager.newBaseManager()) {
      m.zeros(new ai.djl.ndarray.types.Shape(1)); // the engine is loaded on this thread
    }
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<FineTuneResult> result = new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        result.set(FineTuneTrainer.train(settings(2, false), train, mapAtR(valKinds), val, dir,
            Optional.empty(), TrainingMonitor.none()));
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("training on a fresh thread failed", failure.get());
    }
    assertEquals(2, result.get().epochsRun());
  }

  @Test
  void resumeInsideAnEpochContinuesExactly(@TempDir Path dir) throws Exception {
    FineTuneData train = data(6, 3, 4, new ArrayList<>());
    List<Integer> valKinds = new ArrayList<>();
    FineTuneData val = data(2, 3, 5, valKinds);
    ToDoubleFunction<float[][]> score = mapAtR(valKinds);
    FineTuneResult straight = FineTuneTrainer.train(settings(2, true), train, score, val,
        Files.createDirectories(dir.resolve("a")), Optional.empty(), TrainingMonitor.none());
    Path cut = Files.createDirectories(dir.resolve("b"));
    TrainingMonitor cancelAt4 = new TrainingMonitor() {
      long step;

      @Override
      public void onStep(int e, int s, long g, long t, double l, double lr) {
        step = g;
      }

      @Override
      public void onCheckpoint(Path c, long g) {}

      @Override
      public boolean cancelled() {
        return step >= 4; // 3 batches per epoch: inside epoch 1
      }
    };
    assertThrows(CancellationException.class, () -> FineTuneTrainer.train(settings(2, true), train,
        score, val, cut, Optional.empty(), cancelAt4));
    FineTuneResult resumed = FineTuneTrainer.train(settings(2, true), train, score, val, cut,
        Checkpoints.latest(cut), TrainingMonitor.none());
    assertEquals(straight.epochsRun(), resumed.epochsRun());
    assertEquals(straight.finalLoss(), resumed.finalLoss(), 1e-6);
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead a = FineTuneTrainer.loadHead(Checkpoints.latest(dir.resolve("a")).orElseThrow(), m);
        IdentityHead b = FineTuneTrainer.loadHead(Checkpoints.latest(cut).orElseThrow(), m)) {
      float[][] ea = a.embed(val);
      float[][] eb = b.embed(val);
      for (int i = 0; i < ea.length; i++) {
        assertArrayEquals(ea[i], eb[i], 1e-6f);
      }
      // control: mix-series changes training (other pairs), so its head differs
      Path c = Files.createDirectories(dir.resolve("c"));
      FineTuneTrainer.train(settings(2, false), train, score, val, c, Optional.empty(),
          TrainingMonitor.none());
      try (IdentityHead noMix = FineTuneTrainer.loadHead(Checkpoints.latest(c).orElseThrow(), m)) {
        float[][] en = noMix.embed(val);
        double diff = 0;
        for (int i = 0; i < ea.length; i++) {
          for (int k = 0; k < ea[i].length; k++) {
            diff = Math.max(diff, Math.abs(ea[i][k] - en[i][k]));
          }
        }
        assertTrue(diff > 1e-4, "mix-series made no difference: " + diff);
      }
    }
  }

  /** Every trainable parameter of a checkpoint's head, flattened in order. */
  static float[] weights(Path checkpoint) {
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead h = FineTuneTrainer.loadHead(checkpoint, m)) {
      List<Float> all = new ArrayList<>();
      for (ai.djl.nn.Parameter p : h.trainableParameters()) {
        for (float v : p.getArray().toFloatArray()) {
          all.add(v);
        }
      }
      float[] out = new float[all.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = all.get(i);
      }
      return out;
    }
  }

  static double maxDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }

  static Path latest(Path dir) throws java.io.IOException {
    return Checkpoints.latest(dir).orElseThrow();
  }

  @Test
  void trainablePaddingAndFusionParametersTrainWhileZeroPaddingStaysZero(@TempDir Path dir)
      throws Exception {
    FineTuneData train = data(4, 3, 1, new ArrayList<>());
    List<Integer> valKinds = new ArrayList<>();
    FineTuneData val = data(2, 3, 2, valKinds);
    assertTrue(train.instances().stream().anyMatch(i -> i.face() == null)
        && train.instances().stream().anyMatch(i -> i.body() == null), "data lacks missing parts");
    FineTuneSettings ws = settings(2, false).withHead(HeadFusion.WEIGHTED_SUM, Padding.TRAINABLE);
    Path a = Files.createDirectories(dir.resolve("ws"));
    FineTuneTrainer.train(ws, train, mapAtR(valKinds), val, a, Optional.empty(), TrainingMonitor.none());
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead h = FineTuneTrainer.loadHead(latest(a), m)) {
      assertEquals(HeadFusion.WEIGHTED_SUM, h.fusion());
      assertEquals(Padding.TRAINABLE, h.padding());
      for (ai.djl.nn.Parameter p : List.of(h.facePadding().orElseThrow(), h.bodyPadding().orElseThrow(),
          h.fusionParameter().orElseThrow())) {
        float[] v = p.getArray().toFloatArray();
        double max = 0;
        for (float x : v) {
          max = Math.max(max, Math.abs(x));
        }
        assertTrue(max > 1e-4, p.getName() + " did not move from its zero start: " + max);
      }
      assertEquals(8, h.embed(val)[0].length);
    }

    // zero padding: no padding parameter, and a face-only instance embeds as L2(W·face + 2b)
    Path z = Files.createDirectories(dir.resolve("zero"));
    FineTuneTrainer.train(settings(2, false), train, mapAtR(valKinds), val, z, Optional.empty(),
        TrainingMonitor.none());
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead h = FineTuneTrainer.loadHead(latest(z), m)) {
      assertTrue(h.facePadding().isEmpty() && h.bodyPadding().isEmpty());
      float[] w = h.linearParameters().get(0).getArray().toFloatArray(); // (8, D)
      float[] b = h.linearParameters().get(1).getArray().toFloatArray();
      FineTuneData.Instance faceOnly = train.instances().stream().filter(i -> i.body() == null)
          .findFirst().orElseThrow();
      double[] e = new double[8];
      double norm = 0;
      for (int k = 0; k < 8; k++) {
        e[k] = 2 * b[k];
        for (int j = 0; j < D; j++) {
          e[k] += w[k * D + j] * faceOnly.face()[j];
        }
        norm += e[k] * e[k];
      }
      float[] got = h.embed(List.of(faceOnly))[0];
      for (int k = 0; k < 8; k++) {
        assertEquals(e[k] / Math.sqrt(norm), got[k], 1e-5);
      }
    }

    // coefficient sum and concat train too, and keep out_dim
    for (HeadFusion f : List.of(HeadFusion.COEFFICIENT_SUM, HeadFusion.CONCAT)) {
      Path c = Files.createDirectories(dir.resolve(f.key()));
      FineTuneTrainer.train(settings(1, false).withHead(f, Padding.ZERO), train, mapAtR(valKinds),
          val, c, Optional.empty(), TrainingMonitor.none());
      try (NDManager m = NDManager.newBaseManager();
          IdentityHead h = FineTuneTrainer.loadHead(latest(c), m)) {
        assertEquals(f, h.fusion());
        assertEquals(8, h.embed(val)[0].length);
        if (f == HeadFusion.COEFFICIENT_SUM) {
          float[] cs = h.fusionParameter().orElseThrow().getArray().toFloatArray();
          assertTrue(Math.abs(cs[0] - cs[1]) > 1e-5, "coefficients did not move: " + cs[0] + " " + cs[1]);
        } else {
          assertEquals(2L * D, h.linearParameters().get(0).getArray().getShape().get(1));
        }
      }
    }
  }

  @Test
  void theObjectiveGetsTheBatchRowsTheirLabelsAndTheGroups(@TempDir Path dir) throws Exception {
    FineTuneData train = data(4, 3, 7, new ArrayList<>());
    List<Integer> valKinds = new ArrayList<>();
    FineTuneData val = data(2, 3, 8, valKinds);
    org.comicreid.learning.loss.Objective contrastive = org.comicreid.learning.loss.Objective.create(
        org.comicreid.learning.loss.ObjectiveSpec.contrastive());
    List<String> calls = new ArrayList<>();
    org.comicreid.learning.loss.Objective recording = (emb, labels, groups) -> {
      assertEquals(labels.length, emb.getShape().get(0));
      assertEquals(8, emb.getShape().get(1));
      // two series per batch, one group each, 6 instances of 2 identities + 1 mixed-in instance
      assertEquals(2, groups.size());
      java.util.Set<Integer> rows = new java.util.HashSet<>();
      for (int[] g : groups) {
        assertEquals(7, g.length);
        java.util.Map<Integer, Integer> count = new java.util.TreeMap<>();
        for (int r : g) {
          rows.add(r);
          count.merge(labels[r], 1, Integer::sum);
        }
        // its own two characters three times each, the mixed-in instance of another series once
        assertEquals(List.of(1, 3, 3), count.values().stream().sorted().toList(), count.toString());
      }
      assertEquals(labels.length, rows.size(), "rows that no group uses");
      calls.add(java.util.Arrays.toString(labels));
      return contrastive.compute(emb, labels, groups);
    };
    FineTuneSettings s = settings(1, true);
    Path a = Files.createDirectories(dir.resolve("recorded"));
    FineTuneTrainer.train(s, recording, train, mapAtR(valKinds), val, a, Optional.empty(),
        TrainingMonitor.none());
    assertEquals(2, calls.size());
    // the recorded run is the plain contrastive run
    Path b = Files.createDirectories(dir.resolve("plain"));
    FineTuneTrainer.train(s, train, mapAtR(valKinds), val, b, Optional.empty(), TrainingMonitor.none());
    assertEquals(0.0, maxDiff(weights(latest(a)), weights(latest(b))));
    // another objective (other contrastive margins) trains other weights
    Path c = Files.createDirectories(dir.resolve("margins"));
    org.comicreid.learning.loss.ObjectiveSpec o = org.comicreid.learning.loss.ObjectiveSpec.contrastive();
    FineTuneTrainer.train(s.withObjective(new org.comicreid.learning.loss.ObjectiveSpec(o.loss(),
        o.miner(), o.distance(), 0.3, 0.6, o.tripletMargin(), o.msAlpha(), o.msBeta(), o.msBase(),
        o.minerEpsilon(), o.tupletMarginDegrees(), o.tupletScale(), o.ipvEpsilon(), o.tupletWeight(),
        o.ipvWeight())), train, mapAtR(valKinds), val, c, Optional.empty(), TrainingMonitor.none());
    assertTrue(maxDiff(weights(latest(b)), weights(latest(c))) > 1e-4, "the margins had no effect");
    // an objective that finds nothing: every batch is skipped, the head stays as initialised
    Path d = Files.createDirectories(dir.resolve("nothing"));
    FineTuneResult r = FineTuneTrainer.train(s, (emb, labels, groups) -> Optional.empty(), train,
        mapAtR(valKinds), val, d, Optional.empty(), TrainingMonitor.none());
    assertTrue(Double.isNaN(r.finalLoss()));
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead init = IdentityHead.create(D, 8, m, Seeds.derive(3L, 0));
        IdentityHead after = FineTuneTrainer.loadHead(latest(d), m)) {
      assertArrayEquals(init.linearParameters().get(0).getArray().toFloatArray(),
          after.linearParameters().get(0).getArray().toFloatArray(), 0f);
    }
  }

  @Test
  void maskedTrainingResumesExactlyAndDependsOnTheSeed(@TempDir Path dir) throws Exception {
    FineTuneData train = data(6, 3, 4, new ArrayList<>());
    List<Integer> valKinds = new ArrayList<>();
    FineTuneData val = data(2, 3, 5, valKinds);
    ToDoubleFunction<float[][]> score = mapAtR(valKinds);
    FineTuneSettings s = settings(2, true).withHead(HeadFusion.WEIGHTED_SUM, Padding.TRAINABLE)
        .withMaskP(0.5);
    Path a = Files.createDirectories(dir.resolve("a"));
    FineTuneResult straight = FineTuneTrainer.train(s, train, score, val, a, Optional.empty(),
        TrainingMonitor.none());
    Path cut = Files.createDirectories(dir.resolve("b"));
    TrainingMonitor cancelAt4 = new TrainingMonitor() {
      long step;

      @Override
      public void onStep(int e, int st, long g, long t, double l, double lr) {
        step = g;
      }

      @Override
      public void onCheckpoint(Path c, long g) {}

      @Override
      public boolean cancelled() {
        return step >= 4; // 3 batches per epoch: inside epoch 1
      }
    };
    assertThrows(CancellationException.class,
        () -> FineTuneTrainer.train(s, train, score, val, cut, Optional.empty(), cancelAt4));
    FineTuneResult resumed = FineTuneTrainer.train(s, train, score, val, cut, Checkpoints.latest(cut),
        TrainingMonitor.none());
    assertEquals(straight.epochsRun(), resumed.epochsRun());
    assertEquals(straight.finalLoss(), resumed.finalLoss(), 1e-6);
    float[] wa = weights(latest(a));
    assertEquals(0.0, maxDiff(wa, weights(latest(cut))), 1e-6, "the resumed run differs");
    // controls: no masking, and another seed, both train other weights
    Path noMask = Files.createDirectories(dir.resolve("no-mask"));
    FineTuneTrainer.train(s.withMaskP(0), train, score, val, noMask, Optional.empty(),
        TrainingMonitor.none());
    assertTrue(maxDiff(wa, weights(latest(noMask))) > 1e-4, "masking made no difference");
    Path seed = Files.createDirectories(dir.resolve("seed"));
    FineTuneTrainer.train(s.withSeed(4L), train, score, val, seed, Optional.empty(),
        TrainingMonitor.none());
    assertTrue(maxDiff(wa, weights(latest(seed))) > 1e-4, "another seed made no difference");
    // a checkpoint of another head kind is refused
    assertThrows(IllegalArgumentException.class, () -> FineTuneTrainer.train(
        s.withHead(HeadFusion.SUM, Padding.TRAINABLE), train, score, val, cut,
        Checkpoints.latest(cut), TrainingMonitor.none()));
  }
}
