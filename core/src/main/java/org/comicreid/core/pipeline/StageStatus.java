package org.comicreid.core.pipeline;

/** Lifecycle of one stage execution as recorded in the catalog. */
public enum StageStatus {
  RUNNING,
  FINISHED,
  FAILED
}
