package org.comicreid.learning.optim;

/**
 * Cosine annealing without restarts (PyTorch {@code CosineAnnealingLR}):
 * lr(t) = etaMin + (baseLr − etaMin)(1 + cos(π t / totalSteps)) / 2, held at etaMin after
 * {@code totalSteps}. The paper uses etaMin = baseLr / 50.
 */
public record CosineSchedule(double baseLr, long totalSteps, double etaMin) implements LrSchedule {

  /** Validates the arguments. */
  public CosineSchedule {
    if (totalSteps < 1 || baseLr < 0 || etaMin < 0) {
      throw new IllegalArgumentException("cosine schedule: totalSteps >= 1, rates >= 0");
    }
  }

  @Override
  public double lr(long t) {
    double frac = Math.min(1.0, Math.max(0, t) / (double) totalSteps);
    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * frac)) / 2;
  }
}
