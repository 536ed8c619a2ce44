package org.comicreid.learning.pretrain;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.optim.AdamWOptimizer;

/**
 * Throughput probe of pretraining: full optimiser steps (augmentation, forward, three NT-Xent terms,
 * backward, clipping, AdamW) on random crops, without checkpoints. One warm-up step is not timed.
 * Images per step = 6 × batch (two strong faces, two strong bodies, one weak face, one weak body).
 */
public final class PretrainSpeed {

  private PretrainSpeed() {}

  /**
   * Measured throughput.
   *
   * @param medianSecondsPerStep median wall time of the timed steps
   * @param imagesPerSecond {@code 6 · batch / medianSecondsPerStep}
   */
  public record Speed(double medianSecondsPerStep, double imagesPerSecond) {}

  /** Runs {@code steps} timed steps (plus one warm-up) and reports the median. */
  public static Speed measure(BackboneSpec backbone, int faceSize, int bodySize, int batchSize,
      int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be positive");
    }
    org.comicreid.learning.training.GradMode.offForThisThread();
    PretrainSettings s = PretrainSettings.paper(backbone, faceSize, bodySize, batchSize, 1, 1L);
    Random rnd = new Random(1);
    List<CropPair> batch = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      byte[] f = new byte[faceSize * faceSize * 3];
      byte[] b = new byte[bodySize * bodySize * 3];
      rnd.nextBytes(f);
      rnd.nextBytes(b);
      batch.add(new CropPair("speed_" + i, new CropImage(faceSize, f), new CropImage(bodySize, b)));
    }
    try (NDManager root = NDManager.newBaseManager();
        ReidNetwork net = ReidNetwork.create(backbone, root, 1);
        AdamWOptimizer opt = AdamWOptimizer.create(net.trainableParameters(), root, s.weightDecay())) {
      PretrainStep step = new PretrainStep(s, net, opt);
      step.run(batch, new SplittableRandom(0), s.lr());
      double[] t = new double[steps];
      for (int i = 0; i < steps; i++) {
        long start = System.nanoTime();
        step.run(batch, new SplittableRandom(i + 1), s.lr());
        t[i] = (System.nanoTime() - start) / 1e9;
      }
      Arrays.sort(t);
      double median = steps % 2 == 1 ? t[steps / 2] : (t[steps / 2 - 1] + t[steps / 2]) / 2;
      return new Speed(median, 6.0 * batchSize / median);
    }
  }
}
