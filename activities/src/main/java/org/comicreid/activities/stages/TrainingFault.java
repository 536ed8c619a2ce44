package org.comicreid.activities.stages;

/**
 * A fault to inject into a training stage, for tests of resumption: called before each step with
 * the activity attempt and the step about to run; throwing fails the attempt there.
 */
@FunctionalInterface
public interface TrainingFault {
  void beforeStep(int attempt, long globalStep);

  /** No fault. */
  TrainingFault NONE = (a, s) -> {};
}
