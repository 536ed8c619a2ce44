package org.comicreid.learning.optim;

/** A learning rate as a function of a step or epoch counter (0-based). */
@FunctionalInterface
public interface LrSchedule {

  /** Learning rate at counter {@code t}. */
  double lr(long t);
}
