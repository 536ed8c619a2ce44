package org.comicreid.worker.temporal;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowTargetOptions;
import io.temporal.failure.TemporalFailure;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.PipelineProgress;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageProgress;
import org.comicreid.core.pipeline.StageState;
import org.comicreid.workflows.pipeline.ReIdPipelineWorkflow;

/**
 * Submits {@link ReIdPipelineWorkflow} under its id {@code <experiment>-<configHash>} and waits for
 * it, printing each stage's state changes.
 *
 * <ul>
 *   <li>A run with that id still RUNNING (or one that COMPLETED) is joined, not duplicated:
 *       {@link WorkflowExecutionAlreadyStarted} means attach to it.
 *   <li>After a FAILED (or terminated, cancelled, timed-out) run, a new run starts with the same id
 *       ({@code ALLOW_DUPLICATE_FAILED_ONLY}); the ledger makes it resume after the last finished
 *       stage.
 * </ul>
 */
public final class PipelineLauncher {

  private PipelineLauncher() {}

  /**
   * What a launch came to.
   *
   * @param result the pipeline's result
   * @param runId the run it came from
   * @param joined whether an existing run was joined instead of a new one started
   */
  public record Outcome(PipelineResult result, String runId, boolean joined) {}

  /**
   * The workflow options of a spec: id, workflow queue, id-reuse policy. A forced spec may start
   * again after a finished run of its id ({@code ALLOW_DUPLICATE}); others only after a failed one.
   */
  public static WorkflowOptions optionsFor(PipelineSpec spec) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(spec.workflowId())
        .setTaskQueue(spec.workflowQueue())
        .setWorkflowIdReusePolicy(spec.forced().isEmpty()
            ? WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY
            : WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }

  /** Starts or joins the spec's workflow; does not wait. */
  public static Outcome startOrJoin(WorkflowClient client, PipelineSpec spec, PrintWriter out) {
    ReIdPipelineWorkflow wf = client.newWorkflowStub(ReIdPipelineWorkflow.class, optionsFor(spec));
    try {
      WorkflowExecution ex = WorkflowClient.start(wf::run, spec);
      out.println("started workflow " + ex.getWorkflowId() + " (run " + ex.getRunId() + ")");
      out.flush();
      return new Outcome(null, ex.getRunId(), false);
    } catch (WorkflowExecutionAlreadyStarted e) {
      WorkflowExecution ex = e.getExecution();
      if (!spec.forced().isEmpty()) {
        throw new ReidRunException("cannot force a rerun: workflow " + ex.getWorkflowId()
            + " (run " + ex.getRunId() + ") with this config is still running; wait for it or"
            + " cancel it first");
      }
      out.println(
          "joining workflow " + ex.getWorkflowId() + " (run " + ex.getRunId()
              + "), already started with this config");
      out.flush();
      return new Outcome(null, ex.getRunId(), true);
    }
  }

  /** Starts or joins, then waits for the result, printing stage progress every {@code poll}. */
  public static Outcome run(
      WorkflowClient client, PipelineSpec spec, PrintWriter out, Duration poll) {
    Outcome started = startOrJoin(client, spec, out);
    String id = spec.workflowId();
    WorkflowTargetOptions thisRun =
        WorkflowTargetOptions.newBuilder().setWorkflowId(id).setRunId(started.runId()).build();
    WorkflowStub untyped = client.newUntypedWorkflowStub(thisRun);
    ReIdPipelineWorkflow query = client.newWorkflowStub(ReIdPipelineWorkflow.class, thisRun);
    CompletableFuture<PipelineResult> future = untyped.getResultAsync(PipelineResult.class);
    Map<Stage, StageState> shown = new EnumMap<>(Stage.class);
    try {
      while (true) {
        try {
          PipelineResult result = future.get(poll.toMillis(), TimeUnit.MILLISECONDS);
          printChanges(safeQuery(query), shown, out);
          for (Stage s : Stage.inOrder()) {
            StageState st = result.cached().contains(s) ? StageState.CACHED : StageState.RAN;
            if (shown.get(s) != st) {
              out.println("  " + s.key() + ": " + st.label());
            }
          }
          out.flush();
          return new Outcome(result, started.runId(), started.joined());
        } catch (TimeoutException e) {
          printChanges(safeQuery(query), shown, out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReidRunException("interrupted while waiting for workflow " + id, e);
    } catch (ExecutionException e) {
      printChanges(safeQuery(query), shown, out);
      throw new ReidRunException("pipeline " + id + " failed: " + failureMessage(e.getCause()), e);
    }
  }

  private static PipelineProgress safeQuery(ReIdPipelineWorkflow query) {
    try {
      return query.progress();
    } catch (RuntimeException e) {
      return null; // no worker polled the query yet, or the run is gone: try again next poll
    }
  }

  private static void printChanges(
      PipelineProgress p, Map<Stage, StageState> shown, PrintWriter out) {
    if (p == null) {
      return;
    }
    for (StageProgress sp : p.stages()) {
      if (sp.state() != StageState.PENDING && shown.get(sp.stage()) != sp.state()) {
        shown.put(sp.stage(), sp.state());
        out.println(
            "  " + sp.stage().key() + ": " + sp.state().label()
                + (sp.error() == null ? "" : " (" + sp.error() + ")"));
      }
    }
    out.flush();
  }

  /** The workflow's own failure message (e.g. {@code stage pretrain failed: ...}). */
  public static String failureMessage(Throwable t) {
    Throwable cause = t instanceof WorkflowFailedException w && w.getCause() != null ? w.getCause() : t;
    String m = cause instanceof TemporalFailure f ? f.getOriginalMessage() : cause.getMessage();
    return m == null ? cause.getClass().getSimpleName() : m.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
