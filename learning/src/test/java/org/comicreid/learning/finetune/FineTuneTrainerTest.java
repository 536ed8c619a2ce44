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
    return new FineTuneSettings(8, 0.05, 0.05, 0.95, epochs, 2, 3, 0.5, 0, 1, mix, 3L, 0);
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
}
