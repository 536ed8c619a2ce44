package org.comicreid.learning.pretrain;

import java.util.Objects;
import org.comicreid.learning.augment.PretrainAugmentations;
import org.comicreid.learning.model.BackboneSpec;

/**
 * Settings of identity-aware SimCLR pretraining (paper Appendix E.2, FACTS "Self-supervised
 * pretraining") and of its self-supervised validation (FACTS "Self-supervised metrics (Table 3)",
 * "Model selection").
 *
 * @param backbone the encoder (shared by faces and bodies, or one per part for {@code separate})
 * @param faceSize face crop side (96 in the paper)
 * @param bodySize body crop side (128 in the paper)
 * @param batchSize pairs per step (320 per GPU in the paper); also pairs per validation batch
 * @param epochs epochs; the cosine schedule spans {@code epochs · stepsPerEpoch} steps
 * @param maxSteps stop after this many optimiser steps in total (0 = no cap); does not change the
 *     schedule, so a capped run is a prefix of the uncapped one
 * @param lr peak learning rate (5e-4)
 * @param weightDecay AdamW decoupled weight decay (0.01)
 * @param temperature NT-Xent τ (0.07)
 * @param gradClip global gradient-norm limit (0.5; ≤ 0 disables clipping)
 * @param etaMinDivisor cosine floor is {@code lr / etaMinDivisor} (50)
 * @param checkpointEvery write a checkpoint every this many global steps (0 = only at the end)
 * @param seed base seed of initialisation, shuffling, augmentation and the validation hold-out
 * @param variant which model and loss terms ({@code pretrain.variant})
 * @param valFraction share of the pairs held out for validation, in [0, 1); 0 = no validation
 * @param valEvery validate after every this many epochs (and always at the end of training)
 */
public record PretrainSettings(BackboneSpec backbone, int faceSize, int bodySize, int batchSize,
    int epochs, int maxSteps, double lr, double weightDecay, double temperature, double gradClip,
    double etaMinDivisor, int checkpointEvery, long seed, PretrainVariant variant,
    double valFraction, int valEvery, PretrainAugmentations augmentations) {

  /** Validates the values; null augmentations are the paper's. */
  public PretrainSettings {
    Objects.requireNonNull(variant, "variant");
    if (augmentations == null) {
      augmentations = PretrainAugmentations.paper();
    }
    if (backbone == null || faceSize < 1 || bodySize < 1 || batchSize < 1 || epochs < 1
        || maxSteps < 0 || !(lr > 0) || weightDecay < 0 || !(temperature > 0)
        || !(etaMinDivisor >= 1) || checkpointEvery < 0) {
      throw new IllegalArgumentException("invalid pretraining settings: " + backbone + ", sizes "
          + faceSize + "/" + bodySize + ", batch " + batchSize + ", epochs " + epochs
          + ", maxSteps " + maxSteps + ", lr " + lr + ", wd " + weightDecay + ", tau "
          + temperature + ", etaMinDivisor " + etaMinDivisor + ", checkpointEvery " + checkpointEvery);
    }
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException(
          "pretrain.val_fraction must be in [0, 1), got " + valFraction);
    }
    if (valEvery < 1) {
      throw new IllegalArgumentException("pretrain.val_every must be at least 1, got " + valEvery);
    }
  }

  /** Settings with the paper's augmentations (Appendix E, FACTS "Augmentations"). */
  public PretrainSettings(BackboneSpec backbone, int faceSize, int bodySize, int batchSize,
      int epochs, int maxSteps, double lr, double weightDecay, double temperature, double gradClip,
      double etaMinDivisor, int checkpointEvery, long seed, PretrainVariant variant,
      double valFraction, int valEvery) {
    this(backbone, faceSize, bodySize, batchSize, epochs, maxSteps, lr, weightDecay, temperature,
        gradClip, etaMinDivisor, checkpointEvery, seed, variant, valFraction, valEvery, null);
  }

  /**
   * The paper's hyper-parameters with the given backbone, sizes, batch, epochs and seed: the
   * aligned variant, 10% of the pairs held out, validation after every epoch.
   */
  public static PretrainSettings paper(BackboneSpec backbone, int faceSize, int bodySize,
      int batchSize, int epochs, long seed) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, 0, 5e-4, 0.01,
        0.07, 0.5, 50, 0, seed, PretrainVariant.ALIGNED, 0.1, 1);
  }

  /** Whether part of the data is held out for validation. */
  public boolean validates() {
    return valFraction > 0;
  }

  /** A copy with another step cap. */
  public PretrainSettings withMaxSteps(int steps) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, steps, lr,
        weightDecay, temperature, gradClip, etaMinDivisor, checkpointEvery, seed, variant,
        valFraction, valEvery, augmentations);
  }

  /** A copy with another checkpoint interval. */
  public PretrainSettings withCheckpointEvery(int every) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, maxSteps, lr,
        weightDecay, temperature, gradClip, etaMinDivisor, every, seed, variant, valFraction,
        valEvery, augmentations);
  }

  /** A copy with another variant (the ablations). */
  public PretrainSettings withVariant(PretrainVariant v) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, maxSteps, lr,
        weightDecay, temperature, gradClip, etaMinDivisor, checkpointEvery, seed, v, valFraction,
        valEvery, augmentations);
  }

  /** A copy with another validation hold-out and interval. */
  public PretrainSettings withValidation(double fraction, int every) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, maxSteps, lr,
        weightDecay, temperature, gradClip, etaMinDivisor, checkpointEvery, seed, variant, fraction,
        every, augmentations);
  }

  /** A copy with another base seed. */
  public PretrainSettings withSeed(long newSeed) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, maxSteps, lr,
        weightDecay, temperature, gradClip, etaMinDivisor, checkpointEvery, newSeed, variant,
        valFraction, valEvery, augmentations);
  }

  /** A copy with other augmentations ({@code augment.*}). */
  public PretrainSettings withAugmentations(PretrainAugmentations a) {
    return new PretrainSettings(backbone, faceSize, bodySize, batchSize, epochs, maxSteps, lr,
        weightDecay, temperature, gradClip, etaMinDivisor, checkpointEvery, seed, variant,
        valFraction, valEvery, a);
  }
}
