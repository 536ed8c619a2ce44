package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.comicreid.core.ReidInputException;
import org.comicreid.experiments.gate.RegressionGate;
import org.comicreid.experiments.report.MetricDocs;
import org.comicreid.experiments.report.TrackedRuns;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid gate}: fails (exit 1) when a candidate run's metrics dropped below a baseline's by
 * more than allowed, for CI. Both sides are a {@code reid run --json} file, a {@code reid sweep
 * --json} file (one member's means over its seeds, {@code --member}) or a tracked run id. See
 * {@link RegressionGate} for what is gated by default and the tolerances.
 */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = {
      "Compare a candidate run with a baseline and fail when a metric dropped too far.",
      "Gated by default: <local|global>.<self_supervised|semi_supervised>.<map|map_at_r|mrr|p_at_1|r_precision>"
          + " present in the baseline, each allowed to drop by 0.02 (absolute).",
      "Exit codes: 0 within tolerance, 1 a metric dropped too far or is missing, 2 bad input."
    })
public final class GateCommand implements Callable<Integer> {

  @Option(names = "--candidate", required = true, paramLabel = "RUN_OR_FILE",
      description = "The run to check: a reid run --json file, or a run id in the configured tracker.")
  String candidate;

  @Option(names = "--baseline", required = true, paramLabel = "RUN_OR_FILE",
      description = "The reference: a reid run --json file (e.g. committed), or a run id.")
  String baseline;

  @Option(names = "--max-drop", paramLabel = "PATH=VALUE",
      description = "Allowed absolute drop of a metric path (repeatable); also gates a path not gated by default,"
          + " e.g. face.global.semi_supervised.p_at_1=0.05.")
  List<String> maxDrops = new ArrayList<>();

  @Option(names = "--member", paramLabel = "NAME",
      description = "With a reid sweep --json file on either side: gate this member's means over its"
          + " seeds (default: the only member).")
  String member;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file selecting the tracker (for run ids).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
  List<String> sets = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RegressionGate gate = new RegressionGate(RegressionGate.parseMaxDrops(maxDrops));
    try (RunSources sources = new RunSources(config, sets)) {
      Map<String, Double> cand = metrics(sources, candidate, "--candidate");
      Map<String, Double> base = metrics(sources, baseline, "--baseline");
      RegressionGate.Report report = gate.evaluateFlat(cand, base);
      PrintWriter out = spec.commandLine().getOut();
      out.println("candidate " + candidate + " vs baseline " + baseline);
      out.print(report.render());
      out.flush();
      return report.passed() ? ReidMain.EXIT_OK : ReidMain.EXIT_RUN_FAILED;
    }
  }

  private Map<String, Double> metrics(RunSources sources, String arg, String option) {
    if (RunSources.isFile(arg)) {
      Map<String, Object> doc = RunSources.readFile(arg);
      if (MetricDocs.isSweep(doc)) {
        return MetricDocs.flatten(sweepMember(doc, arg, option));
      }
      return MetricDocs.flatten(doc);
    }
    return TrackedRuns.metrics(sources.reader(), arg);
  }

  /**
   * The metrics of one member of a {@code reid sweep --json} document: its means over its seed
   * repeats, in the shape of {@code reid run --json} (without its overrides, standard deviations
   * and repeats). The member is {@code --member}, or the only one.
   */
  private Map<String, Object> sweepMember(Map<String, Object> doc, String arg, String option) {
    List<Map<String, Object>> members = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Object o : (List<?>) doc.get("members")) {
      if (o instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> mm = (Map<String, Object>) m;
        members.add(mm);
        names.add(String.valueOf(mm.get("name")));
      }
    }
    Map<String, Object> chosen = null;
    if (member != null) {
      int i = names.indexOf(member);
      if (i < 0) {
        throw new ReidInputException(option + " " + arg + ": the sweep has no member '" + member
            + "'; its members are " + names);
      }
      chosen = members.get(i);
    } else if (members.size() == 1) {
      chosen = members.get(0);
    } else {
      throw new ReidInputException(option + " " + arg + ": a sweep with " + members.size()
          + " members " + names + "; choose one with --member NAME");
    }
    Map<String, Object> metrics = new java.util.LinkedHashMap<>(chosen);
    metrics.keySet().removeAll(List.of("std", "overrides", "runs", "name", "status", "error"));
    return metrics;
  }
}
