package org.comicreid.experiments.tracking;

/** How a tracked run ended. */
public enum RunStatus {
  FINISHED,
  FAILED,
  KILLED
}
