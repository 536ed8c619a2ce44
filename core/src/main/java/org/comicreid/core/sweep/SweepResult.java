package org.comicreid.core.sweep;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a sweep came to: every member's result, in member and seed order.
 *
 * @param name the sweep's name
 * @param workflowId the sweep's workflow id
 * @param trackingRunId the sweep's tracked (parent) run, or empty
 * @param members the results
 */
public record SweepResult(
    String name, String workflowId, String trackingRunId, List<SweepMemberResult> members) {

  public SweepResult {
    Objects.requireNonNull(name, "name");
    trackingRunId = trackingRunId == null ? "" : trackingRunId;
    members = members.stream()
        .sorted(Comparator.comparingInt(SweepMemberResult::index)
            .thenComparingInt(SweepMemberResult::seed))
        .toList();
  }

  /** The members that failed. */
  public List<SweepMemberResult> failed() {
    return members.stream().filter(m -> !m.finished()).toList();
  }
}
