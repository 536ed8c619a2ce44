package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.comicreid.core.ReidInputException;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.pretrain.PretrainSpeed;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid bench pretrain}: seconds per pretraining step and images per second (6 images per
 * face-body pair: two strong views of each part and one weak view of each) for backbone setups,
 * on random crops. One warm-up step, then the median of the timed steps.
 */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Pretraining throughput (s/step, images/s) of backbones on random crops.")
public final class BenchPretrainCommand implements Callable<Integer> {

  @Option(names = "--setups", split = ",", paramLabel = "ARCH:WIDTH:STEM:FACE:BODY",
      defaultValue = "tiny:32:standard:48:64,resnet50:64:standard:96:96,resnet50:64:standard:128:128",
      description = "Backbone setups: arch (tiny, resnet18, resnet34, resnet50), first-stage width,"
          + " stem (small, standard), face and body crop sizes. Default: ${DEFAULT-VALUE}"
          + " (the demo backbone, then ResNet-50 at 96 and at 128 px).")
  List<String> setups;

  @Option(names = "--batch", defaultValue = "32", paramLabel = "PAIRS",
      description = "Face-body pairs per step (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--steps", defaultValue = "3", paramLabel = "N",
      description = "Timed steps per setup after one warm-up step (default ${DEFAULT-VALUE}).")
  int steps;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  record Setup(BackboneSpec backbone, int face, int body) {}

  static Setup parse(String text) {
    String[] p = text.split(":");
    if (p.length != 5) {
      throw new ReidInputException("--setups '" + text + "': expected ARCH:WIDTH:STEM:FACE:BODY,"
          + " e.g. resnet50:64:standard:96:128");
    }
    if (!p[2].equals("small") && !p[2].equals("standard")) {
      throw new ReidInputException("--setups '" + text + "': stem must be small or standard");
    }
    try {
      return new Setup(new BackboneSpec(p[0], Integer.parseInt(p[1]), p[2].equals("small")),
          Integer.parseInt(p[3]), Integer.parseInt(p[4]));
    } catch (NumberFormatException e) {
      throw new ReidInputException("--setups '" + text + "': width and sizes must be integers");
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("--setups '" + text + "': " + e.getMessage());
    }
  }

  @Override
  public Integer call() {
    if (batch < 2 || steps < 1) {
      throw new ReidInputException("--batch must be at least 2 and --steps at least 1");
    }
    List<Setup> parsed = new ArrayList<>();
    for (String s : setups) {
      parsed.add(parse(s));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(BenchCommand.environment("reid bench pretrain --setups " + String.join(",", setups)
        + " --batch " + batch + " --steps " + steps));
    out.println("- images per step: 6 x " + batch + " pairs = " + 6 * batch);
    out.println();
    out.println("| backbone | width | stem | face px | body px | features | s/step (median) | images/s |");
    out.println("|---|---|---|---|---|---|---|---|");
    out.flush();
    for (Setup s : parsed) {
      PretrainSpeed.Speed sp = PretrainSpeed.measure(s.backbone(), s.face(), s.body(), batch, steps);
      out.println(String.format(Locale.ROOT, "| %s | %d | %s | %d | %d | %d | %.2f | %.0f |",
          s.backbone().arch(), s.backbone().width(), s.backbone().smallInput() ? "small" : "standard",
          s.face(), s.body(), s.backbone().featureDim(), sp.medianSecondsPerStep(), sp.imagesPerSecond()));
      out.flush();
    }
    return ReidMain.EXIT_OK;
  }
}
