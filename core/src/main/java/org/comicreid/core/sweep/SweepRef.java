package org.comicreid.core.sweep;

import java.util.List;

/**
 * The little a sweep's tracking calls need to know of it (kept small: every call is recorded in
 * the workflow's history).
 *
 * @param name the sweep's name
 * @param workflowId the sweep's workflow id (the key of its parent run)
 * @param trackingExperiment the tracker's experiment
 * @param members how many pipelines the sweep runs (members x seeds)
 * @param concurrency members running at once
 * @param columns the grid's columns
 */
public record SweepRef(
    String name, String workflowId, String trackingExperiment, int members, int concurrency,
    List<String> columns) {

  public SweepRef {
    columns = columns == null ? List.of() : List.copyOf(columns);
    trackingExperiment = trackingExperiment == null ? "" : trackingExperiment;
  }
}
