package org.comicreid.catalog.entity;

/** Status of a local tracking run; the same names as MLflow's run statuses. */
public enum TrackingStatus {
  RUNNING,
  SCHEDULED,
  FINISHED,
  FAILED,
  KILLED
}
