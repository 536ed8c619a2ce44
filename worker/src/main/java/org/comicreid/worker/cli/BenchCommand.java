package org.comicreid.worker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code reid bench}: benchmarks on seeded synthetic data. Each kind is a subcommand; add a new
 * one (for example {@code bench pipeline}) by listing it in {@code subcommands}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks on seeded synthetic data: a warm-up, several timed repetitions, the median wall"
          + " time and peak memory (VmHWM and peak heap), printed as a Markdown table.",
      "Timings depend on the machine and on whatever else runs on it; the header records both."
    },
    subcommands = {BenchMetricsCommand.class, BenchClusterCommand.class, BenchPipelineCommand.class,
      BenchPretrainCommand.class, BenchImportCommand.class, BenchTrainStepCommand.class})
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The Markdown header shared by the bench subcommands: date, machine, JVM and load. */
  static String environment(String command) {
    Runtime rt = Runtime.getRuntime();
    return "- command: `" + command + "`\n"
        + "- date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n"
        + "- machine: " + cpuModel() + ", " + rt.availableProcessors() + " CPUs visible to the JVM, "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "\n"
        + "- java: " + System.getProperty("java.version") + ", max heap "
        + String.format(Locale.ROOT, "%.1f GiB", rt.maxMemory() / 1073741824.0) + "\n"
        + "- load average at start (1, 5, 15 min): " + loadAverage() + "\n";
  }

  static String loadAverage() {
    try {
      String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return p[0] + ", " + p[1] + ", " + p[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
    return "unknown CPU";
  }
}
