package org.comicreid.experiments.config;

import static org.comicreid.experiments.config.KeyScope.EXECUTION;
import static org.comicreid.experiments.config.KeyScope.RESULT;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.comicreid.core.pipeline.Stage;

/**
 * The registry of every config key, declared once with type, default, range and description.
 *
 * <p>To add a stage parameter (for example {@code pretrain.temperature}), add one line to {@link
 * #declareStageParameters(Builder)}; it then is validated, hashed into the config hash and that
 * stage's slice hash, rendered by {@code reid config show} and listed by {@code reid config
 * reference}.
 */
public final class ConfigKeys {

  /** Allowed experiment names (they become part of workflow ids). */
  public static final Pattern EXPERIMENT_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]:]+:\\d{1,5}");
  private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  private static final Map<String, ConfigKey> KEYS = build();

  /** Keys whose values are never displayed or tracked (shown as {@code *****} when set). */
  public static final java.util.Set<String> SECRETS = java.util.Set.of("catalog.password");

  /** True for a key in {@link #SECRETS}. */
  public static boolean isSecret(String name) {
    return SECRETS.contains(name);
  }

  private ConfigKeys() {}

  /** All keys in declaration order. */
  public static List<ConfigKey> all() {
    return List.copyOf(KEYS.values());
  }

  /** The key with this exact name. */
  public static Optional<ConfigKey> find(String name) {
    return Optional.ofNullable(KEYS.get(name));
  }

  /** The key with this exact name; an {@link IllegalArgumentException} if it is not declared. */
  public static ConfigKey get(String name) {
    ConfigKey k = KEYS.get(name);
    if (k == null) {
      throw new IllegalArgumentException("undeclared config key " + name);
    }
    return k;
  }

  /** The keys whose prefix is this stage's, in declaration order. */
  public static List<ConfigKey> forStage(Stage stage) {
    return KEYS.values().stream().filter(k -> k.section().equals(stage.key())).toList();
  }

  /**
   * The declared keys closest to an unknown one (Levenshtein distance at most a third of its
   * length, at least 2), best first, at most three. A key whose last part matches is preferred.
   */
  public static List<String> suggestions(String unknown) {
    int limit = Math.max(2, unknown.length() / 3);
    List<Map.Entry<String, Integer>> scored = new ArrayList<>();
    for (String k : KEYS.keySet()) {
      int d = levenshtein(unknown, k);
      if (d <= limit) {
        scored.add(Map.entry(k, d));
      }
    }
    // a misplaced parameter (same last part under another section) is the likeliest fix
    String tail = unknown.substring(unknown.lastIndexOf('.') + 1);
    if (!tail.isEmpty()) {
      for (String k : KEYS.keySet()) {
        if (k.endsWith("." + tail) && !k.equals(unknown)) {
          scored.removeIf(e -> e.getKey().equals(k));
          scored.add(Map.entry(k, -1));
        }
      }
    }
    scored.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    return scored.stream().limit(3).map(Map.Entry::getKey).toList();
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** The config reference as a Markdown table: key | type | default | allowed | description. */
  public static String markdownReference() {
    StringBuilder sb = new StringBuilder();
    sb.append("| key | type | default | allowed | description |\n");
    sb.append("|---|---|---|---|---|\n");
    List<ConfigKey> keys = new ArrayList<>(KEYS.values());
    for (ConfigKey k : keys) {
      String allowed =
          switch (k.type()) {
            case ENUM -> String.join(", ", k.allowed());
            case STRING, PATH -> k.pattern() == null ? "" : "`" + k.pattern().pattern() + "`";
            default -> k.rangeText();
          };
      sb.append("| `")
          .append(k.name())
          .append("` | ")
          .append(k.type().label())
          .append(" | ")
          .append(k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`")
          .append(" | ")
          .append(allowed.replace("|", "\\|"))
          .append(" | ")
          .append(k.description().replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;"))
          .append(" |\n");
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- declarations

  private static Map<String, ConfigKey> build() {
    Builder b = new Builder();
    b.string("experiment.name", "demo", EXPERIMENT_NAME, EXECUTION,
        "Experiment name; first half of workflow ids <experiment>-<configHash> and the default MLflow experiment.");
    b.number(KeyType.LONG, "experiment.seed", "42", 0.0, null, RESULT,
        "Seed for every random choice in the pipeline.");
    b.string("dataset.name", "synthetic-demo", null, RESULT,
        "Catalog dataset the pipeline runs on; names starting with 'synthetic' are generated from world.*,"
            + " names starting with 'comicgen' from comicgen.*, others must be imported (reid dataset import).");
    b.number(KeyType.INT, "split.threshold", "800", 1.0, null, EXECUTION,
        "reid dataset import: C.1 split of datasets imported without splits: series, smallest first, go to validation/test until they hold this many sequences.");
    b.number(KeyType.DOUBLE, "split.val_fraction", "0.5", 0.0, 1.0, EXECUTION,
        "reid dataset import, C.1 split: share of the included sequences that go to validation (the rest to test).");
    b.number(KeyType.LONG, "split.seed", "0", 0.0, null, EXECUTION, "reid dataset import, C.1 split: seed of the validation/test sampling.");

    b.path("paths.workdir", ".reid", "Working directory for the embedded database, checkpoints and buffers.");
    b.path("paths.artifacts", "",
        "Artifact root; empty = <workdir>/artifacts. Must be reachable by every worker (a shared filesystem for multi-host).");

    b.string("catalog.url", "", null, EXECUTION, "JDBC URL of the catalog; empty = embedded H2 file database under the workdir.");
    b.string("catalog.user", "", null, EXECUTION, "Catalog database user.");
    b.string("catalog.password", "", null, EXECUTION, "Catalog database password.");
    b.number(KeyType.INT, "catalog.batch_size", "500", 1.0, 10000.0, EXECUTION, "Rows per catalog write batch.");

    b.string("temporal.target", "", HOST_PORT, EXECUTION,
        "Temporal frontend host:port; empty = embedded in-process test server.");
    b.string("temporal.namespace", "default", QUEUE, EXECUTION, "Temporal namespace.");
    b.string("temporal.cpu_queue", "reid-cpu", QUEUE, EXECUTION, "Task queue of the CPU stages.");
    b.string("temporal.gpu_queue", "reid-gpu", QUEUE, EXECUTION, "Task queue of the training stages.");

    b.number(KeyType.INT, "worker.cpu.concurrency", "2", 1.0, 64.0, EXECUTION, "Concurrent activities on a CPU worker.");
    b.number(KeyType.INT, "worker.gpu.concurrency", "1", 1.0, 16.0, EXECUTION, "Concurrent activities on a GPU worker.");
    b.durationFromZero("worker.sticky_timeout", "5s", "How long a workflow task waits for the worker that has the workflow cached"
        + " (Temporal's sticky queue) before any worker may take it; 0s turns sticky execution off. Set 0s for workers"
        + " that serve workflows through Temporal's SDK test server, which never moves a dead worker's sticky task on.");
    b.enumKey("worker.device", "auto", List.of("cpu", "gpu", "auto"), EXECUTION,
        "Device for training: cpu, gpu, or auto (gpu when one is visible).");

    b.enumKey("tracking.backend", "auto", List.of("auto", "local", "mlflow"), EXECUTION,
        "Tracking backend; auto = mlflow when a tracking URI is set, else local (the catalog).");
    b.string("tracking.mlflow.uri", "", null, EXECUTION,
        "MLflow tracking URI; empty = the MLFLOW_TRACKING_URI environment variable.");
    b.string("tracking.mlflow.experiment", "", null, EXECUTION, "MLflow experiment name; empty = experiment.name.");
    b.path("tracking.buffer_dir", "",
        "Where points are buffered while MLflow is unreachable; empty = <workdir>/tracking-buffer.");

    for (Stage s : Stage.inOrder()) {
      declareExecutionOptions(b, s);
    }
    declareStageParameters(b);
    return Collections.unmodifiableMap(b.keys);
  }

  private static void declareExecutionOptions(Builder b, Stage s) {
    String p = s.key() + ".";
    String timeout =
        switch (s) {
          case PRETRAIN -> "48h";
          case FINE_TUNE -> "12h";
          default -> "30m";
        };
    b.duration(p + "timeout", timeout, "Start-to-close timeout of one " + s.displayName() + " attempt.");
    b.duration(p + "heartbeat_timeout", s.isTraining() ? "5m" : "1m",
        "Heartbeat timeout of " + s.displayName() + "; a silent attempt is retried after it.");
    b.number(KeyType.INT, p + "retry.max_attempts", "3", 1.0, 100.0, EXECUTION,
        "Attempts of " + s.displayName() + " before the pipeline fails.");
    b.duration(p + "retry.initial_interval", "5s", "Wait before the first retry of " + s.displayName() + ".");
    b.number(KeyType.DOUBLE, p + "retry.backoff", "2.0", 1.0, 10.0, EXECUTION,
        "Growth factor of the retry interval of " + s.displayName() + ".");
    b.duration(p + "retry.max_interval", "5m", "Longest wait between retries of " + s.displayName() + ".");
    b.string(p + "queue", "", QUEUE, EXECUTION,
        "Task queue of " + s.displayName() + "; empty = temporal." + (s.isTraining() ? "gpu" : "cpu") + "_queue.");
  }

  /** The stage parameters that change results: one line per key. */
  private static void declareStageParameters(Builder b) {
    declareWorld(b);
    declareComicgen(b);
    b.number(KeyType.DOUBLE, "detect.box_jitter", "0.0", 0.0, 0.5, RESULT,
        "Random box jitter as a fraction of box width/height (simulates a detector; 0 = the boxes as stored).");
    b.number(KeyType.DOUBLE, "detect.min_area", "64.0", 0.0, null, RESULT,
        "Boxes with a smaller area (px^2) stay out of self-supervised pretraining (Appendix B); annotated instances are kept.");
    b.number(KeyType.DOUBLE, "detect.min_score", "0.95", 0.0, 1.0, RESULT,
        "Boxes with a lower detector score stay out of self-supervised pretraining (Appendix B).");
    b.enumKey("detect.source", "dataset", List.of("dataset", "detector"), RESULT,
        "Boxes for pretraining: dataset = the dataset's boxes (imported detections or a world's exact boxes);"
            + " detector = run the TorchScript detector detect.model on every panel (annotated boxes are kept for the annotated instances).");
    b.string("detect.model", "", null, RESULT,
        "TorchScript detector file (DASS YOLOX traced by tools/detector/trace_dass.py) for detect.source=detector.");
    b.number(KeyType.INT, "detect.input_size", "640", 32.0, 4096.0, RESULT,
        "Detector input side: images are letterboxed top-left into a square of this side (DASS: 640 or 1024).");
    b.number(KeyType.DOUBLE, "detect.confidence", "0.55", 0.0, 1.0, RESULT,
        "Detector confidence threshold on objectness x class score (DASS: 0.55 at 640, 0.65 at 1024).");
    b.number(KeyType.DOUBLE, "detect.nms", "0.4", 0.0, 1.0, RESULT,
        "Detector non-maximum suppression IoU threshold (DASS: 0.4).");

    b.enumKey("pair.rule", "paper", List.of("paper", "authors_code"), RESULT,
        "Face-body pairing: paper = rate > pair.min_rate, smallest top-y difference wins (Appendix B);"
            + " authors_code = rate >= pair.min_rate, highest rate wins, each body once (use with 0.2).");
    b.number(KeyType.DOUBLE, "pair.min_rate", "0.95", 0.0, 1.0, RESULT,
        "Intersection rate area(face and body)/area(face) a face needs to pair with a body.");
    b.number(KeyType.DOUBLE, "pair.face_scale", "1.2", 1.0, 3.0, RESULT,
        "Face crops: the longest side of the face box times this, squared and centred.");
    b.number(KeyType.INT, "pair.face_size", "96", 8.0, 512.0, RESULT, "Face crop size in pixels (square).");
    b.number(KeyType.INT, "pair.body_size", "128", 8.0, 512.0, RESULT,
        "Body crop size in pixels: longest side scaled to it, then zero-padded to a square.");

    b.enumKey("pretrain.backbone", "resnet50", List.of("tiny", "resnet18", "resnet34", "resnet50"), RESULT,
        "Backbone shared by faces and bodies; tiny = one basic block per stage (demo and tests).");
    b.number(KeyType.INT, "pretrain.width", "64", 4.0, 256.0, RESULT, "Channels of the backbone's first stage (64 = standard ResNet).");
    b.enumKey("pretrain.stem", "auto", List.of("auto", "small", "standard"), RESULT,
        "Backbone stem: standard = 7x7 stride 2 + max-pool (ResNet); small = 3x3 stride 1, no pool"
            + " (keeps resolution on tiny crops, several times slower); auto = small when a crop side is <= 64.");
    b.number(KeyType.INT, "pretrain.batch_size", "320", 2.0, 4096.0, RESULT, "Face-body pairs per step.");
    b.number(KeyType.INT, "pretrain.epochs", "500", 1.0, 100000.0, RESULT, "Epochs of self-supervised pretraining.");
    b.number(KeyType.INT, "pretrain.max_steps", "0", 0.0, null, RESULT, "Stop after this many steps; 0 = no cap.");
    b.number(KeyType.DOUBLE, "pretrain.lr", "5.0E-4", 0.0, 1.0, RESULT, "AdamW learning rate.");
    b.number(KeyType.DOUBLE, "pretrain.weight_decay", "0.01", 0.0, 1.0, RESULT, "AdamW weight decay.");
    b.number(KeyType.DOUBLE, "pretrain.temperature", "0.07", 0.001, 10.0, RESULT, "NT-Xent temperature.");
    b.number(KeyType.DOUBLE, "pretrain.grad_clip", "0.5", 0.0, null, RESULT, "Global gradient norm clip; 0 = off.");
    b.number(KeyType.DOUBLE, "pretrain.eta_min_divisor", "50.0", 1.0, null, RESULT,
        "Cosine schedule ends at lr / this.");
    b.enumKey("pretrain.variant", "aligned", List.of("face", "body", "unaligned", "aligned", "separate"), RESULT,
        "Self-supervised model (Table 3, Figure 3): face = face term only; body = body term only;"
            + " unaligned = face + body terms on one backbone; aligned = + identity term (weak face vs weak body);"
            + " separate = a face network (face term) and a body network (body term). All train on the same face-body pairs.");
    b.number(KeyType.DOUBLE, "pretrain.val_fraction", "0.1", 0.0, 0.9, RESULT,
        "Share of the face-body pairs held out (by instance id and seed) for self-supervised validation"
            + " and model selection (lowest validation loss); 0 = no validation, the last model is kept.");
    b.number(KeyType.INT, "pretrain.val_every", "1", 1.0, null, RESULT,
        "Validate after every this many epochs (and at the end of training).");
    b.enumKey("pretrain.select", "val_loss", List.of("val_loss", "last"), RESULT,
        "Which pretrained model the stage publishes: val_loss = the lowest validation loss (the authors' rule); last = the final model (its validation is still reported).");
    b.number(KeyType.INT, "pretrain.checkpoint_every", "200", 1.0, null, RESULT,
        "Steps between checkpoints (a retried attempt resumes from the last one).");

    b.number(KeyType.DOUBLE, "augment.strong.flip_p", "0.5", 0.0, 1.0, RESULT,
        "Strong SimCLR view: probability of a horizontal flip.");
    b.number(KeyType.DOUBLE, "augment.strong.crop_scale_min", "0.08", 0.001, 1.0, RESULT,
        "Strong view: smallest area fraction of the random resized crop.");
    b.number(KeyType.DOUBLE, "augment.strong.crop_scale_max", "1.0", 0.001, 1.0, RESULT,
        "Strong view: largest area fraction of the random resized crop (>= crop_scale_min).");
    b.number(KeyType.DOUBLE, "augment.strong.crop_ratio_min", "0.75", 0.01, 100.0, RESULT,
        "Strong view: smallest width/height of the random resized crop (torchvision default).");
    b.number(KeyType.DOUBLE, "augment.strong.crop_ratio_max", "1.3333333333333333", 0.01, 100.0, RESULT,
        "Strong view: largest width/height of the random resized crop (>= crop_ratio_min).");
    b.number(KeyType.DOUBLE, "augment.strong.jitter_p", "0.8", 0.0, 1.0, RESULT,
        "Strong view: probability of the colour jitter.");
    b.number(KeyType.DOUBLE, "augment.strong.brightness", "0.5", 0.0, null, RESULT,
        "Strong view: brightness factor drawn from [max(0, 1-b), 1+b]; 0 = off.");
    b.number(KeyType.DOUBLE, "augment.strong.contrast", "0.5", 0.0, null, RESULT,
        "Strong view: contrast factor drawn from [max(0, 1-c), 1+c]; 0 = off.");
    b.number(KeyType.DOUBLE, "augment.strong.saturation", "0.5", 0.0, null, RESULT,
        "Strong view: saturation factor drawn from [max(0, 1-s), 1+s]; 0 = off.");
    b.number(KeyType.DOUBLE, "augment.strong.hue", "0.1", 0.0, 0.5, RESULT,
        "Strong view: hue shift drawn from [-h, h] turns; 0 = off.");
    b.number(KeyType.DOUBLE, "augment.strong.gray_p", "0.2", 0.0, 1.0, RESULT,
        "Strong view: probability of grayscale.");
    b.number(KeyType.DOUBLE, "augment.strong.blur_p", "1.0", 0.0, 1.0, RESULT,
        "Strong view: probability of the Gaussian blur (always in the paper).");
    b.number(KeyType.INT, "augment.strong.blur_kernel", "9", 1.0, 99.0, RESULT,
        "Strong view: Gaussian kernel size (odd) at 96 px faces / 128 px bodies, scaled to smaller crops.");
    b.number(KeyType.DOUBLE, "augment.strong.blur_sigma_min", "0.1", 0.01, 100.0, RESULT,
        "Strong view: smallest blur sigma at the reference size (scaled like the kernel).");
    b.number(KeyType.DOUBLE, "augment.strong.blur_sigma_max", "2.0", 0.01, 100.0, RESULT,
        "Strong view: largest blur sigma at the reference size (>= blur_sigma_min).");
    b.number(KeyType.DOUBLE, "augment.weak.crop_p", "0.25", 0.0, 1.0, RESULT,
        "Weak view (the identity term of pretraining): probability of the random resized crop.");
    b.number(KeyType.DOUBLE, "augment.weak.face_crop_scale_min", "0.2", 0.001, 1.0, RESULT,
        "Weak view: smallest area fraction of a face crop.");
    b.number(KeyType.DOUBLE, "augment.weak.body_crop_scale_min", "0.5", 0.001, 1.0, RESULT,
        "Weak view: smallest area fraction of a body crop.");
    b.number(KeyType.DOUBLE, "augment.weak.crop_scale_max", "1.0", 0.001, 1.0, RESULT,
        "Weak view: largest area fraction of the crop (>= both minimums).");
    b.number(KeyType.DOUBLE, "augment.weak.crop_ratio_min", "0.75", 0.01, 100.0, RESULT,
        "Weak view: smallest width/height of the crop (albumentations default).");
    b.number(KeyType.DOUBLE, "augment.weak.crop_ratio_max", "1.3333333333333333", 0.01, 100.0, RESULT,
        "Weak view: largest width/height of the crop (>= crop_ratio_min).");
    b.enumKey("augment.weak.flip", "horizontal", List.of("horizontal", "vertical", "either"), RESULT,
        "Weak view: the flip's mirror; either = horizontal or vertical with equal chance.");
    b.number(KeyType.DOUBLE, "augment.weak.flip_p", "0.5", 0.0, 1.0, RESULT,
        "Weak view: probability of the flip.");
    b.number(KeyType.DOUBLE, "augment.weak.ssr_p", "0.5", 0.0, 1.0, RESULT,
        "Weak view: probability of shift-scale-rotate.");
    b.number(KeyType.DOUBLE, "augment.weak.shift", "0.05", 0.0, 0.5, RESULT,
        "Weak view: largest shift per axis as a fraction of the side.");
    b.number(KeyType.DOUBLE, "augment.weak.scale", "0.05", 0.0, 0.9, RESULT,
        "Weak view: zoom drawn from [1-scale, 1+scale].");
    b.number(KeyType.DOUBLE, "augment.weak.rotate", "15.0", 0.0, 180.0, RESULT,
        "Weak view: largest rotation in degrees, either way.");
    b.number(KeyType.DOUBLE, "augment.weak.blur_p", "0.1", 0.0, 1.0, RESULT,
        "Weak view: probability of one of Gaussian, motion, median or box blur.");
    b.number(KeyType.INT, "augment.weak.gaussian_blur_min", "5", 1.0, 99.0, RESULT,
        "Weak view: smallest Gaussian blur kernel (odd, at the reference size).");
    b.number(KeyType.INT, "augment.weak.gaussian_blur_max", "7", 1.0, 99.0, RESULT,
        "Weak view: largest Gaussian blur kernel (odd, >= gaussian_blur_min).");
    b.number(KeyType.INT, "augment.weak.motion_blur_min", "3", 3.0, 99.0, RESULT,
        "Weak view: shortest motion blur (odd, at the reference size).");
    b.number(KeyType.INT, "augment.weak.motion_blur_max", "7", 3.0, 99.0, RESULT,
        "Weak view: longest motion blur (odd, >= motion_blur_min).");
    b.number(KeyType.INT, "augment.weak.median_blur", "3", 1.0, 99.0, RESULT,
        "Weak view: median blur size (odd, at the reference size).");
    b.number(KeyType.INT, "augment.weak.box_blur", "3", 1.0, 99.0, RESULT,
        "Weak view: box blur size (odd, at the reference size).");
    b.number(KeyType.DOUBLE, "augment.weak.gray_p", "0.2", 0.0, 1.0, RESULT,
        "Weak view: probability of grayscale.");
    b.number(KeyType.DOUBLE, "augment.finetune.crop_p", "0.5", 0.0, 1.0, RESULT,
        "Fine-tuning train transform (the weak view with other defaults): probability of the random resized crop.");
    b.number(KeyType.DOUBLE, "augment.finetune.face_crop_scale_min", "0.08", 0.001, 1.0, RESULT,
        "Fine-tune transform: smallest area fraction of a face crop.");
    b.number(KeyType.DOUBLE, "augment.finetune.body_crop_scale_min", "0.5", 0.001, 1.0, RESULT,
        "Fine-tune transform: smallest area fraction of a body crop.");
    b.number(KeyType.DOUBLE, "augment.finetune.crop_scale_max", "1.0", 0.001, 1.0, RESULT,
        "Fine-tune transform: largest area fraction of the crop (>= both minimums).");
    b.number(KeyType.DOUBLE, "augment.finetune.crop_ratio_min", "0.75", 0.01, 100.0, RESULT,
        "Fine-tune transform: smallest width/height of the crop (albumentations default).");
    b.number(KeyType.DOUBLE, "augment.finetune.crop_ratio_max", "1.3333333333333333", 0.01, 100.0, RESULT,
        "Fine-tune transform: largest width/height of the crop (>= crop_ratio_min).");
    b.enumKey("augment.finetune.flip", "either", List.of("horizontal", "vertical", "either"), RESULT,
        "Fine-tune transform: the flip's mirror; either = horizontal or vertical with equal chance.");
    b.number(KeyType.DOUBLE, "augment.finetune.flip_p", "0.5", 0.0, 1.0, RESULT,
        "Fine-tune transform: probability of the flip.");
    b.number(KeyType.DOUBLE, "augment.finetune.ssr_p", "0.5", 0.0, 1.0, RESULT,
        "Fine-tune transform: probability of shift-scale-rotate.");
    b.number(KeyType.DOUBLE, "augment.finetune.shift", "0.05", 0.0, 0.5, RESULT,
        "Fine-tune transform: largest shift per axis as a fraction of the side.");
    b.number(KeyType.DOUBLE, "augment.finetune.scale", "0.05", 0.0, 0.9, RESULT,
        "Fine-tune transform: zoom drawn from [1-scale, 1+scale].");
    b.number(KeyType.DOUBLE, "augment.finetune.rotate", "15.0", 0.0, 180.0, RESULT,
        "Fine-tune transform: largest rotation in degrees, either way.");
    b.number(KeyType.DOUBLE, "augment.finetune.blur_p", "0.5", 0.0, 1.0, RESULT,
        "Fine-tune transform: probability of one of Gaussian, motion, median or box blur.");
    b.number(KeyType.INT, "augment.finetune.gaussian_blur_min", "5", 1.0, 99.0, RESULT,
        "Fine-tune transform: smallest Gaussian blur kernel (odd, at the reference size).");
    b.number(KeyType.INT, "augment.finetune.gaussian_blur_max", "7", 1.0, 99.0, RESULT,
        "Fine-tune transform: largest Gaussian blur kernel (odd, >= gaussian_blur_min).");
    b.number(KeyType.INT, "augment.finetune.motion_blur_min", "3", 3.0, 99.0, RESULT,
        "Fine-tune transform: shortest motion blur (odd, at the reference size).");
    b.number(KeyType.INT, "augment.finetune.motion_blur_max", "7", 3.0, 99.0, RESULT,
        "Fine-tune transform: longest motion blur (odd, >= motion_blur_min).");
    b.number(KeyType.INT, "augment.finetune.median_blur", "3", 1.0, 99.0, RESULT,
        "Fine-tune transform: median blur size (odd, at the reference size).");
    b.number(KeyType.INT, "augment.finetune.box_blur", "3", 1.0, 99.0, RESULT,
        "Fine-tune transform: box blur size (odd, at the reference size).");
    b.number(KeyType.DOUBLE, "augment.finetune.gray_p", "0.2", 0.0, 1.0, RESULT,
        "Fine-tune transform: probability of grayscale.");
    b.number(KeyType.DOUBLE, "augment.normalize_mean", "0.5", 0.0, 1.0, RESULT,
        "Every view and evaluation: (x - mean) / std on values in [0, 1].");
    b.number(KeyType.DOUBLE, "augment.normalize_std", "0.5", 0.001, 10.0, RESULT,
        "Every view and evaluation: the std of (x - mean) / std.");

    b.number(KeyType.INT, "finetune.out_dim", "256", 2.0, 4096.0, RESULT, "Dimension of the identity layer.");
    b.number(KeyType.DOUBLE, "finetune.lr", "7.5E-4", 0.0, 1.0, RESULT, "AdamW learning rate.");
    b.number(KeyType.DOUBLE, "finetune.weight_decay", "0.05", 0.0, 1.0, RESULT, "AdamW weight decay.");
    b.number(KeyType.DOUBLE, "finetune.gamma", "0.95", 0.0, 1.0, RESULT, "ExponentialLR factor per epoch.");
    b.number(KeyType.INT, "finetune.epochs", "20", 1.0, 10000.0, RESULT, "Most epochs of fine-tuning.");
    b.number(KeyType.INT, "finetune.series_per_batch", "16", 1.0, 4096.0, RESULT, "Series per batch (the authors' batch).");
    b.number(KeyType.INT, "finetune.patience", "5", 1.0, 1000.0, RESULT,
        "Early stopping: epochs without a better validation MAP@R.");
    b.number(KeyType.DOUBLE, "finetune.grad_clip", "0.5", 0.0, null, RESULT, "Global gradient norm clip; 0 = off.");
    b.number(KeyType.DOUBLE, "finetune.pos_margin", "0.0", 0.0, null, RESULT, "Contrastive loss positive margin.");
    b.number(KeyType.DOUBLE, "finetune.neg_margin", "1.0", 0.0, null, RESULT, "Contrastive loss negative margin.");
    b.bool("finetune.mix_series", "false", RESULT,
        "Add one instance of every other series in the batch to each clique as a negative (training only).");
    b.enumKey("finetune.loss", "contrastive", List.of("contrastive", "triplet", "multi_similarity", "tuplet_ipv"),
        RESULT, "Fine-tuning loss inside the mining groups (Table 5); tuplet_ipv = TupletMargin + IntraPairVariance.");
    b.enumKey("finetune.miner", "none", List.of("none", "multi_similarity"), RESULT,
        "Miner run inside each mining group: none = every pair; multi_similarity = MultiSimilarityMiner(finetune.miner_epsilon).");
    b.enumKey("finetune.distance", "lp", List.of("lp", "cosine"), RESULT,
        "Distance of the loss and the miner: lp = Euclidean on L2-normalised embeddings; cosine = cosine similarity.");
    b.number(KeyType.DOUBLE, "finetune.triplet_margin", "0.1", 0.0, null, RESULT, "TripletMarginLoss margin.");
    b.number(KeyType.DOUBLE, "finetune.ms_alpha", "2.0", 0.0, null, RESULT, "MultiSimilarityLoss alpha (positive scale).");
    b.number(KeyType.DOUBLE, "finetune.ms_beta", "50.0", 0.0, null, RESULT, "MultiSimilarityLoss beta (negative scale).");
    b.number(KeyType.DOUBLE, "finetune.ms_base", "0.5", -1.0, 1.0, RESULT, "MultiSimilarityLoss base similarity.");
    b.number(KeyType.DOUBLE, "finetune.miner_epsilon", "0.1", 0.0, null, RESULT, "MultiSimilarityMiner epsilon.");
    b.enumKey("finetune.miner_distance", "same", List.of("same", "lp", "cosine"), RESULT,
        "Distance the miner compares pairs with: same = finetune.distance; the authors' triplet run used an Lp loss with a cosine miner.");
    b.number(KeyType.DOUBLE, "finetune.tuplet_margin_deg", "5.73", 0.0, 90.0, RESULT, "TupletMarginLoss angular margin in degrees.");
    b.number(KeyType.DOUBLE, "finetune.tuplet_scale", "64.0", 0.0, null, RESULT, "TupletMarginLoss scale.");
    b.number(KeyType.DOUBLE, "finetune.ipv_epsilon", "0.01", 0.0, null, RESULT, "IntraPairVarianceLoss epsilon.");
    b.number(KeyType.DOUBLE, "finetune.tuplet_weight", "1.0", 0.0, null, RESULT, "Weight of the TupletMargin term of tuplet_ipv.");
    b.number(KeyType.DOUBLE, "finetune.ipv_weight", "0.5", 0.0, null, RESULT, "Weight of the IntraPairVariance term of tuplet_ipv.");
    b.enumKey("finetune.fusion", "sum", List.of("sum", "concat", "weighted_sum", "coefficient_sum"), RESULT,
        "Face-body fusion (G.4): sum of head outputs; concat = one layer 2D->out_dim over both features;"
            + " weighted_sum = per-dimension softmax weights; coefficient_sum = two softmax coefficients. Output is out_dim for all.");
    b.enumKey("finetune.padding", "zero", List.of("zero", "trainable"), RESULT,
        "What replaces a missing face or body feature (G.2): zero vectors or one learned vector per part.");
    b.number(KeyType.DOUBLE, "finetune.mask_p", "0.0", 0.0, 1.0, RESULT,
        "Training only: probability that an instance with face and body has one of them (50/50) treated as missing (G.2).");
    b.enumKey("finetune.parts", "auto", List.of("auto", "face", "body", "both"), RESULT,
        "Parts used: face/body = that part only (instances without it are dropped); auto follows pretrain.variant (face, body, else both).");
    b.bool("finetune.single_identity", "false", RESULT,
        "Pair train characters that co-occur with no other one, across two series, as extra mining groups of artificial negatives (G.2).");

    b.enumKey("threshold.rule", "mean_std", List.of("mean_std", "youden"), RESULT,
        "How the clustering threshold is chosen on validation pairs: mean_std = mean + k*std of"
            + " positive distances (authors' validation code); youden = ROC point with the largest TPR-FPR.");
    b.number(KeyType.DOUBLE, "threshold.k", "1.0", -10.0, 10.0, RESULT, "k of the mean_std rule.");

    b.number(KeyType.DOUBLE, "cluster.threshold", "0.0", 0.0, null, RESULT,
        "Distance threshold of agglomerative clustering; 0 = the value threshold-select chose (the authors hard-coded 0.82).");
    b.enumKey("cluster.linkage", "average", List.of("average", "single", "complete"), RESULT,
        "Linkage of agglomerative clustering.");
    b.bool("evaluate.avg_of_avgs", "true", RESULT,
        "Report the average over query identities of per-identity averages.");
    b.number(KeyType.INT, "evaluate.min_group_size", "5", 1.0, null, RESULT,
        "Local evaluation skips sequences with fewer instances.");
    b.number(KeyType.INT, "evaluate.random_dim", "256", 1.0, 4096.0, RESULT, "Dimension of the random baseline.");
    b.number(KeyType.INT, "evaluate.hist_bins", "32", 2.0, 256.0, RESULT, "Bins per channel of the colour histogram baseline.");
    b.string("evaluate.parts", "fused,face,body",
        Pattern.compile("(fused|face|body)(,(fused|face|body))*"), RESULT,
        "Views evaluated (paper Figure 3), a comma list of fused (face and body embeddings summed),"
            + " face (face embeddings, instances with a face) and body (body embeddings, instances with a body).");
    b.number(KeyType.INT, "evaluate.qualitative_sequences", "8", 0.0, null, RESULT,
        "Qualitative sheets (paper Appendix A) of the first N clustered test sequences, boxes coloured by"
            + " predicted cluster and by true identity, as sequences/<sequence id>.png; 0 = none.");
    b.add(new ConfigKey("baseline.imagenet_weights", KeyType.PATH, "", null, null, List.of(), null, RESULT,
        "TorchScript ImageNet-1k ResNet-50 feature extractor (tools/imagenet/export_resnet50.py) for the"
            + " paper's frozen-ResNet-50 baseline (F.4); empty = the baseline is skipped."));
  }

  /** The synthetic world the embedded demo generates when {@code dataset.name} is not in the catalog. */
  private static void declareWorld(Builder b) {
    b.number(KeyType.LONG, "world.seed", "7", 0.0, null, RESULT, "Seed of the synthetic comic world.");
    b.number(KeyType.INT, "world.series", "12", 3.0, 1000.0, RESULT, "Series in the synthetic world.");
    b.number(KeyType.INT, "world.characters", "6", 2.0, 100.0, RESULT, "Recurring characters per series.");
    b.number(KeyType.INT, "world.sequences", "10", 1.0, 10000.0, RESULT, "Annotated 4-panel sequences per series.");
    b.number(KeyType.INT, "world.panel_width", "192", 64.0, 4096.0, RESULT, "Panel width in pixels.");
    b.number(KeyType.INT, "world.panel_height", "160", 64.0, 4096.0, RESULT, "Panel height in pixels.");
    b.number(KeyType.DOUBLE, "world.overlap_rate", "0.5", 0.0, 1.0, RESULT,
        "Share of sequences that overlap another sequence of their series by one or more panels.");
    b.number(KeyType.DOUBLE, "world.distractor_rate", "0.15", 0.0, 1.0, RESULT, "Chance that a panel shows a one-off character.");
    b.number(KeyType.DOUBLE, "world.grayscale_rate", "0.15", 0.0, 1.0, RESULT, "Share of grayscale panels.");
    b.number(KeyType.DOUBLE, "world.tint_strength", "0.25", 0.0, 1.0, RESULT, "Strength of per-panel lighting and tint.");
    b.number(KeyType.DOUBLE, "world.occlusion_rate", "0.15", 0.0, 1.0, RESULT, "Chance that an instance is partly occluded.");
    b.number(KeyType.INT, "world.bubbles", "2", 0.0, 10.0, RESULT, "Most speech bubbles per panel.");
  }

  /** The comicgen world generated when {@code dataset.name} starts with {@code comicgen}. */
  private static void declareComicgen(Builder b) {
    b.number(KeyType.LONG, "comicgen.seed", "20240501", 0.0, null, RESULT, "Seed of the comicgen world.");
    b.number(KeyType.INT, "comicgen.sequences", "40", 3.0, 100000.0, RESULT, "4-panel sequences in the comicgen world.");
    b.number(KeyType.INT, "comicgen.series", "8", 3.0, 10000.0, RESULT,
        "Series in the comicgen world (split 60/20/20 into train/val/test by series).");
    b.number(KeyType.INT, "comicgen.panel_width", "320", 96.0, 2048.0, RESULT, "Panel width in pixels.");
    b.number(KeyType.INT, "comicgen.panel_height", "240", 96.0, 2048.0, RESULT, "Panel height in pixels.");
    b.number(KeyType.INT, "comicgen.max_characters", "3", 1.0, 3.0, RESULT, "Most characters on one panel (each has 1 to this many).");
    b.number(KeyType.INT, "comicgen.cast_size", "5", 1.0, 40.0, RESULT, "Recurring characters of one series.");
    b.number(KeyType.INT, "comicgen.avatars", "32", 0.0, 250.0, RESULT,
        "People built from comicgen's aavatar kit (head x attire x colours) besides its 13 named characters.");
    b.bool("comicgen.color_variants_same_identity", "true", RESULT,
        "Whether a character's black-and-white and coloured editions (dee/deenuova, ...) are one identity (13 named identities) or two (17).");
    b.number(KeyType.DOUBLE, "comicgen.overlap_rate", "0.5", 0.0, 1.0, RESULT,
        "Share of sequences that share two panels with another sequence of their series.");
    b.number(KeyType.DOUBLE, "comicgen.partial_rate", "0.1", 0.0, 1.0, RESULT,
        "Chance that a character stands partly outside its panel (body-only or face-only instance).");
    b.path("comicgen.dir", "",
        "The installed npm package comicgen 1.9.9; empty = catalog/npm/node_modules/comicgen of this checkout (mvn installs it).");
  }

  /** Collects declarations, rejecting duplicates and defaults that do not validate. */
  static final class Builder {
    final Map<String, ConfigKey> keys = new LinkedHashMap<>();

    void add(ConfigKey k) {
      if (keys.containsKey(k.name())) {
        throw new IllegalStateException("config key declared twice: " + k.name());
      }
      if (!(k.defaultValue().isEmpty() && (k.type() == KeyType.STRING || k.type() == KeyType.PATH))) {
        Object v = k.parse(k.defaultValue());
        if (!k.canonical(v).equals(k.defaultValue())) {
          throw new IllegalStateException("default of " + k.name() + " is not canonical: " + k.defaultValue());
        }
      }
      keys.put(k.name(), k);
    }

    void string(String name, String def, Pattern pattern, KeyScope scope, String description) {
      add(new ConfigKey(name, KeyType.STRING, def, null, null, List.of(), pattern, scope, description));
    }

    void path(String name, String def, String description) {
      add(new ConfigKey(name, KeyType.PATH, def, null, null, List.of(), null, EXECUTION, description));
    }

    void number(KeyType type, String name, String def, Double min, Double max, KeyScope scope,
        String description) {
      add(new ConfigKey(name, type, def, min, max, List.of(), null, scope, description));
    }

    void bool(String name, String def, KeyScope scope, String description) {
      add(new ConfigKey(name, KeyType.BOOLEAN, def, null, null, List.of(), null, scope, description));
    }

    void enumKey(String name, String def, List<String> allowed, KeyScope scope, String description) {
      add(new ConfigKey(name, KeyType.ENUM, def, null, null, allowed, null, scope, description));
    }

    void duration(String name, String def, String description) {
      add(new ConfigKey(name, KeyType.DURATION, def, null, null, List.of(), null, EXECUTION, description));
    }

    /** A duration key that also accepts 0 (meaning "off"). */
    void durationFromZero(String name, String def, String description) {
      add(new ConfigKey(name, KeyType.DURATION, def, 0.0, null, List.of(), null, EXECUTION, description));
    }
  }

  /** Orders keys by name; the canonical order of flat maps and hashes. */
  public static final Comparator<String> ORDER = Comparator.naturalOrder();
}
