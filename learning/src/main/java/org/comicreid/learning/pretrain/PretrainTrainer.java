package org.comicreid.learning.pretrain;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.comicreid.learning.checkpoint.Checkpoint;
import org.comicreid.learning.checkpoint.Checkpoints;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.optim.AdamWOptimizer;
import org.comicreid.learning.optim.CosineSchedule;
import org.comicreid.core.random.Seeds;
import org.comicreid.learning.training.TrainingMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity-aware SimCLR pretraining with its own, resumable epoch loop.
 *
 * <p>Per step: loss = NT-Xent(strong face 1, strong face 2) + NT-Xent(strong body 1, strong body 2)
 * + NT-Xent(weak face, weak body) (each term optional), AdamW, global-norm clipping, and a cosine
 * learning rate from {@code lr} to {@code lr / etaMinDivisor} over {@code epochs · stepsPerEpoch}
 * steps (stepped per optimiser step). Batch norm runs in training mode.
 *
 * <p><b>Determinism and resuming.</b> The initial parameters come from {@code derive(seed, 0)};
 * epoch e visits the pairs in the order of a permutation from {@code Random(derive(seed, 1, e))};
 * step g (global) augments with {@code SplittableRandom(derive(seed, 2, g))}. A checkpoint stores
 * the parameters (with batch-norm statistics), the AdamW state and the position of the next step,
 * so a run resumed from the checkpoint of step k continues exactly as the uninterrupted run.
 *
 * <p><b>Batches.</b> {@code stepsPerEpoch = ⌊n / batchSize⌋} full batches (the remainder of the
 * permutation is dropped, as {@code drop_last}); with fewer pairs than a batch, one batch of all.
 */
public final class PretrainTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(PretrainTrainer.class);

  /** Checkpoint kind written by this trainer. */
  public static final String KIND = "pretrain";

  private PretrainTrainer() {}

  /** Steps per epoch for {@code n} pairs. */
  public static int stepsPerEpoch(int n, int batchSize) {
    return n >= batchSize ? n / batchSize : 1;
  }

  /**
   * Trains (or resumes) and returns where the final checkpoint is.
   *
   * @param data pairs with face crops of {@code faceSize} and body crops of {@code bodySize}
   * @param checkpointDir where {@code step-*.ckpt} files go
   * @param resumeFrom a checkpoint of this trainer to continue from
   * @throws CancellationException when the monitor asked to stop (after a checkpoint was written)
   */
  public static PretrainResult train(PretrainSettings s, List<CropPair> data, Path checkpointDir,
      Optional<Path> resumeFrom, TrainingMonitor monitor) {
    org.comicreid.learning.training.GradMode.offForThisThread();
    if (data.isEmpty()) {
      throw new IllegalArgumentException("no pretraining pairs");
    }
    for (CropPair p : data) {
      if (p.face().size() != s.faceSize() || p.body().size() != s.bodySize()) {
        throw new IllegalArgumentException("pair " + p.id() + ": crops " + p.face().size() + "/"
            + p.body().size() + ", settings " + s.faceSize() + "/" + s.bodySize());
      }
    }
    int n = data.size();
    int batch = Math.min(s.batchSize(), n);
    int perEpoch = stepsPerEpoch(n, s.batchSize());
    long scheduled = (long) s.epochs() * perEpoch;
    long total = s.maxSteps() > 0 ? Math.min(scheduled, s.maxSteps()) : scheduled;
    CosineSchedule schedule = new CosineSchedule(s.lr(), scheduled, s.lr() / s.etaMinDivisor());

    try (NDManager root = NDManager.newBaseManager();
        ReidNetwork net = ReidNetwork.create(s.backbone(), root, Seeds.derive(s.seed(), 0));
        AdamWOptimizer opt = AdamWOptimizer.create(net.trainableParameters(), root, s.weightDecay())) {
      int epoch = 0;
      int stepInEpoch = 0;
      long global = 0;
      if (resumeFrom.isPresent()) {
        Checkpoint c = Checkpoint.read(resumeFrom.get(), net::load, opt);
        check(c, s, n, resumeFrom.get());
        epoch = c.epoch();
        stepInEpoch = c.stepInEpoch();
        global = c.globalStep();
        LOG.info("pretraining resumes from {} at epoch {} step {} (global {})",
            resumeFrom.get(), epoch, stepInEpoch, global);
      }
      PretrainStep step = new PretrainStep(s, net, opt);
      List<Double> losses = new ArrayList<>();
      Path last = null;
      long lastSaved = -1;
      outer:
      while (epoch < s.epochs() && global < total) {
        int[] perm = permutation(n, Seeds.derive(s.seed(), 1, epoch));
        while (stepInEpoch < perEpoch) {
          if (global >= total) {
            break outer;
          }
          List<CropPair> pairs = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            pairs.add(data.get(perm[stepInEpoch * batch + i]));
          }
          double lr = schedule.lr(global);
          PretrainStep.Outcome out =
              step.run(pairs, new SplittableRandom(Seeds.derive(s.seed(), 2, global)), lr);
          if (!Double.isFinite(out.loss())) {
            throw new IllegalStateException("pretraining loss is " + out.loss() + " at step " + global);
          }
          losses.add(out.loss());
          int doneStep = stepInEpoch;
          global++;
          stepInEpoch++;
          if (stepInEpoch == perEpoch) {
            epoch++;
            stepInEpoch = 0;
          }
          LOG.debug("step {} loss {} top1 {} top5 {} meanPos {} gradNorm {}", global, out.loss(),
              out.top1(), out.top5(), out.meanPosition(), out.gradNorm());
          monitor.onStep(stepInEpoch == 0 ? epoch - 1 : epoch, doneStep, global, total, out.loss(), lr);
          if (s.checkpointEvery() > 0 && global % s.checkpointEvery() == 0) {
            last = save(checkpointDir, s, n, net, opt, epoch, stepInEpoch, global, monitor);
            lastSaved = global;
          }
          if (monitor.cancelled()) {
            if (lastSaved != global) {
              save(checkpointDir, s, n, net, opt, epoch, stepInEpoch, global, monitor);
            }
            throw new CancellationException("pretraining cancelled at global step " + global);
          }
          if (stepInEpoch == 0) {
            continue outer;
          }
        }
      }
      if (lastSaved != global) {
        last = save(checkpointDir, s, n, net, opt, epoch, stepInEpoch, global, monitor);
      }
      double finalLoss = losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1);
      return new PretrainResult(last, epoch, (int) global, finalLoss, List.copyOf(losses));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A permutation of 0..n-1 (Fisher–Yates with {@link Random}). */
  static int[] permutation(int n, long seed) {
    Random rnd = new Random(seed);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static Path save(Path dir, PretrainSettings s, int n, ReidNetwork net, AdamWOptimizer opt,
      int epoch, int stepInEpoch, long global, TrainingMonitor monitor) throws IOException {
    Path file = Checkpoints.forStep(dir, global);
    Checkpoint c = new Checkpoint(KIND, epoch, stepInEpoch, global, Double.NaN, s.seed(),
        attributes(s.backbone(), s, n));
    c.write(file, net::save, opt);
    monitor.onCheckpoint(file, global);
    return file;
  }

  /** Attributes every pretraining checkpoint carries (the backbone is read back by the extractor). */
  static Map<String, String> attributes(BackboneSpec b, PretrainSettings s, int n) {
    return Map.of(
        "arch", b.arch(),
        "width", Integer.toString(b.width()),
        "smallInput", Boolean.toString(b.smallInput()),
        "faceSize", Integer.toString(s.faceSize()),
        "bodySize", Integer.toString(s.bodySize()),
        "batchSize", Integer.toString(s.batchSize()),
        "pairs", Integer.toString(n));
  }

  /** The backbone a pretraining checkpoint was written for. */
  public static BackboneSpec backboneOf(Checkpoint c) {
    return new BackboneSpec(c.attributes().get("arch"), Integer.parseInt(c.attributes().get("width")),
        Boolean.parseBoolean(c.attributes().get("smallInput")));
  }

  private static void check(Checkpoint c, PretrainSettings s, int n, Path file) {
    if (!KIND.equals(c.kind())) {
      throw new IllegalArgumentException(file + " is a " + c.kind() + " checkpoint, not " + KIND);
    }
    Map<String, String> expected = attributes(s.backbone(), s, n);
    if (!expected.equals(c.attributes()) || c.seed() != s.seed()) {
      throw new IllegalArgumentException("cannot resume from " + file + ": it was written for "
          + c.attributes() + " seed " + c.seed() + ", this run is " + expected + " seed " + s.seed());
    }
  }
}
