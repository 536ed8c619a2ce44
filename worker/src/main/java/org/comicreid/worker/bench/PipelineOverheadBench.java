package org.comicreid.worker.bench;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageOptions;
import org.comicreid.core.pipeline.TaskQueues;
import org.comicreid.worker.temporal.EmbeddedPipeline;
import org.comicreid.worker.temporal.PipelineLauncher;
import org.comicreid.worker.temporal.WorkerSettings;

/**
 * Benchmark hook for {@code reid bench}: the pipeline machinery's own cost per activity. Runs the
 * embedded pipeline (in-process server in real time, both workers, an in-memory ledger) with
 * {@link NoOpStages}, each run under a fresh experiment name so nothing is reused, and divides each
 * run's wall time by the activities its history scheduled (9 stages + 36 ledger calls: find, start, finish and record use per stage).
 */
public final class PipelineOverheadBench {

  private PipelineOverheadBench() {}

  /**
   * The measurement.
   *
   * @param runs measured runs (after one warm-up run)
   * @param activitiesPerRun activities scheduled per run, from the workflow history
   * @param medianMsPerActivity median over runs of wall ms / activities
   * @param runMillis wall ms of each measured run
   */
  public record Result(int runs, int activitiesPerRun, double medianMsPerActivity, List<Long> runMillis) {}

  /** Runs the pipeline {@code runs} times (plus one warm-up) and returns the overhead. */
  public static Result measure(int runs) {
    return measure(runs, new MapLedger());
  }

  /** As {@link #measure(int)}, with the stage ledger the workflow consults (e.g. the catalog's). */
  public static Result measure(int runs, org.comicreid.core.pipeline.StageLedger ledger) {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be >= 1");
    }
    WorkerSettings ws = WorkerSettings.defaults();
    try (EmbeddedPipeline p = EmbeddedPipeline.start(ws, TaskQueues::defaultFor,
        NoOpStages.registry(EnumSet.allOf(Stage.class), (s, in) -> { }), ledger)) {
      WorkflowClient client = p.client();
      java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
      String tag = Long.toString(System.nanoTime(), 36);
      PipelineLauncher.run(client, spec("bench-warmup-" + tag), sink, Duration.ofMillis(50));
      List<Long> millis = new ArrayList<>();
      List<Double> perActivity = new ArrayList<>();
      int activities = 0;
      for (int i = 0; i < runs; i++) {
        PipelineSpec spec = spec("bench-" + tag + "-" + i);
        long t0 = System.nanoTime();
        PipelineLauncher.run(client, spec, sink, Duration.ofMillis(50));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        activities = countScheduled(client, spec.workflowId());
        millis.add(ms);
        perActivity.add((double) ms / activities);
      }
      Collections.sort(perActivity);
      int n = perActivity.size();
      double median = n % 2 == 1 ? perActivity.get(n / 2)
          : (perActivity.get(n / 2 - 1) + perActivity.get(n / 2)) / 2;
      return new Result(runs, activities, median, millis);
    }
  }

  static int countScheduled(WorkflowClient client, String workflowId) {
    int n = 0;
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        n++;
      }
    }
    return n;
  }

  static PipelineSpec spec(String experiment) {
    Map<Stage, StageOptions> opts = new EnumMap<>(Stage.class);
    Map<Stage, String> hashes = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      opts.put(s, StageOptions.defaults(s));
      hashes.put(s, "bench");
    }
    return new PipelineSpec(experiment, "bench", "bench", "/tmp/reid-bench", TaskQueues.CPU, opts,
        hashes);
  }

  /** Prints the result: {@code java ... PipelineOverheadBench [runs]}. */
  public static void main(String[] args) {
    Result r = measure(args.length > 0 ? Integer.parseInt(args[0]) : 5);
    System.out.printf("runs=%d activities/run=%d median ms/activity=%.2f run ms=%s%n",
        r.runs(), r.activitiesPerRun(), r.medianMsPerActivity(), r.runMillis());
  }
}
