package org.comicreid.learning.pretrain;

import org.comicreid.learning.model.BackboneSpec;

/**
 * Settings of identity-aware SimCLR pretraining (paper Appendix E.2, FACTS "Self-supervised
 * pretraining").
 *
 * @param backbone the encoder shared by faces and bodies
 * @param faceSize face crop side (96 in the paper)
 * @param bodySize body crop side (128 in the paper)
 * @param batchSize pairs per step (320 per GPU in the paper)
 * @param epochs epochs; the cosine schedule spans {@code epochs · stepsPerEpoch} steps
 * @param maxSteps stop after this many optimiser steps in total (0 = no cap); does not change the
 *     schedule, so a capped run is a prefix of the uncapped one
 * @param lr peak learning rate (5e-4)
 * @param weightDecay AdamW decoupled weight decay (0.01)
 * @param temperature NT-Xent τ (0.07)
 * @param gradClip global gradient-norm limit (0.5; ≤ 0 disables clipping)
 * @param etaMinDivisor cosine floor is {@code lr / etaMinDivisor} (50)
 * @param checkpointEvery write a checkpoint every this many global steps (0 = only at the end)
 * @param seed base seed of initialisation, shuffling and augmentation
 * @param faceTerm include NT-Xent(strong face, strong face)
 * @param bodyTerm include NT-Xent(strong body, strong body)
 * @param identityTerm include NT-Xent(weak face, weak body); all three = the aligned variant
 */
public record PretrainSettings(BackboneSpec backbone, int faceSize, int bodySize, int batchSize,
    int epochs, int maxSteps, double lr, double weightDecay, double temperature, double gradClip,
    double etaMinDivisor, int checkpointEvery, long seed, boolean faceTerm, boolean bodyTerm,
    boolean identityTerm) {

  /** Validates the values. */
  public PretrainSettings {
    if (backbone == null || faceSize < 1 || bodySize < 1 || batchSize < 1 || epochs < 1
        || maxSteps < 0 || !(lr > 0) || weightDecay < 0 || !(temperature > 0)
        || !(etaMinDivisor >= 1) || checkpointEvery < 0) {
      throw new IllegalArgumentException("invalid pretraining settings: " + backbone + ", sizes "
          + faceSize + "/" + bodySize + ", batch " + batchSize + ", epochs " + epochs
          + ", maxSteps " + maxSteps + ", lr " + lr + ", wd " + weightDecay + ", tau "
          + temperature + ", etaMinDivisor " + etaMinDivisor + ", checkpointEvery " + checkpointEvery);
    }
    if (!faceTerm && !bodyTerm && !identityTerm) {
      throw new IllegalArgumentException("pretraining needs at least one loss term");
    }
  }

  /** The paper's hyper-parameters with the given backbone, sizes, batch, epochs and seed. */
  public static PretrainSettings paper(BackboneSpec backbone, int faceSize, int bodySize,
      int batchSize, int epochs, long seed) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, 0, 5e-4, 0.01,
        0.07, 0.5, 50, 0, seed, true, true, true);
  }

  /** A copy with another step cap. */
  public PretrainSettings withMaxSteps(int steps) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, steps, lr,
        weightDecay, temperature, gradClip, etaMinDivisor, checkpointEvery, seed, faceTerm,
        bodyTerm, identityTerm);
  }

  /** A copy with another checkpoint interval. */
  public PretrainSettings withCheckpointEvery(int every) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, maxSteps, lr,
        weightDecay, temperature, gradClip, etaMinDivisor, every, seed, faceTerm, bodyTerm,
        identityTerm);
  }

  /** A copy with other loss terms (ablations). */
  public PretrainSettings withTerms(boolean face, boolean body, boolean identity) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, maxSteps, lr,
        weightDecay, temperature, gradClip, etaMinDivisor, checkpointEvery, seed, face, body,
        identity);
  }
}
