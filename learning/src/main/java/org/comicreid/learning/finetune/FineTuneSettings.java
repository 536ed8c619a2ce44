package org.comicreid.learning.finetune;

import org.comicreid.learning.loss.ObjectiveSpec;

/**
 * Settings of metric-learning fine-tuning (paper F.6 and Appendix G, FACTS "Fine-tuning").
 *
 * @param outDim embedding dimension of the identity head (256), for every fusion
 * @param lr AdamW learning rate (7.5e-4)
 * @param weightDecay AdamW decoupled weight decay (0.05)
 * @param gamma ExponentialLR factor per epoch (0.95)
 * @param epochs maximum epochs (20)
 * @param seriesPerBatch series per batch (16)
 * @param patience epochs without a validation improvement before stopping (5)
 * @param gradClip global gradient-norm limit (0.5; ≤ 0 disables)
 * @param objective loss and miner applied inside the mining groups (contrastive, no miner)
 * @param mixSeries add one random instance of every other series in the batch to each mining
 *     group (training only)
 * @param fusion how face and body are joined (sum)
 * @param padding what replaces a missing part (zero)
 * @param maskP probability that a two-part training instance has one part masked (0)
 * @param seed base seed (initialisation, series order, mix-series and masking draws)
 * @param checkpointEvery write a resumable checkpoint every this many steps, besides the one at
 *     the end of every epoch (0 = epoch ends only)
 */
public record FineTuneSettings(int outDim, double lr, double weightDecay, double gamma, int epochs,
    int seriesPerBatch, int patience, double gradClip, ObjectiveSpec objective, boolean mixSeries,
    HeadFusion fusion, Padding padding, double maskP, long seed, int checkpointEvery) {

  /** Validates the values; messages name the config key and the bad value. */
  public FineTuneSettings {
    check(outDim >= 1, "finetune.out_dim", outDim);
    check(lr > 0, "finetune.lr", lr);
    check(weightDecay >= 0, "finetune.weight_decay", weightDecay);
    check(gamma > 0, "finetune.gamma", gamma);
    check(epochs >= 1, "finetune.epochs", epochs);
    check(seriesPerBatch >= 1, "finetune.series_per_batch", seriesPerBatch);
    check(patience >= 1, "finetune.patience", patience);
    check(checkpointEvery >= 0, "checkpointEvery", checkpointEvery);
    if (objective == null || fusion == null || padding == null) {
      throw new IllegalArgumentException("fine-tuning settings need an objective, a fusion and a"
          + " padding (finetune.loss, finetune.fusion, finetune.padding)");
    }
    RandomMasking.check(maskP);
  }

  private static void check(boolean ok, String key, Object value) {
    if (!ok) {
      throw new IllegalArgumentException("invalid fine-tuning setting " + key + " = " + value);
    }
  }

  /** The paper's final configuration (contrastive loss, mix-series on, sum, zero padding). */
  public static FineTuneSettings paper(long seed) {
    return new FineTuneSettings(256, 7.5e-4, 0.05, 0.95, 20, 16, 5, 0.5,
        ObjectiveSpec.contrastive(), true, HeadFusion.SUM, Padding.ZERO, 0, seed, 0);
  }

  /** A copy with another objective. */
  public FineTuneSettings withObjective(ObjectiveSpec o) {
    return new FineTuneSettings(outDim, lr, weightDecay, gamma, epochs, seriesPerBatch, patience,
        gradClip, o, mixSeries, fusion, padding, maskP, seed, checkpointEvery);
  }

  /** A copy with another fusion and padding. */
  public FineTuneSettings withHead(HeadFusion f, Padding p) {
    return new FineTuneSettings(outDim, lr, weightDecay, gamma, epochs, seriesPerBatch, patience,
        gradClip, objective, mixSeries, f, p, maskP, seed, checkpointEvery);
  }

  /** A copy with another masking probability. */
  public FineTuneSettings withMaskP(double p) {
    return new FineTuneSettings(outDim, lr, weightDecay, gamma, epochs, seriesPerBatch, patience,
        gradClip, objective, mixSeries, fusion, padding, p, seed, checkpointEvery);
  }

  /** A copy with another seed. */
  public FineTuneSettings withSeed(long s) {
    return new FineTuneSettings(outDim, lr, weightDecay, gamma, epochs, seriesPerBatch, patience,
        gradClip, objective, mixSeries, fusion, padding, maskP, s, checkpointEvery);
  }
}
