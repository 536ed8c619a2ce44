package org.comicreid.learning.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import org.comicreid.core.random.Seeds;
import org.comicreid.learning.augment.Augmentation;
import org.comicreid.learning.augment.StrongAugment;
import org.comicreid.learning.augment.WeakAugment;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.optim.AdamWOptimizer;

/**
 * Throughput probes of pretraining, on random crops, without checkpoints.
 *
 * <p>{@link #measure} times the trainer's whole step (augmentation included, through the
 * trainer's own step class); one warm-up step is not timed. Images per step = 6 × batch.
 *
 * <p>{@link #trainStep} times the network part of the Identity-Aware SimCLR step alone, so that it
 * can be compared with the same step written in PyTorch eager ({@code tools/bench/
 * torch_train_step.py}): forward of all views, the NT-Xent terms of the variant, backward,
 * global-norm clipping and AdamW. Decisions the paper does not pin down:
 *
 * <ul>
 *   <li><b>Augmentation is not in the timed step.</b> Each step's views are prepared first (the
 *       production augmentations of fixed random crops, or uniform random values in [−1, 1]);
 *       that preparation is timed separately ({@code prepareSeconds}). The timer starts with the
 *       prepared views in Java arrays (copying them into native arrays is timed) and stops when
 *       AdamW has updated the parameters (libtorch on the CPU is synchronous, so nothing is
 *       pending then).
 *   <li><b>The step is the trainer's.</b> The timed part is {@link PretrainStep}'s own step on the
 *       prepared views: faces {@code [strong1; strong2; weak]} in one forward pass, bodies likewise
 *       in another (batch-norm statistics per part), the variant's NT-Xent terms (τ 0.07, with
 *       their Table-3 metrics), the loss read back to Java, clipping at 0.5, AdamW lr 5e-4
 *       (constant: no schedule), weight decay 0.01.
 *   <li><b>Variants.</b> {@code face}: faces only, NT-Xent(strong, strong), 2N views;
 *       {@code body}: the same on bodies; {@code unaligned}: both of those, 4N views;
 *       {@code aligned}: those plus NT-Xent(weak face, weak body), 6N views. "Images" in
 *       images/s are these views. The {@code separate} model (two backbones) is two
 *       single-part steps and has no variant here.
 *   <li><b>One size.</b> Faces and bodies have the same side; the stem follows {@link
 *       BackboneSpec#forInput} (small stem at ≤ 64 px).
 *   <li><b>Threads.</b> {@code threads > 0} sets libtorch's intra-op thread count for the whole
 *       process ({@code at::set_num_threads}); 0 keeps the engine's default. The count in effect
 *       is reported either way.
 *   <li><b>Randomness.</b> Initialisation, crops and per-step views come from {@link
 *       Seeds#derive} of the seed (1: network, 2: crops, 3 and the step index: views); the
 *       augmentation streams are split per pair in the trainer's order (strong face 1, 2, strong
 *       body 1, 2, weak face, weak body).
 * </ul>
 */
public final class PretrainSpeed {

  /** NT-Xent temperature of the paper. */
  static final double TEMPERATURE = 0.07;
  /** AdamW learning rate of the paper (no schedule in the probe). */
  static final double LR = 5e-4;
  /** AdamW decoupled weight decay of the paper. */
  static final double WEIGHT_DECAY = 0.01;
  /** Global gradient-norm limit of the paper. */
  static final double GRAD_CLIP = 0.5;
  /** Smallest image side the probe accepts. */
  public static final int MIN_SIZE = 8;

  private PretrainSpeed() {}

  /**
   * Measured throughput.
   *
   * @param medianSecondsPerStep median wall time of the timed steps
   * @param imagesPerSecond {@code 6 · batch / medianSecondsPerStep}
   */
  public record Speed(double medianSecondsPerStep, double imagesPerSecond) {}

  /** Runs {@code steps} timed steps (plus one warm-up) and reports the median. */
  public static Speed measure(BackboneSpec backbone, int faceSize, int bodySize, int batchSize,
      int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be positive");
    }
    org.comicreid.learning.training.GradMode.offForThisThread();
    PretrainSettings s = PretrainSettings.paper(backbone, faceSize, bodySize, batchSize, 1, 1L);
    Random rnd = new Random(1);
    List<CropPair> batch = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      byte[] f = new byte[faceSize * faceSize * 3];
      byte[] b = new byte[bodySize * bodySize * 3];
      rnd.nextBytes(f);
      rnd.nextBytes(b);
      batch.add(new CropPair("speed_" + i, new CropImage(faceSize, f), new CropImage(bodySize, b)));
    }
    try (NDManager root = NDManager.newBaseManager();
        ReidNetwork net = ReidNetwork.create(backbone, root, 1);
        AdamWOptimizer opt = AdamWOptimizer.create(net.trainableParameters(), root, s.weightDecay())) {
      PretrainStep step = new PretrainStep(s, net, opt);
      step.run(batch, new SplittableRandom(0), s.lr());
      double[] t = new double[steps];
      for (int i = 0; i < steps; i++) {
        long start = System.nanoTime();
        step.run(batch, new SplittableRandom(i + 1), s.lr());
        t[i] = (System.nanoTime() - start) / 1e9;
      }
      return new Speed(median(t), 6.0 * batchSize / median(t));
    }
  }

  /** The loss terms of a pretraining variant (paper Section 4 ablations). */
  public enum Variant {
    /** Faces only: NT-Xent(strong face, strong face). */
    FACE(true, false, false),
    /** Bodies only: NT-Xent(strong body, strong body). */
    BODY(false, true, false),
    /** Both parts, no identity term. */
    UNALIGNED(true, true, false),
    /** Both parts plus NT-Xent(weak face, weak body): the paper's model. */
    ALIGNED(true, true, true);

    final boolean face;
    final boolean body;
    final boolean identity;

    Variant(boolean face, boolean body, boolean identity) {
      this.face = face;
      this.body = body;
      this.identity = identity;
    }

    /** The lower-case name ({@code face}, {@code body}, {@code unaligned}, {@code aligned}). */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower- or upper-case name; the error lists the accepted names. */
    public static Variant parse(String text) {
      for (Variant v : values()) {
        if (v.key().equals(text == null ? "" : text.strip().toLowerCase(Locale.ROOT))) {
          return v;
        }
      }
      throw new IllegalArgumentException(
          "variant: expected face, body, unaligned or aligned, got '" + text + "'");
    }

    /** Face views per pair that go through the network (strong 1, strong 2, weak). */
    public int faceViewsPerPair() {
      return (face ? 2 : 0) + (identity ? 1 : 0);
    }

    /** Body views per pair that go through the network. */
    public int bodyViewsPerPair() {
      return (body ? 2 : 0) + (identity ? 1 : 0);
    }

    /** Number of NT-Xent terms summed into the loss. */
    public int terms() {
      return (face ? 1 : 0) + (body ? 1 : 0) + (identity ? 1 : 0);
    }
  }

  /** Where the step's views come from. */
  public enum Inputs {
    /** The production strong and weak augmentations of fixed random crops. */
    AUGMENTED,
    /** Uniform random values in [−1, 1] (the range of normalised augmented views). */
    RANDOM
  }

  /**
   * What {@link #trainStep} runs.
   *
   * @param backbone the encoder (its stem should follow {@link BackboneSpec#forInput})
   * @param size side of every face and body view (at least {@value #MIN_SIZE})
   * @param pairs face-body pairs per step, N (at least 2)
   * @param variant the loss terms
   * @param steps timed steps (at least 1)
   * @param warmup untimed steps before them (at least 0)
   * @param threads libtorch intra-op threads to set, or 0 to keep the engine's default
   * @param inputs where the views come from
   * @param seed base seed
   */
  public record TrainStepSpec(BackboneSpec backbone, int size, int pairs, Variant variant,
      int steps, int warmup, int threads, Inputs inputs, long seed) {

    /** Validates the values; the message names the field and the bad value. */
    public TrainStepSpec {
      if (backbone == null || variant == null || inputs == null) {
        throw new IllegalArgumentException("train-step: backbone, variant and inputs are required");
      }
      check(size >= MIN_SIZE, "size must be at least " + MIN_SIZE, size);
      check(pairs >= 2, "pairs must be at least 2", pairs);
      check(steps >= 1, "steps must be at least 1", steps);
      check(warmup >= 0, "warmup must be at least 0", warmup);
      check(threads >= 0, "threads must be at least 0 (0 = the engine's default)", threads);
    }

    private static void check(boolean ok, String what, int value) {
      if (!ok) {
        throw new IllegalArgumentException("train-step: " + what + ", got " + value);
      }
    }

    /** Views that go through the network in one step: (face + body views per pair) · N. */
    public int views() {
      return (variant.faceViewsPerPair() + variant.bodyViewsPerPair()) * pairs;
    }
  }

  /**
   * One step as it happened.
   *
   * @param index 0-based, warm-up steps first
   * @param total warm-up plus timed steps
   * @param warmup whether this step is untimed
   * @param prepareSeconds making the views and their native arrays (not in the step time)
   * @param stepSeconds forward, losses, backward, clipping and AdamW
   * @param loss the summed loss of the step
   * @param gradNorm global gradient norm before clipping
   */
  public record StepTiming(int index, int total, boolean warmup, double prepareSeconds,
      double stepSeconds, double loss, double gradNorm) {}

  /** Receives each step when it is done (progress output). */
  @FunctionalInterface
  public interface StepListener {
    /** Called after every step, warm-up included. */
    void onStep(StepTiming step);
  }

  /**
   * The outcome of {@link #trainStep}.
   *
   * @param spec what ran
   * @param steps every step, warm-up first
   * @param medianStepSeconds median step time of the timed steps
   * @param imagesPerSecond {@code spec.views() / medianStepSeconds}
   * @param medianPrepareSeconds median preparation time of the timed steps
   * @param engineVersion the libtorch version of the engine
   * @param djlVersion the DJL version
   * @param threads libtorch intra-op threads in effect
   * @param interopThreads libtorch inter-op threads in effect
   * @param parameters number of trainable values (backbone and head), to check that the PyTorch
   *     script built the same network
   */
  public record TrainStepResult(TrainStepSpec spec, List<StepTiming> steps,
      double medianStepSeconds, double imagesPerSecond, double medianPrepareSeconds,
      String engineVersion, String djlVersion, int threads, int interopThreads, long parameters) {

    /** Step times of the timed steps, in order. */
    public double[] timedStepSeconds() {
      return steps.stream().filter(s -> !s.warmup()).mapToDouble(StepTiming::stepSeconds).toArray();
    }
  }

  /** Runs {@code warmup + steps} network steps and reports every one and the medians. */
  public static TrainStepResult trainStep(TrainStepSpec spec, StepListener listener) {
    org.comicreid.learning.training.GradMode.offForThisThread();
    Engine engine = Engine.getEngine("PyTorch");
    if (spec.threads() > 0) {
      JniUtils.setNumThreads(spec.threads());
    }
    Variant v = spec.variant();
    int n = spec.pairs();
    int size = spec.size();
    List<CropPair> crops = spec.inputs() == Inputs.AUGMENTED ? crops(spec) : List.of();
    List<StepTiming> out = new ArrayList<>();
    int total = spec.warmup() + spec.steps();
    long parameters = 0;
    PretrainSettings settings = new PretrainSettings(spec.backbone(), size, size, n, 1, 0, LR,
        WEIGHT_DECAY, TEMPERATURE, GRAD_CLIP, 50, 0, spec.seed(), PretrainVariant.parse(v.key()),
        0, 1);
    try (NDManager root = NDManager.newBaseManager();
        ReidNetwork net = ReidNetwork.create(spec.backbone(), root, initSeed(spec.seed()));
        AdamWOptimizer opt = AdamWOptimizer.create(net.trainableParameters(), root, WEIGHT_DECAY)) {
      for (ai.djl.nn.Parameter p : net.trainableParameters()) {
        parameters += p.getArray().size();
      }
      PretrainStep step = new PretrainStep(settings, net, opt);
      for (int i = 0; i < total; i++) {
        long t0 = System.nanoTime();
        PretrainStep.Views views = stepViews(v, n, 3 * size * size, views(spec, crops, i));
        long t1 = System.nanoTime();
        PretrainStep.Outcome o = step.train(views, LR);
        long t2 = System.nanoTime();
        StepTiming st = new StepTiming(i, total, i < spec.warmup(), (t1 - t0) / 1e9,
            (t2 - t1) / 1e9, o.loss(), o.gradNorm());
        out.add(st);
        if (listener != null) {
          listener.onStep(st);
        }
      }
    }
    double[] timed = out.stream().filter(s -> !s.warmup()).mapToDouble(StepTiming::stepSeconds)
        .toArray();
    double[] prep = out.stream().filter(s -> !s.warmup()).mapToDouble(StepTiming::prepareSeconds)
        .toArray();
    double med = median(timed);
    return new TrainStepResult(spec, List.copyOf(out), med, spec.views() / med, median(prep),
        engine.getVersion(), Engine.getDjlVersion(), JniUtils.getNumThreads(),
        JniUtils.getNumInteropThreads(), parameters);
  }

  /** Seed of the network initialisation for a base seed (shared with the tests). */
  static long initSeed(long seed) {
    return Seeds.derive(seed, 1);
  }

  /**
   * The flat view arrays of {@link #views} as the trainer's {@link PretrainStep.Views}: faces
   * {@code [strong1; strong2; weak]} and bodies likewise, each block {@code n} images.
   */
  static PretrainStep.Views stepViews(Variant v, int n, int per, float[][] flat) {
    int weakFaceBlock = v.face ? 2 : 0;
    int weakBodyBlock = v.body ? 2 : 0;
    return new PretrainStep.Views(
        v.face ? block(flat[0], 0, n, per) : List.of(), v.face ? block(flat[0], 1, n, per) : List.of(),
        v.body ? block(flat[1], 0, n, per) : List.of(), v.body ? block(flat[1], 1, n, per) : List.of(),
        v.identity ? block(flat[0], weakFaceBlock, n, per) : List.of(),
        v.identity ? block(flat[1], weakBodyBlock, n, per) : List.of());
  }

  private static List<float[]> block(float[] flat, int block, int n, int per) {
    List<float[]> out = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      int from = (block * n + p) * per;
      out.add(Arrays.copyOfRange(flat, from, from + per));
    }
    return out;
  }

  /** N random crops of each part (fixed for the run), for the augmented inputs. */
  private static List<CropPair> crops(TrainStepSpec spec) {
    Random rnd = new Random(Seeds.derive(spec.seed(), 2));
    int s = spec.size();
    List<CropPair> out = new ArrayList<>();
    for (int i = 0; i < spec.pairs(); i++) {
      byte[] f = new byte[s * s * 3];
      byte[] b = new byte[s * s * 3];
      rnd.nextBytes(f);
      rnd.nextBytes(b);
      out.add(new CropPair("speed_" + i, new CropImage(s, f), new CropImage(s, b)));
    }
    return out;
  }

  /**
   * The views of step {@code step} as two flat CHW arrays: faces {@code [strong1; strong2; weak]}
   * and bodies likewise, keeping only the views the variant uses (an empty array when a part has
   * none).
   */
  static float[][] views(TrainStepSpec spec, List<CropPair> crops, int step) {
    Variant v = spec.variant();
    int n = spec.pairs();
    int per = 3 * spec.size() * spec.size();
    float[] faces = new float[v.faceViewsPerPair() * n * per];
    float[] bodies = new float[v.bodyViewsPerPair() * n * per];
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(spec.seed(), 3, step));
    if (spec.inputs() == Inputs.RANDOM) {
      for (int i = 0; i < faces.length; i++) {
        faces[i] = (float) (rnd.nextDouble() * 2 - 1);
      }
      for (int i = 0; i < bodies.length; i++) {
        bodies[i] = (float) (rnd.nextDouble() * 2 - 1);
      }
      return new float[][] {faces, bodies};
    }
    Augmentation strongFace = StrongAugment.faces();
    Augmentation strongBody = StrongAugment.bodies();
    Augmentation weakFace = WeakAugment.faces();
    Augmentation weakBody = WeakAugment.bodies();
    int weakFaceBlock = v.face ? 2 : 0;
    int weakBodyBlock = v.body ? 2 : 0;
    for (int p = 0; p < n; p++) {
      SplittableRandom[] r = new SplittableRandom[6];
      for (int k = 0; k < 6; k++) {
        r[k] = rnd.split();
      }
      CropPair c = crops.get(p);
      if (v.face) {
        put(faces, 0, n, p, per, strongFace.apply(c.face(), r[0]));
        put(faces, 1, n, p, per, strongFace.apply(c.face(), r[1]));
      }
      if (v.body) {
        put(bodies, 0, n, p, per, strongBody.apply(c.body(), r[2]));
        put(bodies, 1, n, p, per, strongBody.apply(c.body(), r[3]));
      }
      if (v.identity) {
        put(faces, weakFaceBlock, n, p, per, weakFace.apply(c.face(), r[4]));
        put(bodies, weakBodyBlock, n, p, per, weakBody.apply(c.body(), r[5]));
      }
    }
    return new float[][] {faces, bodies};
  }

  private static void put(float[] dst, int block, int n, int pair, int per, float[] img) {
    System.arraycopy(img, 0, dst, (block * n + pair) * per, per);
  }

  /** Median (mean of the middle two for an even count); NaN for none. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] t = values.clone();
    Arrays.sort(t);
    int k = t.length;
    return k % 2 == 1 ? t[k / 2] : (t[k / 2 - 1] + t[k / 2]) / 2;
  }
}
