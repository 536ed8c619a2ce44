package org.comicreid.learning.finetune;

/**
 * Settings of metric-learning fine-tuning (paper F.6, FACTS "Fine-tuning").
 *
 * @param outDim embedding dimension of the identity head (256)
 * @param lr AdamW learning rate (7.5e-4)
 * @param weightDecay AdamW decoupled weight decay (0.05)
 * @param gamma ExponentialLR factor per epoch (0.95)
 * @param epochs maximum epochs (20)
 * @param seriesPerBatch series per batch (16)
 * @param patience epochs without a validation improvement before stopping (5)
 * @param gradClip global gradient-norm limit (0.5; ≤ 0 disables)
 * @param posMargin contrastive positive margin (0)
 * @param negMargin contrastive negative margin (1)
 * @param mixSeries add one random instance of every other series in the batch to each mining
 *     group (training only)
 * @param seed base seed (initialisation, series order, mix-series draws)
 * @param checkpointEvery write a resumable checkpoint every this many steps, besides the one at
 *     the end of every epoch (0 = epoch ends only)
 */
public record FineTuneSettings(int outDim, double lr, double weightDecay, double gamma, int epochs,
    int seriesPerBatch, int patience, double gradClip, double posMargin, double negMargin,
    boolean mixSeries, long seed, int checkpointEvery) {

  /** Validates the values. */
  public FineTuneSettings {
    if (outDim < 1 || !(lr > 0) || weightDecay < 0 || !(gamma > 0) || epochs < 1
        || seriesPerBatch < 1 || patience < 1 || checkpointEvery < 0) {
      throw new IllegalArgumentException("invalid fine-tuning settings: outDim " + outDim + ", lr "
          + lr + ", wd " + weightDecay + ", gamma " + gamma + ", epochs " + epochs
          + ", seriesPerBatch " + seriesPerBatch + ", patience " + patience
          + ", checkpointEvery " + checkpointEvery);
    }
  }

  /** The paper's final configuration (contrastive loss, mix-series on). */
  public static FineTuneSettings paper(long seed) {
    return new FineTuneSettings(256, 7.5e-4, 0.05, 0.95, 20, 16, 5, 0.5, 0, 1, true, seed, 0);
  }
}
