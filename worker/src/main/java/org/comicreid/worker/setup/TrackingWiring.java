package org.comicreid.worker.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.comicreid.activities.tracking.PipelineRuns;
import org.comicreid.activities.tracking.StageTracking;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.experiments.tracking.ConfigArtifacts;
import org.comicreid.experiments.tracking.MlflowTracker;
import org.comicreid.experiments.tracking.RunStatus;
import org.comicreid.experiments.tracking.TrackedRun;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.experiments.tracking.TrackerFactory;

/**
 * The seam to experiment tracking: the tracker of a setup ({@code tracking.*}: MLflow when a
 * tracking URI is set, else the local tracker on the same catalog as the ledger) and the life of a
 * pipeline's tracked run as {@code reid run} sees it.
 *
 * <ul>
 *   <li>{@link #begin}: before submitting, start (or find again, by the workflow id) the pipeline
 *       run with the config's params and the config as artifacts; its id travels in the {@link
 *       org.comicreid.core.pipeline.PipelineSpec} to the ledger activities, which nest each
 *       executed stage's run under it.
 *   <li>{@link #end}/{@link #fail}: mark the stages reused from the ledger, then finish the run.
 * </ul>
 */
public final class TrackingWiring {

  private TrackingWiring() {}

  /** The tracker {@code tracking.*} asks for; {@code store} is only opened for the local one. */
  public static Tracker open(RunSetup setup, Supplier<TrackingStore> store) {
    return TrackerFactory.create(setup.typed(), store);
  }

  /** The stage tracking of a worker that hosts the ledger activities. */
  public static StageTracking stages(Tracker tracker, StageLedger ledger, RunSetup setup) {
    return new StageTracking(tracker, ledger, setup.trackingExperimentOf());
  }

  /**
   * Starts, or finds again, the pipeline run of {@code setup} and logs its params and config
   * files; a resubmitted config (same workflow id) gets the same run.
   */
  public static TrackedRun begin(Tracker tracker, RunSetup setup) {
    String workflowId = setup.spec().workflowId();
    TrackedRun run = tracker.startRun(PipelineRuns.pipeline(
        setup.trackingExperimentOf().apply(setup.spec().experiment()), workflowId,
        setup.spec().configHash(), setup.trackingParams()));
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("reid-tracking");
      ConfigArtifacts.log(run, setup.config(), scratch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a scratch directory for the config artifacts", e);
    } finally {
      deleteQuietly(scratch);
    }
    return run;
  }

  /**
   * Logs the headline results and cache hits on the pipeline run ({@link PipelineRuns#logResult}),
   * so runs compare side by side in MLflow, and finishes it FINISHED.
   */
  public static void end(TrackedRun run, PipelineResult result) {
    PipelineRuns.logResult(run, result);
    run.finish(RunStatus.FINISHED);
  }

  /** Finishes the run FAILED with the one-line failure as tag {@code reid.error}. */
  public static void fail(TrackedRun run, String message) {
    run.setTags(Map.of(PipelineRuns.ERROR, message == null ? "(no message)" : message));
    run.finish(RunStatus.FAILED);
  }

  /** Where to see the run: the MLflow UI address, or the local run id. */
  public static String describe(Tracker tracker, TrackedRun run, RunSetup setup) {
    if (tracker instanceof MlflowTracker m) {
      String exp = m.experimentId(setup.trackingExperimentOf().apply(setup.spec().experiment()));
      return "MLflow run " + run.runId() + ": " + m.trackingUri() + "/#/experiments/" + exp
          + "/runs/" + run.runId();
    }
    return tracker.backend() + " tracked run " + run.runId();
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
