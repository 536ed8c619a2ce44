package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.images.CropSpec;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.PretrainInput;
import org.comicreid.core.pipeline.PretrainOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.pretrain.CropPair;
import org.comicreid.learning.pretrain.PretrainResult;
import org.comicreid.learning.pretrain.PretrainSettings;
import org.comicreid.learning.pretrain.PretrainTrainer;
import org.comicreid.workflows.activities.PretrainActivities;

/**
 * Pretrain (paper 3.2, Appendix E; FACTS "Self-supervised pretraining"): Identity-Aware SimCLR,
 * aligned variant, on pair's face+body pairs. Heartbeats (epoch, step, checkpoint) after every
 * step; a retried attempt reads the last heartbeat and resumes from its checkpoint, and a rerun of
 * the stage (same stage key) resumes from the newest checkpoint in its checkpoint directory.
 * Publishes {@code model.ckpt}; the step checkpoints are deleted once it is published.
 */
public final class PretrainActivitiesImpl extends StageSupport implements PretrainActivities {
  private final TrainingFault fault;

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
    PretrainSettings settings = new PretrainSettings(backbone, faceSize, bodySize,
        p.integer("pretrain.batch_size"), p.integer("pretrain.epochs"), p.integer("pretrain.max_steps"),
        p.dbl("pretrain.lr"), p.dbl("pretrain.weight_decay"), p.dbl("pretrain.temperature"),
        p.dbl("pretrain.grad_clip"), p.dbl("pretrain.eta_min_divisor"),
        p.integer("pretrain.checkpoint_every"), p.seed("pretrain"), true, true, true);
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
    StageContext ctx = StageContext.current();
    Path ckDir = checkpointDir(in.artifactDir());
    Optional<Path> resume = resumePoint(ctx, ckDir);
    long steps = (long) PretrainTrainer.stepsPerEpoch(data.size(), settings.batchSize()) * settings.epochs();
    if (settings.maxSteps() > 0) {
      steps = Math.min(steps, settings.maxSteps());
    }
    say(String.format(Locale.ROOT, "%d face-body pairs, %s width %d (%s stem) at %d/%d px, batch %d, %d steps%s",
        data.size(), backbone.arch(), backbone.width(), backbone.smallInput() ? "small" : "standard", faceSize, bodySize, settings.batchSize(), steps,
        resume.map(r -> ", resuming from " + r.getFileName() + " (attempt " + ctx.attempt() + ")")
            .orElse(ctx.attempt() > 1 ? ", attempt " + ctx.attempt() + " from step 0 (no checkpoint yet)" : "")));
    TrainingProgress monitor = new TrainingProgress(this, in, ctx, fault, resume.map(Path::toString).orElse(null));
    long t0 = System.nanoTime();
    PretrainResult result = attempt(ctx,
        () -> PretrainTrainer.train(settings, data, ckDir, resume, monitor));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Path file;
    String sha;
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()))) {
      sha = sha(out.copyIn(result.finalCheckpoint(), "model.ckpt"));
      out.publish();
      file = out.finalFile("model.ckpt");
    }
    StagingDir.deleteTree(ckDir);
    double perStep = monitor.stepsRun == 0 ? Double.NaN : seconds / monitor.stepsRun;
    say(String.format(Locale.ROOT, "trained %d steps (%d in this attempt, %.2f s/step, %.0f images/s),"
            + " final loss %.4f", result.steps(), monitor.stepsRun, perStep,
        6.0 * settings.batchSize() / perStep, result.finalLoss()));
    track(in, Map.of("final_loss", result.finalLoss(), "steps", (double) result.steps(),
        "seconds_per_step", perStep, "images_per_second", 6.0 * settings.batchSize() / perStep));
    return new PretrainOutput(file.toString(), sha, result.epochs(), result.finalLoss(),
        provenance(in, Map.of("pairs", sha(Path.of(in.pair().pairsPath()))), true));
  }
}
