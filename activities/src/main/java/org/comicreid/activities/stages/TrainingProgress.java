package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.comicreid.core.pipeline.StageInput;
import org.comicreid.learning.training.TrainingMonitor;

/**
 * Adapts a trainer's monitor to the activity: heartbeats with the resume point after every step,
 * transient progress lines with loss and ETA, loss curves and validation metrics (as metrics at
 * the global step of the validation) to the tracked run, and the injected fault. The loss points
 * it tracks are also kept in a {@link LossHistory} ({@code losses.tsv} and {@code losses.png} of
 * the stage), saved with each checkpoint so that a resumed attempt continues the curve.
 */
final class TrainingProgress implements TrainingMonitor {
  private final StageSupport owner;
  private final StageInput input;
  private final StageContext ctx;
  private final TrainingFault fault;
  private final long startNanos = System.nanoTime();
  private long firstStep = -1;
  private String checkpoint;
  /** The stage's tracked run, looked up once (not a ledger query per step). */
  private java.util.Optional<org.comicreid.experiments.tracking.TrackedRun> run;
  private long lastPrint;
  private long lastGlobalStep;
  long stepsRun;
  private final LossHistory losses;

  /** Without a checkpoint directory: the loss history is kept in memory only. */
  TrainingProgress(StageSupport owner, StageInput input, StageContext ctx, TrainingFault fault, String resumedFrom) {
    this(owner, input, ctx, fault, resumedFrom, null);
  }

  /**
   * @param resumedFrom the checkpoint this attempt resumes from, or null
   * @param checkpointDir where the trainer writes its checkpoints (the loss history is saved there
   *     with each), or null
   */
  TrainingProgress(StageSupport owner, StageInput input, StageContext ctx, TrainingFault fault,
      String resumedFrom, Path checkpointDir) {
    this.owner = owner;
    this.input = input;
    this.ctx = ctx;
    this.fault = fault;
    this.checkpoint = resumedFrom == null ? "" : resumedFrom;
    this.losses = new LossHistory(checkpointDir, resumedFrom != null);
  }

  /** The loss points tracked so far, with those of earlier attempts this one resumed from. */
  LossHistory losses() {
    return losses;
  }

  @Override
  public void onStep(int epoch, int step, long globalStep, long totalSteps, double loss, double lr) {
    if (firstStep < 0) {
      firstStep = globalStep - 1;
      losses.dropAfter(firstStep);
    }
    stepsRun++;
    lastGlobalStep = globalStep;
    ctx.heartbeat(new TrainingHeartbeat(epoch, step, globalStep, totalSteps, loss, checkpoint));
    long now = System.nanoTime();
    double perStep = (now - startNanos) / 1e9 / Math.max(1, globalStep - firstStep);
    Duration eta = Duration.ofMillis((long) (perStep * 1000 * Math.max(0, totalSteps - globalStep)));
    if (now - lastPrint > 2_000_000_000L || globalStep == totalSteps) {
      lastPrint = now;
      owner.tick(String.format(Locale.ROOT, "epoch %d step %d/%d loss %.4f lr %.2e  %.2fs/step eta %s",
          epoch + 1, globalStep, totalSteps, loss, lr, perStep, StageSupport.human(eta)));
    }
    if (totalSteps <= 2000 || globalStep % Math.max(1, totalSteps / 2000) == 0 || globalStep == totalSteps) {
      if (run == null) {
        run = owner.run(input);
      }
      owner.trackSteps(run, Map.of("loss", loss, "lr", lr), globalStep);
      losses.add(globalStep, "loss", loss);
    }
    fault.beforeStep(ctx.attempt(), globalStep + 1);
  }

  /** Heartbeats (with the last checkpoint as the resume point) and says how far validation is. */
  @Override
  public void onValidationBatch(int batch, int batches) {
    ctx.heartbeat(new TrainingHeartbeat(-1, -1, lastGlobalStep, -1, Double.NaN, checkpoint));
    long now = System.nanoTime();
    if (now - lastPrint > 2_000_000_000L) {
      lastPrint = now;
      owner.tick("validation batch " + batch + "/" + batches);
    }
  }

  @Override
  public void onValidation(int epoch, long globalStep, Map<String, Double> metrics) {
    if (run == null) {
      run = owner.run(input);
    }
    owner.trackSteps(run, metrics, globalStep);
    new java.util.TreeMap<>(metrics).forEach((k, v) -> {
      if (k.endsWith("loss") && v != null) {
        losses.add(globalStep, k, v);
      }
    });
    Double loss = metrics.get("ssl_val.loss");
    owner.tick(String.format(Locale.ROOT, "epoch %d step %d validation loss %.4f", epoch + 1,
        globalStep, loss == null ? Double.NaN : loss));
  }

  @Override
  public void onCheckpoint(Path file, long globalStep) {
    checkpoint = file.toString();
    losses.checkpointed(globalStep);
    ctx.heartbeat(new TrainingHeartbeat(-1, -1, globalStep, -1, Double.NaN, checkpoint));
  }

  @Override
  public boolean cancelled() {
    return false;
  }

  String lastCheckpoint() {
    return checkpoint;
  }
}
