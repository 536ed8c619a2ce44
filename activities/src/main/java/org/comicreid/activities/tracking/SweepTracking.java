package org.comicreid.activities.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.comicreid.core.sweep.SweepMember;
import org.comicreid.core.sweep.SweepMemberResult;
import org.comicreid.core.sweep.SweepRef;
import org.comicreid.core.sweep.SweepResult;
import org.comicreid.experiments.sweep.SweepReport;
import org.comicreid.experiments.tracking.RunSpec;
import org.comicreid.experiments.tracking.RunStatus;
import org.comicreid.experiments.tracking.RunTags;
import org.comicreid.experiments.tracking.TrackedRun;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.workflows.sweep.SweepTrackingActivities;

/**
 * The sweep's runs in the tracker: one parent run per sweep (key = the sweep's workflow id, tags
 * {@code reid.kind=sweep}, {@code reid.sweep}), one child run per member pipeline (key = the
 * member's workflow id, {@code mlflow.parentRunId} = the parent, tags {@code reid.sweep},
 * {@code reid.sweep.member}, {@code reid.sweep.member_name}, {@code reid.sweep.overrides},
 * {@code reid.sweep.seed}, params = the member's resolved config), under which the pipeline nests
 * its stage runs. Every call starts or finds its run by key, so retries and replays never make a
 * duplicate run.
 */
public final class SweepTracking implements SweepTrackingActivities {

  /** Tag of a run's kind: {@code sweep} or {@code pipeline}. */
  public static final String KIND = "reid.kind";
  /** Tag of the sweep's name, on the parent and on every member run. */
  public static final String SWEEP = "reid.sweep";
  /** Tag of a member run's member index. */
  public static final String MEMBER = "reid.sweep.member";
  /** Tag of a member run's member name. */
  public static final String MEMBER_NAME = "reid.sweep.member_name";
  /** Tag of a member run's overrides, a JSON object. */
  public static final String OVERRIDES = "reid.sweep.overrides";
  /** Tag of a member run's seed repeat. */
  public static final String SEED = "reid.sweep.seed";
  /** {@code mlflow.source.name} of sweep runs. */
  public static final String SOURCE_REID_SWEEP = "reid sweep";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Tracker tracker;

  /**
   * @param tracker where the runs go (owned by the caller), or null when the worker tracks nothing:
   *     then {@link #beginSweep} returns an empty id and the sweep makes no other tracking call
   */
  public SweepTracking(Tracker tracker) {
    this.tracker = tracker;
  }

  /** The parent run of a sweep. */
  static RunSpec parentSpec(SweepRef sweep) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(KIND, "sweep");
    tags.put(SWEEP, sweep.name());
    tags.put(org.comicreid.experiments.report.TrackedRuns.COLUMNS, String.join(",", sweep.columns()));
    tags.put(RunTags.SOURCE_NAME, SOURCE_REID_SWEEP);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("sweep.name", sweep.name());
    params.put("sweep.members", Integer.toString(sweep.members()));
    params.put("sweep.concurrency", Integer.toString(sweep.concurrency()));
    params.put("sweep.columns", String.join(",", sweep.columns()));
    return new RunSpec(sweep.workflowId(), sweep.trackingExperiment(), sweep.name(), "",
        sweep.workflowId(), tags, params);
  }

  /** The run of one member pipeline. */
  static RunSpec memberSpec(SweepRef sweep, String parentRunId, int index, String name, int seed,
      Map<String, String> overrides, String memberWorkflowId, Map<String, String> params,
      String configHash) {
    RunSpec base = PipelineRuns.pipeline(sweep.trackingExperiment(), memberWorkflowId, configHash,
        params);
    Map<String, String> tags = new LinkedHashMap<>(base.tags());
    tags.put(RunTags.SOURCE_NAME, SOURCE_REID_SWEEP);
    tags.put(KIND, "pipeline");
    tags.put(SWEEP, sweep.name());
    tags.put(MEMBER, Integer.toString(index));
    tags.put(MEMBER_NAME, name);
    tags.put(SEED, Integer.toString(seed));
    try {
      tags.put(OVERRIDES, new ObjectMapper().writeValueAsString(overrides));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String runName = seed == 0 ? name : name + " #" + seed;
    return new RunSpec(memberWorkflowId, sweep.trackingExperiment(), sweep.name() + ": " + runName,
        parentRunId, memberWorkflowId, tags, params);
  }

  @Override
  public String beginSweep(SweepRef sweep) {
    if (tracker == null) {
      return "";
    }
    return tracker.startRun(parentSpec(sweep)).runId();
  }

  @Override
  public String beginMember(
      SweepRef sweep, String parentRunId, SweepMember member, String memberWorkflowId) {
    requireTracker();
    return tracker.startRun(memberSpec(sweep, parentRunId, member.index(), member.name(),
        member.seed(), member.overrides(), memberWorkflowId, member.trackingParams(),
        member.pipeline().configHash())).runId();
  }

  @Override
  public void endMember(SweepRef sweep, SweepMemberResult r) {
    requireTracker();
    // found again by its key; params and parent were logged when it began
    TrackedRun run = tracker.startRun(RunSpec.of(r.workflowId(), sweep.trackingExperiment(),
        r.label()).withWorkflowId(r.workflowId()));
    if (!r.finished()) {
      run.setTags(Map.of(PipelineRuns.ERROR, r.error()));
      run.finish(RunStatus.FAILED);
      return;
    }
    PipelineRuns.logResult(run, r.result());
    run.finish(RunStatus.FINISHED);
  }

  @Override
  public void finishSweep(SweepRef sweep, SweepResult result) {
    requireTracker();
    TrackedRun run = tracker.startRun(RunSpec.of(sweep.workflowId(), sweep.trackingExperiment(),
        sweep.name()).withWorkflowId(sweep.workflowId()));
    Map<String, Object> doc = SweepReport.sweep(result, sweep.columns(),
        (int) result.members().stream().mapToInt(SweepMemberResult::seed).max().orElse(0) + 1, "");
    Path dir = null;
    try {
      dir = Files.createTempDirectory("reid-sweep-report");
      Path json = dir.resolve("sweep.json");
      Files.writeString(json, JSON.writeValueAsString(doc));
      SweepReport.writeGrids(doc, sweep.columns(), dir);
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.sorted().toList();
      }
      for (Path f : files) {
        run.logArtifact(f, "report");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report of sweep " + sweep.name(), e);
    } finally {
      deleteQuietly(dir);
    }
    int hits = 0;
    for (SweepMemberResult m : result.members()) {
      hits += m.cached().size();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(PipelineRuns.CACHE_HITS, Integer.toString(hits));
    tags.put("reid.sweep.failed", Integer.toString(result.failed().size()));
    run.setTags(tags);
    run.logMetric(PipelineRuns.CACHE_HITS, hits, 0);
    run.finish(result.failed().isEmpty() ? RunStatus.FINISHED : RunStatus.FAILED);
  }

  private void requireTracker() {
    if (tracker == null) {
      throw new IllegalStateException("this worker tracks nothing, but the sweep has a tracked run:"
          + " run the sweep's workers with the same tracking.* settings");
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
