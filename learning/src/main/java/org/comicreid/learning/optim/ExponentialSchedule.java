package org.comicreid.learning.optim;

/** PyTorch {@code ExponentialLR} stepped once per epoch: lr(epoch) = baseLr · gamma^epoch. */
public record ExponentialSchedule(double baseLr, double gamma) implements LrSchedule {

  @Override
  public double lr(long epoch) {
    return baseLr * Math.pow(gamma, epoch);
  }
}
