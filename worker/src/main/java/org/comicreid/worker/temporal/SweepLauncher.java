package org.comicreid.worker.temporal;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowTargetOptions;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.sweep.SweepProgress;
import org.comicreid.core.sweep.SweepResult;
import org.comicreid.core.sweep.SweepSpec;
import org.comicreid.workflows.sweep.SweepWorkflow;
import org.comicreid.workflows.sweep.SweepWorkflowImpl;

/**
 * Starts (or joins) a {@link SweepWorkflow} and waits for it, printing each member's state changes.
 * A sweep still running with the same id is joined; after a failed sweep (a member failed) a new
 * run starts, which reuses every stage that finished and restarts failed members at their failed
 * stage.
 */
public final class SweepLauncher {

  private SweepLauncher() {}

  /**
   * What a sweep came to.
   *
   * @param result every member's result (also when members failed)
   * @param joined whether a running sweep was joined instead of a new one started
   */
  public record Outcome(SweepResult result, boolean joined) {}

  /** Starts or joins the sweep, then waits, printing progress every {@code poll}. */
  public static Outcome run(WorkflowClient client, SweepSpec spec, PrintWriter out, Duration poll) {
    String id = spec.workflowId();
    SweepWorkflow wf = client.newWorkflowStub(SweepWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(spec.workflowQueue())
        .setWorkflowIdReusePolicy(
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .build());
    boolean joined = false;
    try {
      WorkflowExecution ex = WorkflowClient.start(wf::run, spec);
      out.println("started sweep workflow " + id + " (run " + ex.getRunId() + "): "
          + spec.members().size() + " pipelines, " + spec.concurrency() + " at a time");
    } catch (WorkflowExecutionAlreadyStarted e) {
      joined = true;
      out.println("joining sweep workflow " + id + ", already running with this sweep");
    }
    out.flush();
    // no run id: follow the workflow id across Continue-As-New
    WorkflowStub untyped = client.newUntypedWorkflowStub(
        WorkflowTargetOptions.newBuilder().setWorkflowId(id).build());
    SweepWorkflow query = client.newWorkflowStub(SweepWorkflow.class, id);
    CompletableFuture<SweepResult> future = untyped.getResultAsync(SweepResult.class);
    Map<String, String> shown = new HashMap<>();
    try {
      while (true) {
        try {
          SweepResult r = future.get(poll.toMillis(), TimeUnit.MILLISECONDS);
          print(safeQuery(query), shown, out);
          return new Outcome(r, joined);
        } catch (TimeoutException e) {
          print(safeQuery(query), shown, out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReidRunException("interrupted while waiting for sweep " + id, e);
    } catch (ExecutionException e) {
      print(safeQuery(query), shown, out);
      SweepResult partial = membersFailed(e.getCause());
      if (partial != null) {
        return new Outcome(partial, joined);
      }
      throw new ReidRunException("sweep " + id + " failed: "
          + PipelineLauncher.failureMessage(e.getCause()), e);
    }
  }

  /** The result a sweep with failed members carries in its failure, or null for other failures. */
  static SweepResult membersFailed(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApplicationFailure a
          && SweepWorkflowImpl.MEMBERS_FAILED.equals(a.getType())) {
        return a.getDetails().get(SweepResult.class);
      }
    }
    return null;
  }

  private static SweepProgress safeQuery(SweepWorkflow query) {
    try {
      return query.progress();
    } catch (RuntimeException e) {
      return null; // not polled yet, or between runs of a Continue-As-New
    }
  }

  private static void print(SweepProgress p, Map<String, String> shown, PrintWriter out) {
    if (p == null) {
      return;
    }
    long finished = p.members().stream().filter(s -> !s.state().equals("pending")
        && !s.state().equals("running")).count();
    for (SweepProgress.Slot s : p.members()) {
      if (!s.state().equals("pending") && !s.state().equals(shown.get(s.slot()))) {
        shown.put(s.slot(), s.state());
        out.println("  [" + finished + "/" + p.members().size() + "] " + s.label() + ": "
            + s.state() + (s.error().isEmpty() ? "" : " (" + s.error() + ")")
            + (s.state().equals("running") ? " as " + s.workflowId() : ""));
      }
    }
    out.flush();
  }
}
