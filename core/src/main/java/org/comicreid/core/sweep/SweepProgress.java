package org.comicreid.core.sweep;

import java.util.List;

/**
 * A sweep's progress as its query reports it.
 *
 * @param workflowId the sweep's workflow id
 * @param members per member slot ({@code <index>.<seed>}), its label, child workflow id and state
 *     ({@code pending}, {@code running}, {@code finished}, {@code failed})
 */
public record SweepProgress(String workflowId, List<Slot> members) {

  /** One member's state. */
  public record Slot(String slot, String label, String workflowId, String state, String error) {}

  public SweepProgress {
    members = List.copyOf(members);
  }
}
