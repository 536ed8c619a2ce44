package org.comicreid.worker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.comicreid.core.ReidInputException;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.pretrain.PretrainSpeed;
import org.comicreid.learning.pretrain.PretrainSpeed.Inputs;
import org.comicreid.learning.pretrain.PretrainSpeed.TrainStepResult;
import org.comicreid.learning.pretrain.PretrainSpeed.TrainStepSpec;
import org.comicreid.learning.pretrain.PretrainSpeed.Variant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid bench train-step}: seconds per Identity-Aware SimCLR training step (forward of all
 * views, the variant's NT-Xent terms, backward, clipping, AdamW) on random views, for comparison
 * with the same step in PyTorch eager ({@code tools/bench/torch_train_step.py}, same JSON line).
 *
 * <p>Output: progress on stderr (one line per step); on stdout the environment header, each step's
 * seconds, the median s/step, images/s (images = views through the network per step), the
 * preparation time (augmentation and the copy to native memory, not part of the step), libtorch
 * version and thread counts, and last one JSON line starting
 * {@code {"bench": "train-step"}} with the same numbers (also written to {@code --json FILE}).
 * Step semantics and decisions: {@link PretrainSpeed#trainStep}.
 */
@Command(
    name = "train-step",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Times the Identity-Aware SimCLR training step (forward of all views, NT-Xent terms, backward,"
          + " gradient clipping 0.5, AdamW) on random views; augmentation is prepared before each"
          + " step and reported separately.",
      "The last stdout line is JSON; tools/bench/torch_train_step.py prints the same for PyTorch."
    })
public final class BenchTrainStepCommand implements Callable<Integer> {

  @Option(names = "--backbone", required = true, paramLabel = "ARCH",
      description = "tiny, resnet18, resnet34 or resnet50.")
  String backbone;

  @Option(names = "--width", defaultValue = "64", paramLabel = "W",
      description = "Channels of the first stage (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--size", required = true, paramLabel = "PX",
      description = "Side of every face and body view, at least " + PretrainSpeed.MIN_SIZE
          + " (the paper: 96 faces, 128 bodies); the small stem is used at <= 64 px.")
  int size;

  @Option(names = "--stem", defaultValue = "auto", paramLabel = "STEM",
      description = "auto (small at <= 64 px, as pretrain.stem=auto), small or standard (the demo"
          + " config's stem; default ${DEFAULT-VALUE}).")
  String stem;

  @Option(names = "--images", required = true, paramLabel = "N",
      description = "Face-body pairs per step (the batch; the paper has 320), at least 2.")
  int pairs;

  @Option(names = "--steps", defaultValue = "10", paramLabel = "K",
      description = "Timed steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "2", paramLabel = "W",
      description = "Untimed steps first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--variant", defaultValue = "aligned", paramLabel = "V",
      description = "face, body, unaligned or aligned (default ${DEFAULT-VALUE}): which NT-Xent"
          + " terms, and so 2N, 2N, 4N or 6N views.")
  String variant;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "T",
      description = "libtorch intra-op threads (default: the engine's own choice).")
  int threads;

  @Option(names = "--inputs", defaultValue = "augmented", paramLabel = "KIND",
      description = "augmented (the production augmentations of random crops) or random (uniform"
          + " values); either way prepared outside the timed step (default ${DEFAULT-VALUE}).")
  String inputs;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON line here.")
  Path json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Checks every option and builds the probe's spec; errors name the option and the value. */
  TrainStepSpec validate() {
    BackboneSpec bb;
    try {
      bb = BackboneSpec.forInput(backbone, Math.max(width, 1), Math.max(size, 1));
      bb = switch (stem == null ? "auto" : stem) {
        case "auto" -> bb;
        case "small" -> new BackboneSpec(bb.arch(), bb.width(), true);
        case "standard" -> new BackboneSpec(bb.arch(), bb.width(), false);
        default -> throw new ReidInputException("--stem: expected auto, small or standard, got '"
            + stem + "'");
      };
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("--backbone: expected tiny, resnet18, resnet34 or resnet50, got '"
          + backbone + "'");
    }
    if (width < 1) {
      throw new ReidInputException("--width must be at least 1, got " + width);
    }
    if (size < PretrainSpeed.MIN_SIZE) {
      throw new ReidInputException("--size must be at least " + PretrainSpeed.MIN_SIZE + ", got "
          + size);
    }
    if (pairs < 2) {
      throw new ReidInputException("--images (pairs per step) must be at least 2, got " + pairs);
    }
    if (steps < 1) {
      throw new ReidInputException("--steps must be at least 1, got " + steps);
    }
    if (warmup < 0) {
      throw new ReidInputException("--warmup must be at least 0, got " + warmup);
    }
    if (threads < 0) {
      throw new ReidInputException("--threads must be at least 1 (or 0 for the engine's default),"
          + " got " + threads);
    }
    Variant v;
    try {
      v = Variant.parse(variant);
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("--variant: expected face, body, unaligned or aligned, got '"
          + variant + "'");
    }
    Inputs in = switch (inputs == null ? "" : inputs.strip().toLowerCase(Locale.ROOT)) {
      case "augmented" -> Inputs.AUGMENTED;
      case "random" -> Inputs.RANDOM;
      default -> throw new ReidInputException("--inputs: expected augmented or random, got '"
          + inputs + "'");
    };
    return new TrainStepSpec(bb, size, pairs, v, steps, warmup, threads, in, seed);
  }

  @Override
  public Integer call() throws IOException {
    TrainStepSpec s = validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String command = "reid bench train-step --backbone " + s.backbone().arch() + " --width " + width
        + " --size " + size + " --images " + pairs + " --steps " + steps + " --warmup " + warmup
        + " --variant " + s.variant().key() + (threads > 0 ? " --threads " + threads : "")
        + " --inputs " + s.inputs().name().toLowerCase(Locale.ROOT);
    out.print(BenchCommand.environment(command));
    out.println("- step: " + s.variant().key() + " variant, " + s.pairs() + " pairs, "
        + s.views() + " views of " + size + " px per step (" + s.variant().terms()
        + " NT-Xent terms); " + s.backbone().arch() + " width " + width + ", "
        + (s.backbone().smallInput() ? "small" : "standard") + " stem, "
        + s.backbone().featureDim() + "-d features");
    out.flush();
    String loadStart = BenchCommand.loadAverage();
    err.println("train-step: building " + s.backbone().arch() + " and running " + warmup
        + " warm-up + " + steps + " timed steps of " + s.views() + " views");
    err.flush();
    TrainStepResult r = PretrainSpeed.trainStep(s, st -> {
      err.println(String.format(Locale.ROOT, "train-step: step %d/%d%s: %.3f s (prepare %.3f s),"
          + " loss %.4f", st.index() + 1, st.total(), st.warmup() ? " (warm-up)" : "",
          st.stepSeconds(), st.prepareSeconds(), st.loss()));
      err.flush();
    });
    String loadEnd = BenchCommand.loadAverage();
    StringJoiner perStep = new StringJoiner(" ");
    for (double t : r.timedStepSeconds()) {
      perStep.add(String.format(Locale.ROOT, "%.4f", t));
    }
    out.println("- trainable values (backbone and head): " + r.parameters());
    out.println("- libtorch " + r.engineVersion() + " (DJL " + r.djlVersion() + "), "
        + r.threads() + " intra-op threads, " + r.interopThreads() + " inter-op threads");
    out.println("- timed step seconds: " + perStep);
    out.println(String.format(Locale.ROOT, "- median s/step: %.4f", r.medianStepSeconds()));
    out.println(String.format(Locale.ROOT, "- images/s: %.1f (%d views / median step)",
        r.imagesPerSecond(), s.views()));
    out.println(String.format(Locale.ROOT,
        "- prepare s/step (not in the step: %s views and their copy to native memory): %.4f",
        s.inputs().name().toLowerCase(Locale.ROOT), r.medianPrepareSeconds()));
    out.println("- load average at end (1, 5, 15 min): " + loadEnd);
    String line = json(r, loadStart, loadEnd);
    out.println(line);
    out.flush();
    if (json != null) {
      Path parent = json.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(json, line + "\n");
    }
    return ReidMain.EXIT_OK;
  }

  /** The machine-readable line; the keys are those of tools/bench/torch_train_step.py. */
  static String json(TrainStepResult r, String loadStart, String loadEnd) {
    TrainStepSpec s = r.spec();
    StringJoiner steps = new StringJoiner(", ", "[", "]");
    for (double t : r.timedStepSeconds()) {
      steps.add(num(t));
    }
    StringJoiner j = new StringJoiner(", ", "{", "}");
    j.add("\"bench\": \"train-step\"");
    j.add("\"impl\": \"djl\"");
    j.add("\"backbone\": \"" + s.backbone().arch() + "\"");
    j.add("\"width\": " + s.backbone().width());
    j.add("\"stem\": \"" + (s.backbone().smallInput() ? "small" : "standard") + "\"");
    j.add("\"feature_dim\": " + s.backbone().featureDim());
    j.add("\"params\": " + r.parameters());
    j.add("\"size\": " + s.size());
    j.add("\"pairs\": " + s.pairs());
    j.add("\"variant\": \"" + s.variant().key() + "\"");
    j.add("\"views\": " + s.views());
    j.add("\"warmup\": " + s.warmup());
    j.add("\"steps\": " + s.steps());
    j.add("\"step_s\": " + steps);
    j.add("\"median_s\": " + num(r.medianStepSeconds()));
    j.add("\"images_per_s\": " + num(r.imagesPerSecond()));
    j.add("\"inputs\": \"" + s.inputs().name().toLowerCase(Locale.ROOT) + "\"");
    j.add("\"prepare_median_s\": " + num(r.medianPrepareSeconds()));
    j.add("\"final_loss\": " + num(r.steps().get(r.steps().size() - 1).loss()));
    j.add("\"torch_version\": \"" + r.engineVersion() + "\"");
    j.add("\"runtime\": \"DJL " + r.djlVersion() + ", Java " + System.getProperty("java.version")
        + "\"");
    j.add("\"threads\": " + r.threads());
    j.add("\"interop_threads\": " + r.interopThreads());
    j.add("\"load_start\": \"" + loadStart + "\"");
    j.add("\"load_end\": \"" + loadEnd + "\"");
    return j.toString();
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
  }
}
