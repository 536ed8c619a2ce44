package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.images.CropSpec;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.PretrainInput;
import org.comicreid.core.pipeline.PretrainOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.device.DeviceSelection;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.pretrain.CropPair;
import org.comicreid.learning.pretrain.PretrainResult;
import org.comicreid.learning.pretrain.PretrainSettings;
import org.comicreid.learning.pretrain.PretrainTrainer;
import org.comicreid.learning.pretrain.PretrainVariant;
import org.comicreid.learning.pretrain.SslTerm;
import org.comicreid.workflows.activities.PretrainActivities;
import org.slf4j.LoggerFactory;

/**
 * Pretrain (paper 3.2, Appendix E; FACTS "Self-supervised pretraining", "Self-supervised metrics
 * (Table 3)", "Model selection"): Identity-Aware SimCLR in the variant {@code pretrain.variant}
 * (face, body, unaligned, aligned, separate) on pair's face+body pairs, on the device that
 * {@code worker.device} selects (a build without CUDA libtorch falls back to the CPU and says so).
 * {@code pretrain.val_fraction} of the pairs are held out (by instance id and seed) and the model
 * is validated every {@code pretrain.val_every} epochs and at the end; the checkpoint with the
 * lowest validation loss is published as {@code model.ckpt} (with {@code pretrain.select=last}, or
 * without validation, the final one),
 * and its Table-3 row is printed (one line per term) and tracked as {@code ssl.<term>.<metric>}.
 * Heartbeats (epoch, step, checkpoint) after every step; a retried attempt reads the last
 * heartbeat and resumes from its checkpoint, and a rerun of the stage (same stage key) resumes from
 * the newest checkpoint in its checkpoint directory. The step checkpoints (and {@code best.ckpt})
 * are deleted once {@code model.ckpt} is published.
 */
public final class PretrainActivitiesImpl extends StageSupport implements PretrainActivities {
  private final TrainingFault fault;

  /** The stage with the worker's environment. */
  public PretrainActivitiesImpl(StageEnvironment env) {
    this(env, TrainingFault.NONE);
  }

  /** With an injected fault (tests of resumption). */
  public PretrainActivitiesImpl(StageEnvironment env, TrainingFault fault) {
    super(env, Stage.PRETRAIN);
    this.fault = fault;
  }

  /** Where the step checkpoints of a pretraining execution live. */
  public static Path checkpointDir(String artifactDir) {
    return Path.of(artifactDir + ".checkpoints");
  }

  @Override
  public PretrainOutput pretrain(PretrainInput in) {
    StageParams p = new StageParams(in.params());
    List<Artifacts.InstanceRow> sslRows = new ArrayList<>();
    for (Artifacts.InstanceRow r : Artifacts.instances(Path.of(in.pair().pairsPath()))) {
      if (!r.annotated()) {
        sslRows.add(r);
      }
    }
    if (sslRows.size() < 2) {
      throw new ReidInputException("pretraining needs at least 2 face-body pairs, pair found "
          + sslRows.size() + " (check pair.rule, pair.min_rate and detect.min_score)");
    }
    int faceSize = CropSpec.decode(sslRows.get(0).faceCrop()).size();
    int bodySize = CropSpec.decode(sslRows.get(0).bodyCrop()).size();
    BackboneSpec backbone = switch (p.string("pretrain.stem")) {
      case "small" -> new BackboneSpec(p.string("pretrain.backbone"), p.integer("pretrain.width"), true);
      case "standard" -> new BackboneSpec(p.string("pretrain.backbone"), p.integer("pretrain.width"), false);
      default -> BackboneSpec.forInput(p.string("pretrain.backbone"), p.integer("pretrain.width"),
          Math.min(faceSize, bodySize));
    };
    PretrainVariant variant;
    try {
      variant = PretrainVariant.parse(p.string("pretrain.variant"));
    } catch (IllegalArgumentException e) {
      throw new ReidInputException(e.getMessage());
    }
    boolean selectLast = switch (p.string("pretrain.select")) {
      case "val_loss" -> false;
      case "last" -> true;
      default -> throw new ReidInputException("pretrain.select: expected val_loss or last, got '"
          + p.string("pretrain.select") + "'");
    };
    double valFraction = p.dbl("pretrain.val_fraction");
    int valEvery = p.integer("pretrain.val_every");
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new ReidInputException("pretrain.val_fraction: expected a value in [0, 1), got " + valFraction);
    }
    if (valEvery < 1) {
      throw new ReidInputException("pretrain.val_every: expected at least 1, got " + valEvery);
    }
    PretrainSettings settings = new PretrainSettings(backbone, faceSize, bodySize,
        p.integer("pretrain.batch_size"), p.integer("pretrain.epochs"), p.integer("pretrain.max_steps"),
        p.dbl("pretrain.lr"), p.dbl("pretrain.weight_decay"), p.dbl("pretrain.temperature"),
        p.dbl("pretrain.grad_clip"), p.dbl("pretrain.eta_min_divisor"),
        p.integer("pretrain.checkpoint_every"), p.seed("pretrain"), variant, valFraction, valEvery,
        org.comicreid.learning.augment.PretrainAugmentations.fromConfig(in.params()));
    DeviceSelection.Choice device = DeviceSelection.select(env.device());
    say((device.fallback() ? "warning: " : "") + "device: " + device.description());
    tagDevice(in, device);
    List<CropPair> data = new ArrayList<>();
    long tc = System.nanoTime();
    for (Artifacts.InstanceRow r : sslRows) {
      data.add(new CropPair(r.key(),
          new CropImage(faceSize, CropStore.rgb(env.crops().crop(r.faceCrop()), faceSize)),
          new CropImage(bodySize, CropStore.rgb(env.crops().crop(r.bodyCrop()), bodySize))));
      if (data.size() % 500 == 0) {
        tick("cropping pretraining pairs: " + data.size() + "/" + sslRows.size());
      }
    }
    say(String.format(Locale.ROOT, "%d face-body crop pairs ready in %.1f s", data.size(),
        (System.nanoTime() - tc) / 1e9));
    PretrainTrainer.Split split = PretrainTrainer.split(data, settings.seed(), valFraction);
    if (split.train().size() < 2) {
      throw new ReidInputException("pretrain.val_fraction=" + valFraction + " leaves "
          + split.train().size() + " of " + data.size() + " face-body pairs for training; at least 2"
          + " are needed (lower pretrain.val_fraction)");
    }
    say(valFraction == 0 ? "no validation (pretrain.val_fraction=0): the last model is kept"
        : split.validation().isEmpty()
            ? "no validation: pretrain.val_fraction=" + valFraction + " holds out fewer than 2 of "
                + data.size() + " pairs; all are trained on and the last model is kept"
            : String.format(Locale.ROOT, "%d pairs held out for validation (after every %s and at"
                + " the end), %d for training", split.validation().size(),
                valEvery == 1 ? "epoch" : valEvery + " epochs", split.train().size()));
    StageContext ctx = StageContext.current();
    Path ckDir = checkpointDir(in.artifactDir());
    Optional<Path> resume = resumePoint(ctx, ckDir);
    long steps = (long) PretrainTrainer.stepsPerEpoch(split.train().size(), settings.batchSize())
        * settings.epochs();
    if (settings.maxSteps() > 0) {
      steps = Math.min(steps, settings.maxSteps());
    }
    say(String.format(Locale.ROOT, "%s variant, %d face-body pairs, %s width %d (%s stem) at %d/%d px, batch %d, %d steps%s",
        variant.key(), split.train().size(), backbone.arch(), backbone.width(),
        backbone.smallInput() ? "small" : "standard", faceSize, bodySize, settings.batchSize(), steps,
        resume.map(r -> ", resuming from " + r.getFileName() + " (attempt " + ctx.attempt() + ")")
            .orElse(ctx.attempt() > 1 ? ", attempt " + ctx.attempt() + " from step 0 (no checkpoint yet)" : "")));
    TrainingProgress monitor = new TrainingProgress(this, in, ctx, fault,
        resume.map(Path::toString).orElse(null), ckDir);
    long t0 = System.nanoTime();
    PretrainResult result = attempt(ctx,
        () -> PretrainTrainer.train(settings, data, ckDir, resume, monitor, device.device()));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Path file;
    String sha;
    List<String> plots;
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()))) {
      sha = sha(out.copyIn(selectLast ? result.finalCheckpoint() : result.selectedCheckpoint(),
          "model.ckpt"));
      plots = stageLosses(out, monitor.losses(), "pretrain (" + variant.key() + ") loss");
      out.publish();
      file = out.finalFile("model.ckpt");
    }
    StagingDir.deleteTree(ckDir);
    for (String name : plots) {
      trackArtifact(in, file.resolveSibling(name));
    }
    double perStep = monitor.stepsRun == 0 ? Double.NaN : seconds / monitor.stepsRun;
    int imagesPerPair = imagesPerPair(variant);
    say(String.format(Locale.ROOT, "trained %d steps (%d in this attempt, %.2f s/step, %.0f images/s),"
            + " final loss %.4f", result.steps(), monitor.stepsRun, perStep,
        imagesPerPair * settings.batchSize() / perStep, result.finalLoss()));
    Map<String, Double> tracked = new LinkedHashMap<>();
    tracked.put("final_loss", result.finalLoss());
    tracked.put("steps", (double) result.steps());
    tracked.put("seconds_per_step", perStep);
    tracked.put("images_per_second", imagesPerPair * settings.batchSize() / perStep);
    tracked.put("train_pairs", (double) result.trainPairs());
    tracked.put("validation_pairs", (double) result.validationPairs());
    if (result.bestCheckpoint() != null && selectLast) {
      tracked.put("best_step", (double) result.bestStep());
      for (String line : table3Lines(result.lastMetrics(), variant)) {
        say(line);
      }
      say(String.format(Locale.ROOT, "kept the final model of step %d (pretrain.select=last;"
              + " validation loss %.4f, lowest %.4f at step %d)", result.steps(),
          result.lastMetrics().get("ssl_val.loss"), result.bestMetrics().get("ssl_val.loss"),
          result.bestStep()));
      tracked.putAll(sslMetrics(result.lastMetrics()));
    } else if (result.bestCheckpoint() != null) {
      tracked.put("best_step", (double) result.bestStep());
      for (String line : table3Lines(result.bestMetrics(), variant)) {
        say(line);
      }
      say(String.format(Locale.ROOT, "selected the model of step %d of %d (lowest validation loss %.4f)",
          result.bestStep(), result.steps(), result.bestMetrics().get("ssl_val.loss")));
      tracked.putAll(sslMetrics(result.bestMetrics()));
    }
    track(in, tracked);
    Map<String, Double> validation = result.bestCheckpoint() == null ? Map.of()
        : selectLast ? result.lastMetrics() : result.bestMetrics();
    return new PretrainOutput(file.toString(), sha, result.epochs(), result.finalLoss(),
        provenance(in, Map.of("pairs", sha(Path.of(in.pair().pairsPath()))), true), validation);
  }

  /** Images through the network(s) per pair and step: 2 per trained strong term, 2 for identity. */
  static int imagesPerPair(PretrainVariant v) {
    return 2 * v.trainedTerms().size();
  }

  /** The validation metrics {@code ssl_val.*} renamed {@code ssl.*} (the selected model's row). */
  static Map<String, Double> sslMetrics(Map<String, Double> validation) {
    Map<String, Double> out = new LinkedHashMap<>();
    validation.forEach((k, v) -> out.put(k.startsWith("ssl_val.") ? "ssl." + k.substring(8) : k, v));
    return out;
  }

  /**
   * One line per term of a Table-3 row, as the paper prints it: NT-Xent loss, top-1 and top-5 in
   * percent, mean position; a term the variant does not train is marked so.
   */
  static List<String> table3Lines(Map<String, Double> m, PretrainVariant variant) {
    List<String> lines = new ArrayList<>();
    for (SslTerm t : SslTerm.values()) {
      String k = "ssl_val." + t.key() + ".";
      if (!m.containsKey(k + "loss")) {
        continue;
      }
      lines.add(String.format(Locale.ROOT,
          "Table 3, %-9s NT-Xent %.3f  top-1 %.1f%%  top-5 %.1f%%  mean position %.1f%s",
          t.key() + ":", m.get(k + "loss"), 100 * m.get(k + "top1"), 100 * m.get(k + "top5"),
          m.get(k + "mean_position"), variant.trains(t) ? "" : "  (not trained)"));
    }
    return lines;
  }

  /** Tags the tracked run with the device that ran; tracking failures only warn. */
  private void tagDevice(PretrainInput in, DeviceSelection.Choice device) {
    run(in).ifPresent(r -> {
      try {
        r.setTags(Map.of("device", device.device().toString(),
            "device.fallback", Boolean.toString(device.fallback()),
            "device.description", device.description()));
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(PretrainActivitiesImpl.class)
            .warn("tagging the device of {} failed: {}", in.stageKey(), e.getMessage());
      }
    });
  }
}
