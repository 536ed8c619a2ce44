package org.comicreid.workflows.sweep;

import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.sweep.SweepMember;
import org.comicreid.core.sweep.SweepMemberResult;
import org.comicreid.core.sweep.SweepProgress;
import org.comicreid.core.sweep.SweepRef;
import org.comicreid.core.sweep.SweepResult;
import org.comicreid.core.sweep.SweepSpec;
import org.comicreid.workflows.pipeline.ReIdPipelineWorkflow;

/**
 * Runs a sweep's members as child pipelines, at most {@code concurrency} at once, in member order.
 *
 * <ul>
 *   <li>A member's child workflow id is {@link SweepSpec#memberWorkflowId}; its pipeline is tracked
 *       in a run nested under the sweep's parent run ({@link SweepTrackingActivities}).
 *   <li>A failed member is recorded and the others go on; at the end the sweep fails with {@link
 *       #MEMBERS_FAILED} carrying the result (see {@link SweepWorkflow#run}).
 *   <li>Once {@code continueAsNewAfter} members finished in this run of the workflow (or Temporal
 *       suggests it), no new member starts; when the running ones are done the workflow continues
 *       as new with the finished results, so the history stays short for any number of members.
 * </ul>
 *
 * <p>Deterministic: no I/O, clock or randomness.
 */
public class SweepWorkflowImpl implements SweepWorkflow {

  /** {@code ApplicationFailure} type of a sweep in which a member failed. */
  public static final String MEMBERS_FAILED = "SweepMembersFailed";

  private final Map<String, SweepProgress.Slot> slots = new LinkedHashMap<>();
  private final java.util.Set<String> finishedKeys = new java.util.HashSet<>();
  private final Map<String, java.util.Collection<String>> keysOf = new LinkedHashMap<>();
  private String workflowId = "";

  @Override
  public void stageFinished(String stageKey) {
    finishedKeys.add(stageKey);
  }

  @Override
  public SweepResult run(SweepSpec spec) {
    workflowId = Workflow.getInfo().getWorkflowId();
    SweepTrackingActivities tracking = Workflow.newActivityStub(SweepTrackingActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(spec.workflowQueue())
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(10)
                .build())
            .build());
    SweepRef ref = spec.ref(workflowId);
    Map<String, SweepMemberResult> done = new LinkedHashMap<>();
    for (SweepMemberResult r : spec.done()) {
      done.put(r.slot(), r);
      if (r.finished() && r.result() != null) {
        finishedKeys.addAll(r.result().stageKeys().values()); // carried over Continue-As-New
      }
    }
    Deque<SweepMember> pending = new ArrayDeque<>();
    for (SweepMember m : spec.members()) {
      SweepMemberResult r = done.get(m.slot());
      slots.put(m.slot(), new SweepProgress.Slot(m.slot(), m.label(), spec.memberWorkflowId(m),
          r == null ? "pending" : r.finished() ? "finished" : "failed", r == null ? "" : r.error()));
      if (r == null) {
        pending.add(m);
      }
    }
    String parent = spec.trackingRunId().isEmpty()
        ? tracking.beginSweep(ref) : spec.trackingRunId();

    Map<String, Promise<PipelineResult>> running = new LinkedHashMap<>();
    Map<String, SweepMember> runningMembers = new LinkedHashMap<>();
    Map<String, String> runIds = new LinkedHashMap<>();
    int finishedHere = 0;
    while (true) {
      boolean drain = finishedHere >= spec.continueAsNewAfter()
          || (finishedHere > 0 && Workflow.getInfo().isContinueAsNewSuggested());
      SweepMember next;
      while (!drain && running.size() < spec.concurrency()
          && (next = startable(pending, runningMembers)) != null) {
        SweepMember m = next;
        pending.remove(m);
        String childId = spec.memberWorkflowId(m);
        String runId = parent.isEmpty() ? "" : tracking.beginMember(ref, parent, m, childId);
        ReIdPipelineWorkflow child = Workflow.newChildWorkflowStub(ReIdPipelineWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(childId)
                .setTaskQueue(spec.workflowQueue())
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
        PipelineSpec pipeline = stillForced(m, spec.reuse());
        pipeline = runId.isEmpty() ? pipeline : pipeline.withTracking(runId);
        running.put(m.slot(), Async.function(child::run, pipeline));
        runningMembers.put(m.slot(), m);
        runIds.put(m.slot(), runId);
        slots.put(m.slot(), new SweepProgress.Slot(m.slot(), m.label(), childId, "running", ""));
      }
      if (running.isEmpty()) {
        break;
      }
      boolean draining = drain;
      Workflow.await(() -> running.values().stream().anyMatch(Promise::isCompleted)
          || (!draining && running.size() < spec.concurrency()
              && startable(pending, runningMembers) != null));
      for (String slot : new ArrayList<>(running.keySet())) {
        Promise<PipelineResult> p = running.get(slot);
        if (!p.isCompleted()) {
          continue;
        }
        SweepMember m = runningMembers.remove(slot);
        running.remove(slot);
        String runId = runIds.remove(slot);
        String childId = spec.memberWorkflowId(m);
        SweepMemberResult r;
        try {
          r = SweepMemberResult.finished(m, childId, runId, p.get());
        } catch (ChildWorkflowFailure e) {
          r = SweepMemberResult.failed(m, childId, runId, causeOf(e));
        }
        if (!runId.isEmpty()) {
          tracking.endMember(ref, r);
        }
        done.put(slot, r);
        finishedHere++;
        slots.put(slot, new SweepProgress.Slot(slot, m.label(), childId,
            r.finished() ? "finished" : "failed", r.error()));
      }
    }
    if (!pending.isEmpty()) {
      Workflow.continueAsNew(spec.continued(parent, new ArrayList<>(done.values())));
    }
    SweepResult result = new SweepResult(spec.name(), workflowId, parent, new ArrayList<>(done.values()));
    if (!parent.isEmpty()) {
      tracking.finishSweep(ref, result);
    }
    List<SweepMemberResult> failed = result.failed();
    if (!failed.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          failed.size() + " of " + result.members().size() + " sweep members failed, first "
              + failed.get(0).label() + ": " + failed.get(0).error(),
          MEMBERS_FAILED, result);
    }
    return result;
  }

  /**
   * The first pending member that may start now: one that shares no stage key with a running
   * member unless that stage already finished, so a stage members share (the pretraining of a
   * fine-tuning sweep) is computed once and then reused, never twice side by side. Null if none.
   */
  private SweepMember startable(Deque<SweepMember> pending, Map<String, SweepMember> runningMembers) {
    for (SweepMember m : pending) {
      boolean blocked = false;
      for (String k : keys(m)) {
        if (finishedKeys.contains(k)) {
          continue;
        }
        for (SweepMember r : runningMembers.values()) {
          if (keys(r).contains(k)) {
            blocked = true;
            break;
          }
        }
        if (blocked) {
          break;
        }
      }
      if (!blocked) {
        return m;
      }
    }
    return null;
  }

  private java.util.Collection<String> keys(SweepMember m) {
    return keysOf.computeIfAbsent(m.slot(),
        s -> new java.util.HashSet<>(m.pipeline().stageKeys().values()));
  }

  /**
   * The member's pipeline, forcing only the forced stages this sweep has not yet run: a shared
   * stage forced by {@code --force} runs again once, and later members reuse that new output.
   * Without reuse ({@code --no-cache}) every member keeps all its forced stages.
   */
  private PipelineSpec stillForced(SweepMember m, boolean reuse) {
    PipelineSpec p = m.pipeline();
    if (p.forced().isEmpty() || !reuse) {
      return p;
    }
    java.util.Set<org.comicreid.core.pipeline.Stage> still =
        java.util.EnumSet.noneOf(org.comicreid.core.pipeline.Stage.class);
    Map<org.comicreid.core.pipeline.Stage, String> k = p.stageKeys();
    for (org.comicreid.core.pipeline.Stage s : org.comicreid.core.pipeline.Stage.inOrder()) {
      if (p.isForced(s) && !finishedKeys.contains(k.get(s))) {
        still.add(s);
      }
    }
    return p.withForced(still);
  }

  @Override
  public SweepProgress progress() {
    return new SweepProgress(workflowId, new ArrayList<>(slots.values()));
  }

  /** The child's own one-line failure (e.g. {@code stage pretrain failed: ...}). */
  static String causeOf(ChildWorkflowFailure e) {
    Throwable c = e.getCause();
    String msg = c instanceof TemporalFailure t ? t.getOriginalMessage()
        : c != null ? c.getMessage() : e.getOriginalMessage();
    if (msg == null || msg.isBlank()) {
      msg = c != null ? c.getClass().getSimpleName() : "child workflow failed";
    }
    return msg.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
