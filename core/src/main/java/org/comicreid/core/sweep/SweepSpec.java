package org.comicreid.core.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the sweep workflow needs: its members, how many run at once, when to continue as new,
 * and (after a Continue-As-New) what already finished.
 *
 * @param name the sweep's name
 * @param sweepHash sha256 over the members' run hashes; with the name it names the workflow
 * @param workflowQueue the task queue of the sweep, its tracking activities and its members
 * @param members the pipelines, in order
 * @param concurrency members running at once (at least 1)
 * @param continueAsNewAfter continue as new once this many members finished in one run of the
 *     workflow (and none is running), keeping the history short; at least 1
 * @param trackingExperiment the tracker's experiment of the sweep's runs
 * @param columns the grid's columns (presets or dotted paths), for the tracked report
 * @param trackingRunId the sweep's tracked (parent) run once started, else empty
 * @param done the results carried over from earlier runs of this workflow (Continue-As-New)
 * @param reuse whether a member reuses the outputs of stages it shares with other members (and
 *     earlier runs); false ({@code reid sweep --no-cache}) makes every member compute all its
 *     stages itself, replacing what is cached, one member at a time where they share a stage
 */
public record SweepSpec(
    String name,
    String sweepHash,
    String workflowQueue,
    List<SweepMember> members,
    int concurrency,
    int continueAsNewAfter,
    String trackingExperiment,
    List<String> columns,
    String trackingRunId,
    List<SweepMemberResult> done,
    boolean reuse) {

  /** Default {@link #continueAsNewAfter}: well below Temporal's history limits for nine stages. */
  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 50;

  public SweepSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sweepHash, "sweepHash");
    Objects.requireNonNull(workflowQueue, "workflowQueue");
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one member");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    if (continueAsNewAfter < 1) {
      throw new IllegalArgumentException(
          "continueAsNewAfter must be at least 1, got " + continueAsNewAfter);
    }
    trackingExperiment = trackingExperiment == null ? "" : trackingExperiment;
    columns = columns == null ? List.of() : List.copyOf(columns);
    trackingRunId = trackingRunId == null ? "" : trackingRunId;
    done = done == null ? List.of() : List.copyOf(done);
  }

  /** The workflow id, {@code sweep-<name>-<first 16 hex of the sweep hash>}. */
  public String workflowId() {
    return "sweep-" + name + "-" + sweepHash.substring(0, Math.min(16, sweepHash.length()));
  }

  /** What the sweep's tracking calls need, under the workflow id {@code workflowId}. */
  public SweepRef ref(String workflowId) {
    return new SweepRef(name, workflowId, trackingExperiment, members.size(), concurrency, columns);
  }

  /** The child workflow id of a member: {@code <sweep workflow id>.<index>.<seed>}. */
  public String memberWorkflowId(SweepMember m) {
    return workflowId() + "." + m.slot();
  }

  /** The spec to continue as new with: the same sweep, its tracked run, and what finished so far. */
  public SweepSpec continued(String runId, List<SweepMemberResult> finished) {
    return new SweepSpec(name, sweepHash, workflowQueue, members, concurrency, continueAsNewAfter,
        trackingExperiment, columns, runId, new ArrayList<>(finished), reuse);
  }

  /** A copy that continues as new after {@code n} finished members (tests). */
  public SweepSpec withContinueAsNewAfter(int n) {
    return new SweepSpec(name, sweepHash, workflowQueue, members, concurrency, n,
        trackingExperiment, columns, trackingRunId, done, reuse);
  }
}
