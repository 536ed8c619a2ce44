package org.comicreid.learning.pretrain;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import org.comicreid.core.random.Seeds;
import org.comicreid.learning.checkpoint.Checkpoint;
import org.comicreid.learning.checkpoint.Checkpoints;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.model.PartNetworks;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.optim.AdamWOptimizer;
import org.comicreid.learning.optim.CosineSchedule;
import org.comicreid.learning.training.TrainingMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity-aware SimCLR pretraining, in any of the {@link PretrainVariant}s, with its own,
 * resumable epoch loop, self-supervised validation and model selection.
 *
 * <p>Per step: loss = the sum of the variant's NT-Xent terms (face: strong face 1 vs 2; body:
 * strong body 1 vs 2; identity: weak face vs weak body), AdamW, global-norm clipping per network,
 * and a cosine learning rate from {@code lr} to {@code lr / etaMinDivisor} over {@code epochs ·
 * stepsPerEpoch} steps (stepped per optimiser step). Batch norm runs in training mode.
 *
 * <p><b>Networks and initialisation.</b> Shared-backbone variants (face, unaligned, aligned) train
 * one network initialised from {@code derive(seed, 0)}. A network that only ever sees bodies (the
 * body variant's, and the separate variant's body network) is initialised from {@code
 * derive(seed, 0, 1)}; the separate variant's face network from {@code derive(seed, 0)}. So with
 * one seed the separate model is exactly the face model and the body model trained side by side on
 * the same batches (same augmentation streams, its own clipping; one AdamW over both networks,
 * which is per parameter and therefore the same as one per network).
 *
 * <p><b>Validation hold-out.</b> With {@code valFraction > 0}, pair p is held out when
 * {@code u(p) < valFraction}, where {@code u} maps {@code derive(seed, 4, fnv1a64(p.id))} to [0, 1):
 * a rule of the instance id and the seed alone, so the split does not depend on the order of the
 * data or on the other pairs. The held-out pairs are ordered by {@code u} (then id), the training
 * pairs keep their input order. If fewer than 2 pairs fall out (an NT-Xent batch needs a negative),
 * nothing is held out and the run has no validation.
 *
 * <p><b>Validation and model selection.</b> See {@link SslValidation} for the metrics. The model is
 * validated when epoch e (0-based) ends with {@code (e + 1) % valEvery == 0}, and once more at the
 * end of training unless the last step was just validated. A validation loss (the sum of the
 * trained terms) strictly lower than the best so far writes {@code best.ckpt} (kind
 * {@value #BEST_KIND}, the networks without optimiser state; its attributes also carry the
 * metrics), as the fine-tune trainer keeps its best.
 *
 * <p><b>Determinism and resuming.</b> Epoch e visits the training pairs in the order of a
 * permutation from {@code Random(derive(seed, 1, e))}; step g (global) augments with {@code
 * SplittableRandom(derive(seed, 2, g))}. A checkpoint stores the parameters (with batch-norm
 * statistics), the AdamW state, the position of the next step, the best validation loss (header
 * {@code bestMetric}), its step and metrics, and the step last validated, so a run resumed from
 * the checkpoint of step k continues exactly as the uninterrupted run. A checkpoint is written only
 * after the validation of its step, so it never lacks a validation that the run did.
 *
 * <p><b>Batches.</b> {@code stepsPerEpoch = ⌊n / batchSize⌋} full batches of the n training pairs
 * (the remainder of the permutation is dropped, as {@code drop_last}); with fewer pairs than a
 * batch, one batch of all.
 *
 * <p><b>Device.</b> The networks, the optimiser state and every step's arrays live on the device
 * given to {@link #train(PretrainSettings, List, Path, Optional, TrainingMonitor, Device)};
 * checkpoints are device-independent.
 */
public final class PretrainTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(PretrainTrainer.class);

  /** Checkpoint kind of the resumable checkpoints written by this trainer. */
  public static final String KIND = "pretrain";

  /** Checkpoint kind of the best model. */
  public static final String BEST_KIND = "pretrain-best";

  /** File name of the best model in the checkpoint directory. */
  public static final String BEST_FILE = "best.ckpt";

  /** Attribute prefix of the best model's validation metrics in the checkpoints. */
  static final String BEST_PREFIX = "best.";

  private PretrainTrainer() {}

  /** Training and validation pairs of a run. */
  public record Split(List<CropPair> train, List<CropPair> validation) {}

  /** Steps per epoch for {@code n} pairs. */
  public static int stepsPerEpoch(int n, int batchSize) {
    return n >= batchSize ? n / batchSize : 1;
  }

  /** The validation hold-out rule of the class comment. */
  public static Split split(List<CropPair> data, long seed, double valFraction) {
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException(
          "pretrain.val_fraction must be in [0, 1), got " + valFraction);
    }
    if (valFraction == 0) {
      return new Split(List.copyOf(data), List.of());
    }
    List<CropPair> train = new ArrayList<>();
    List<Map.Entry<Double, CropPair>> val = new ArrayList<>();
    for (CropPair p : data) {
      double u = holdOutValue(p.id(), seed);
      if (u < valFraction) {
        val.add(Map.entry(u, p));
      } else {
        train.add(p);
      }
    }
    if (val.size() < 2) {
      return new Split(List.copyOf(data), List.of());
    }
    val.sort(Map.Entry.<Double, CropPair>comparingByKey()
        .thenComparing(e -> e.getValue().id(), Comparator.naturalOrder()));
    return new Split(List.copyOf(train), val.stream().map(Map.Entry::getValue).toList());
  }

  /** u(id) in [0, 1): the top 53 bits of {@code derive(seed, 4, fnv1a64(id))}. */
  static double holdOutValue(String id, long seed) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return (Seeds.derive(seed, 4, h) >>> 11) * 0x1.0p-53;
  }

  /** As {@link #train(PretrainSettings, List, Path, Optional, TrainingMonitor, Device)} on the engine's default device. */
  public static PretrainResult train(PretrainSettings s, List<CropPair> data, Path checkpointDir,
      Optional<Path> resumeFrom, TrainingMonitor monitor) {
    return train(s, data, checkpointDir, resumeFrom, monitor, Engine.getInstance().defaultDevice());
  }

  /**
   * Trains (or resumes) and returns where the final and the best checkpoints are.
   *
   * @param data pairs with face crops of {@code faceSize} and body crops of {@code bodySize}; the
   *     validation pairs are split off by {@link #split}
   * @param checkpointDir where {@code step-*.ckpt} and {@code best.ckpt} go
   * @param resumeFrom a checkpoint of this trainer to continue from
   * @param device where the networks and the computation live
   * @throws CancellationException when the monitor asked to stop (after a checkpoint was written)
   */
  public static PretrainResult train(PretrainSettings s, List<CropPair> data, Path checkpointDir,
      Optional<Path> resumeFrom, TrainingMonitor monitor, Device device) {
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
    Split split = split(data, s.seed(), s.valFraction());
    List<CropPair> train = split.train();
    if (train.isEmpty()) {
      throw new IllegalArgumentException("pretrain.val_fraction " + s.valFraction() + " holds out all "
          + data.size() + " pairs; nothing is left to train on");
    }
    int n = train.size();
    int batch = Math.min(s.batchSize(), n);
    int perEpoch = stepsPerEpoch(n, s.batchSize());
    long scheduled = (long) s.epochs() * perEpoch;
    long total = s.maxSteps() > 0 ? Math.min(scheduled, s.maxSteps()) : scheduled;
    CosineSchedule schedule = new CosineSchedule(s.lr(), scheduled, s.lr() / s.etaMinDivisor());
    Map<String, String> identity = attributes(s.backbone(), s, data.size(), n,
        split.validation().size());

    try (NDManager root = NDManager.newBaseManager(device);
        PartNetworks nets = networks(s.variant(), s.backbone(), root, s.seed());
        AdamWOptimizer opt = AdamWOptimizer.create(nets.trainableParameters(), root, s.weightDecay())) {
      State st = new State();
      if (resumeFrom.isPresent()) {
        Checkpoint c = Checkpoint.read(resumeFrom.get(), nets::load, opt);
        check(c, s, identity, resumeFrom.get());
        st = State.of(c);
        LOG.info("pretraining resumes from {} at epoch {} step {} (global {})",
            resumeFrom.get(), st.epoch, st.stepInEpoch, st.global);
      }
      SslValidation validation = split.validation().isEmpty() ? null
          : new SslValidation(s, nets, split.validation());
      Path bestFile = checkpointDir.resolve(BEST_FILE);
      PretrainStep step = new PretrainStep(s, nets, opt);
      List<Double> losses = new ArrayList<>();
      Path last = null;
      long lastSaved = -1;
      outer:
      while (st.epoch < s.epochs() && st.global < total) {
        int[] perm = permutation(n, Seeds.derive(s.seed(), 1, st.epoch));
        while (st.stepInEpoch < perEpoch) {
          if (st.global >= total) {
            break outer;
          }
          List<CropPair> pairs = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            pairs.add(train.get(perm[st.stepInEpoch * batch + i]));
          }
          double lr = schedule.lr(st.global);
          PretrainStep.Outcome out =
              step.run(pairs, new SplittableRandom(Seeds.derive(s.seed(), 2, st.global)), lr);
          if (!Double.isFinite(out.loss())) {
            throw new IllegalStateException(
                "pretraining loss is " + out.loss() + " at step " + st.global);
          }
          losses.add(out.loss());
          int doneStep = st.stepInEpoch;
          int doneEpoch = st.epoch;
          st.global++;
          st.stepInEpoch++;
          boolean epochEnded = st.stepInEpoch == perEpoch;
          if (epochEnded) {
            st.epoch++;
            st.stepInEpoch = 0;
          }
          LOG.debug("step {} loss {} top1 {} top5 {} meanPos {} gradNorm {}", st.global, out.loss(),
              out.top1(), out.top5(), out.meanPosition(), out.gradNorm());
          monitor.onStep(doneEpoch, doneStep, st.global, total, out.loss(), lr);
          if (validation != null && epochEnded && st.epoch % s.valEvery() == 0) {
            validate(validation, st, doneEpoch, s, nets, identity, bestFile, monitor);
          }
          if (s.checkpointEvery() > 0 && st.global % s.checkpointEvery() == 0) {
            last = save(checkpointDir, s, identity, nets, opt, st, monitor);
            lastSaved = st.global;
          }
          if (monitor.cancelled()) {
            if (lastSaved != st.global) {
              save(checkpointDir, s, identity, nets, opt, st, monitor);
            }
            throw new CancellationException("pretraining cancelled at global step " + st.global);
          }
          if (epochEnded) {
            continue outer;
          }
        }
      }
      boolean validatedNow = false;
      if (validation != null && (st.lastValStep != st.global || st.lastMetrics.isEmpty())) {
        validate(validation, st, st.stepInEpoch == 0 ? st.epoch - 1 : st.epoch, s, nets, identity,
            bestFile, monitor);
        validatedNow = true;
      }
      if (validatedNow || lastSaved != st.global) {
        last = save(checkpointDir, s, identity, nets, opt, st, monitor);
      }
      if (validation != null && !Files.isRegularFile(bestFile)) {
        throw new IllegalStateException("pretraining validated but " + bestFile + " is missing");
      }
      double finalLoss = losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1);
      return new PretrainResult(last, validation == null ? null : bestFile, st.epoch,
          (int) st.global, finalLoss, losses, st.bestStep, st.bestMetrics, n,
          split.validation().size(), st.lastMetrics);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Progress and model-selection state (what a resumable checkpoint holds besides the weights). */
  private static final class State {
    int epoch;
    int stepInEpoch;
    long global;
    double bestLoss = Double.NaN;
    long bestStep = -1;
    long lastValStep = -1;
    Map<String, Double> bestMetrics = new LinkedHashMap<>();
    /** Metrics of the latest validation of this call (not saved: recomputed at the end if empty). */
    Map<String, Double> lastMetrics = new LinkedHashMap<>();

    static State of(Checkpoint c) {
      State st = new State();
      st.epoch = c.epoch();
      st.stepInEpoch = c.stepInEpoch();
      st.global = c.globalStep();
      st.bestLoss = c.bestMetric();
      Map<String, String> a = c.attributes();
      st.bestStep = Long.parseLong(a.getOrDefault("bestStep", "-1"));
      st.lastValStep = Long.parseLong(a.getOrDefault("lastValStep", "-1"));
      st.bestMetrics = metricsOf(a);
      return st;
    }
  }

  /** The validation metrics stored with prefix {@value #BEST_PREFIX} in checkpoint attributes. */
  static Map<String, Double> metricsOf(Map<String, String> attributes) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (SslTerm t : SslTerm.values()) {
      for (String m : SslValidation.METRICS) {
        String k = SslValidation.PREFIX + t.key() + "." + m;
        String v = attributes.get(BEST_PREFIX + k);
        if (v != null) {
          out.put(k, Double.parseDouble(v));
        }
      }
    }
    String total = attributes.get(BEST_PREFIX + SslValidation.PREFIX + "loss");
    if (total != null) {
      out.put(SslValidation.PREFIX + "loss", Double.parseDouble(total));
    }
    return out;
  }

  /** The validation metrics of the best checkpoint {@code c} (empty for other checkpoints). */
  public static Map<String, Double> bestMetricsOf(Checkpoint c) {
    return metricsOf(c.attributes());
  }

  private static void validate(SslValidation validation, State st, int epoch, PretrainSettings s,
      PartNetworks nets, Map<String, String> identity, Path bestFile, TrainingMonitor monitor)
      throws IOException {
    Map<String, Double> m = validation.evaluate(monitor);
    double loss = m.get(SslValidation.PREFIX + "loss");
    st.lastValStep = st.global;
    st.lastMetrics = new LinkedHashMap<>(m);
    boolean better = Double.isFinite(loss) && (Double.isNaN(st.bestLoss) || loss < st.bestLoss);
    if (better) {
      st.bestLoss = loss;
      st.bestStep = st.global;
      st.bestMetrics = new LinkedHashMap<>(m);
      Map<String, String> a = new TreeMap<>(identity);
      a.put("bestStep", Long.toString(st.bestStep));
      m.forEach((k, v) -> a.put(BEST_PREFIX + k, Double.toString(v)));
      new Checkpoint(BEST_KIND, st.epoch, st.stepInEpoch, st.global, loss, s.seed(), a)
          .write(bestFile, nets::save, null);
    }
    LOG.info("pretraining validation after step {}: loss {} (best {} at step {})", st.global, loss,
        st.bestLoss, st.bestStep);
    monitor.onValidation(epoch, st.global, m);
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

  /** Fresh networks of a variant, initialised as the class comment says. */
  static PartNetworks networks(PretrainVariant v, BackboneSpec spec, NDManager manager, long seed) {
    long faceSeed = Seeds.derive(seed, 0);
    long bodySeed = Seeds.derive(seed, 0, 1);
    if (v.separateNetworks()) {
      ReidNetwork face = ReidNetwork.create(spec, manager, faceSeed);
      try {
        return PartNetworks.separate(face, ReidNetwork.create(spec, manager, bodySeed));
      } catch (RuntimeException e) {
        face.close();
        throw e;
      }
    }
    return PartNetworks.shared(
        ReidNetwork.create(spec, manager, v.seesFaces() ? faceSeed : bodySeed));
  }

  private static Path save(Path dir, PretrainSettings s, Map<String, String> identity,
      PartNetworks nets, AdamWOptimizer opt, State st, TrainingMonitor monitor) throws IOException {
    Path file = Checkpoints.forStep(dir, st.global);
    Map<String, String> a = new TreeMap<>(identity);
    a.put("bestStep", Long.toString(st.bestStep));
    a.put("lastValStep", Long.toString(st.lastValStep));
    st.bestMetrics.forEach((k, v) -> a.put(BEST_PREFIX + k, Double.toString(v)));
    Checkpoint c = new Checkpoint(KIND, st.epoch, st.stepInEpoch, st.global, st.bestLoss, s.seed(), a);
    c.write(file, nets::save, opt);
    monitor.onCheckpoint(file, st.global);
    return file;
  }

  /**
   * Attributes that identify a run's model and data (the backbone and variant are read back by the
   * extractor; all of them must match to resume).
   */
  static Map<String, String> attributes(BackboneSpec b, PretrainSettings s, int pairs,
      int trainPairs, int validationPairs) {
    Map<String, String> a = new TreeMap<>();
    a.put("arch", b.arch());
    a.put("width", Integer.toString(b.width()));
    a.put("smallInput", Boolean.toString(b.smallInput()));
    a.put("faceSize", Integer.toString(s.faceSize()));
    a.put("bodySize", Integer.toString(s.bodySize()));
    a.put("batchSize", Integer.toString(s.batchSize()));
    a.put("pairs", Integer.toString(pairs));
    a.put("trainPairs", Integer.toString(trainPairs));
    a.put("validationPairs", Integer.toString(validationPairs));
    a.put("variant", s.variant().key());
    a.put("valFraction", Double.toString(s.valFraction()));
    a.put("valEvery", Integer.toString(s.valEvery()));
    return a;
  }

  /** The backbone a pretraining checkpoint was written for. */
  public static BackboneSpec backboneOf(Checkpoint c) {
    return new BackboneSpec(c.attributes().get("arch"), Integer.parseInt(c.attributes().get("width")),
        Boolean.parseBoolean(c.attributes().get("smallInput")));
  }

  /** The variant a pretraining checkpoint was written for (aligned for checkpoints that predate variants). */
  public static PretrainVariant variantOf(Checkpoint c) {
    String v = c.attributes().get("variant");
    return v == null ? PretrainVariant.ALIGNED : PretrainVariant.parse(v);
  }

  /**
   * Networks of the layout a pretraining checkpoint (resumable or best) describes, in {@code
   * manager}, with the checkpoint's parameters loaded (its optimiser state is skipped).
   */
  public static PartNetworks load(Path checkpoint, NDManager manager) throws IOException {
    Checkpoint header = Checkpoint.readHeader(checkpoint);
    if (!KIND.equals(header.kind()) && !BEST_KIND.equals(header.kind())) {
      throw new IOException(checkpoint + " is a " + header.kind() + " checkpoint, not a "
          + KIND + " or " + BEST_KIND + " one");
    }
    PartNetworks nets = networks(variantOf(header), backboneOf(header), manager, 0);
    try {
      Checkpoint.read(checkpoint, nets::load, null);
      return nets;
    } catch (IOException | RuntimeException e) {
      nets.close();
      throw e;
    }
  }

  private static void check(Checkpoint c, PretrainSettings s, Map<String, String> expected,
      Path file) {
    if (!KIND.equals(c.kind())) {
      throw new IllegalArgumentException(file + " is a " + c.kind() + " checkpoint, not " + KIND);
    }
    Map<String, String> found = new TreeMap<>();
    for (String k : expected.keySet()) {
      found.put(k, c.attributes().get(k));
    }
    if (!expected.equals(found) || c.seed() != s.seed()) {
      throw new IllegalArgumentException("cannot resume from " + file + ": it was written for "
          + found + " seed " + c.seed() + ", this run is " + expected + " seed " + s.seed());
    }
  }
}
