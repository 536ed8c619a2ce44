package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageInput;
import org.comicreid.core.provenance.ContentHash;
import org.comicreid.core.provenance.Provenance;
import org.comicreid.experiments.tracking.MetricPoint;
import org.comicreid.experiments.tracking.TrackedRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every stage activity does around its algorithm: progress, tracking, provenance. */
abstract class StageSupport {
  private static final Logger log = LoggerFactory.getLogger(StageSupport.class);

  final StageEnvironment env;
  final Stage stage;

  StageSupport(StageEnvironment env, Stage stage) {
    this.env = env;
    this.stage = stage;
  }

  /** A progress line that stays. */
  void say(String message) {
    log.debug("{}: {}", stage.key(), message);
    env.progress().report(stage, message, false);
  }

  /**
   * Runs a long step of this attempt; when it throws, says so (with the attempt number and the
   * cause) before the failure goes to Temporal, so a retried attempt is never silent.
   */
  <T> T attempt(StageContext ctx, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      say("attempt " + ctx.attempt() + " failed: " + e.getClass().getSimpleName() + ": "
          + String.valueOf(e.getMessage()).strip());
      throw e;
    }
  }

  /** A frequent progress line (training steps). */
  void tick(String message) {
    log.debug("{}: {}", stage.key(), message);
    env.progress().report(stage, message, true);
  }

  /** The tracked run of this stage execution, if tracking is on. */
  Optional<TrackedRun> run(StageInput in) {
    if (env.tracking() == null) {
      return Optional.empty();
    }
    try {
      return env.tracking().find(in.stageKey());
    } catch (RuntimeException e) {
      log.warn("tracking lookup failed for {}: {}", in.stageKey(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Logs summary metrics (step 0) to the stage's tracked run; tracking failures only warn. */
  void track(StageInput in, Map<String, Double> metrics) {
    trackSteps(in, metrics, 0);
  }

  void trackSteps(StageInput in, Map<String, Double> metrics, long step) {
    trackSteps(run(in), metrics, step);
  }

  /** As {@link #trackSteps(StageInput, Map, long)} on a run already looked up. */
  void trackSteps(Optional<TrackedRun> run, Map<String, Double> metrics, long step) {
    run.ifPresent(r -> {
      try {
        List<MetricPoint> points = new ArrayList<>();
        long now = System.currentTimeMillis();
        metrics.forEach((k, v) -> {
          if (v != null && Double.isFinite(v)) {
            points.add(new MetricPoint(k, v, step, now));
          }
        });
        r.logMetrics(points);
      } catch (RuntimeException e) {
        log.warn("tracking metrics of {} failed: {}", stage.key(), e.getMessage());
      }
    });
  }

  /** Attaches an artifact file to the stage's tracked run; failures only warn. */
  void trackArtifact(StageInput in, Path file) {
    trackArtifact(in, file, stage.key());
  }

  /** As {@link #trackArtifact(StageInput, Path)}, under {@code artifactPath} in the run. */
  void trackArtifact(StageInput in, Path file, String artifactPath) {
    run(in).ifPresent(r -> {
      try {
        r.logArtifact(file, artifactPath);
      } catch (RuntimeException e) {
        log.warn("tracking artifact {} failed: {}", file, e.getMessage());
      }
    });
  }

  /**
   * Writes the loss history of a training stage ({@code losses.tsv}, and {@code losses.png} when
   * it has a finite point) into a staging directory; says so when there was nothing to plot.
   *
   * @return the files written, to be tracked once published
   */
  List<String> stageLosses(StagingDir out, LossHistory losses, String title) {
    List<String> names = new ArrayList<>(List.of(LossHistory.TSV));
    if (losses.publish(out.dir(), title)) {
      names.add(LossHistory.PNG);
    } else {
      say("no loss points to plot: " + LossHistory.PNG + " not written");
    }
    return names;
  }

  /** Provenance of this execution as a flat map, with the given input hashes. */
  Map<String, String> provenance(StageInput in, Map<String, String> inputHashes, boolean usedEngine) {
    Map<String, String> hashes = new HashMap<>(inputHashes);
    hashes.put("dataset", in.datasetKey() + "@" + env.dataset(in.datasetKey()).contentHash());
    String engine = "";
    String version = "";
    if (usedEngine) {
      String d = org.comicreid.learning.device.DeviceSelection.engineDescription();
      int sp = d.indexOf(' ');
      engine = sp < 0 ? d : d.substring(0, sp);
      version = sp < 0 ? "" : d.substring(sp + 1);
    }
    return Provenance.capture(in.params(), hashes, engine, version).toFlatMap();
  }

  /** A published single-table artifact: its final path and sha256. */
  record Published(Path file, String sha256) {}

  /**
   * Writes one table as this execution's only artifact: staged, hashed, then renamed into {@code
   * in.artifactDir()} (nothing is left behind when writing fails).
   */
  static Published publishTable(StageInput in, String name, List<String> columns,
      Iterable<? extends List<?>> rows) {
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()))) {
      Tsv.write(out.file(name), columns, rows);
      String sha = sha(out.file(name));
      out.publish();
      return new Published(out.finalFile(name), sha);
    }
  }

  /** As {@link #publishTable}, for one JSON document. */
  static Path publishJson(StageInput in, String name, Object document) {
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()))) {
      writeJson(out.file(name), document);
      out.publish();
      return out.finalFile(name);
    }
  }

  /** Writes one indented JSON document (into a staging directory). */
  static void writeJson(Path file, Object document) {
    try {
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValue(file.toFile(), document);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Where a training stage resumes: the checkpoint of the last heartbeat of an earlier attempt,
   * else (a rerun of the stage after the pipeline failed) the newest checkpoint in {@code dir}.
   */
  static java.util.Optional<Path> resumePoint(StageContext ctx, Path dir) {
    java.util.Optional<Path> hb = ctx.lastHeartbeat(TrainingHeartbeat.class)
        .map(TrainingHeartbeat::checkpoint).filter(c -> !c.isEmpty()).map(Path::of)
        .filter(java.nio.file.Files::isRegularFile);
    if (hb.isPresent()) {
      return hb;
    }
    try {
      return org.comicreid.learning.checkpoint.Checkpoints.latest(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list checkpoints in " + dir, e);
    }
  }

  static String sha(Path file) {
    return ContentHash.sha256(file);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** {@code 1m05s}-style durations for ETAs. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
