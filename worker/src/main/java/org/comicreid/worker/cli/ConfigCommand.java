package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.comicreid.experiments.config.ConfigKeys;
import org.comicreid.experiments.config.ConfigLoader;
import org.comicreid.experiments.config.ResolvedConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reid config}: show the resolved configuration, or the reference of every key. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Inspect configuration: the resolved values, or the reference of every key.",
    subcommands = {ConfigCommand.Show.class, ConfigCommand.Reference.class})
public final class ConfigCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Output formats of {@code reid config show}. */
  enum Format {
    yaml,
    flat
  }

  /** {@code reid config show}: validate and print the resolved configuration. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Validate and print the resolved configuration: built-in defaults, then --config, then --set.",
        "Secrets are shown as *****. Exit code 2 when the configuration is invalid."
      })
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (e.g. configs/paper.yaml).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key; repeatable, the last wins.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml",
        description = "yaml (nested, loadable again) or flat (key = value, sorted). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--origin", description = "Show where each value came from: default, file (with line) or --set.")
    boolean origin;

    @Override
    public Integer call() {
      ResolvedConfig c = new ConfigLoader().load(config, sets);
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.yaml) {
        out.print(c.toYaml(true, origin));
      } else {
        Map<String, String> flat = c.flatRedacted();
        int width = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
        flat.forEach((k, v) -> {
          String line = String.format("%-" + width + "s = %s", k, v);
          out.println(origin ? line + "  # " + c.get(k).origin().describe() : line);
        });
      }
      out.println("# config hash " + c.configHash() + ", workflow id " + c.typed().workflowId());
      out.flush();
      return 0;
    }
  }

  /** {@code reid config reference}: the Markdown table of every key. */
  @Command(
      name = "reference",
      mixinStandardHelpOptions = true,
      description = "Print every config key as a Markdown table: key | type | default | allowed | description.")
  static final class Reference implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.print(ConfigKeys.markdownReference());
      out.flush();
      return 0;
    }
  }
}
