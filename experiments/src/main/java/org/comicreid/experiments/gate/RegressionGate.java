package org.comicreid.experiments.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.comicreid.core.ReidInputException;
import org.comicreid.experiments.report.GridColumns;
import org.comicreid.experiments.report.MetricDocs;

/**
 * Decides whether a candidate run's metrics regressed against a baseline's.
 *
 * <p>Gated paths: by default every {@code <local|global>.<model>.<metric>} that the baseline has
 * as a number, for the trained models {@code self_supervised} and {@code semi_supervised} (the
 * reference models {@code random}, {@code color_hist} and {@code imagenet} are left out: they do
 * not depend on our training) and the five retrieval metrics. Each may drop by {@link
 * #DEFAULT_MAX_DROP} (absolute, on the 0-1 scale) unless a max-drop override names it; an override
 * also adds any other path (e.g. {@code face.global.semi_supervised.p_at_1} or {@code
 * pretrain.ssl_val.identity.top1}) to the gated set.
 *
 * <p>For lower-is-better metrics ({@code mean_position}, {@code loss}) a "drop" is a rise. A drop
 * of exactly the allowed amount passes; comparisons allow {@link #SLACK} for floating-point
 * rounding (0.50 - 0.48 is 0.020000000000000018 in doubles).
 */
public final class RegressionGate {

  /** The allowed absolute drop of a gated metric when no override names it. */
  public static final double DEFAULT_MAX_DROP = 0.02;

  /** Floating-point slack of every comparison. */
  public static final double SLACK = 1e-9;

  /** The models gated by default. */
  public static final List<String> GATED_MODELS = List.of("self_supervised", "semi_supervised");

  /** The outcome of one gated path. */
  public enum Verdict {
    /** Within the allowed drop, not better. */
    OK("ok"),
    /** Better than the baseline. */
    IMPROVED("improved"),
    /** Worse than the baseline by more than allowed. */
    DROPPED("DROPPED"),
    /** The candidate lacks the metric or has it as null. */
    MISSING("MISSING");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    /** How the verdict is printed. */
    public String label() {
      return label;
    }

    /** True for the verdicts that fail the gate. */
    public boolean fails() {
      return this == DROPPED || this == MISSING;
    }
  }

  /**
   * One gated path.
   *
   * @param candidate null when missing
   * @param delta candidate - baseline, null when missing
   * @param allowed the allowed drop (a rise for lower-is-better metrics)
   */
  public record Check(String path, double baseline, Double candidate, Double delta, double allowed,
      boolean higherIsBetter, Verdict verdict) {}

  /** All checks, in the baseline's path order, then the overrides' order. */
  public record Report(List<Check> checks) {
    public Report {
      checks = List.copyOf(checks);
    }

    /** True when no check dropped too far or went missing. */
    public boolean passed() {
      return checks.stream().noneMatch(c -> c.verdict().fails());
    }

    /** How many checks have {@code v}. */
    public long count(Verdict v) {
      return checks.stream().filter(c -> c.verdict() == v).count();
    }

    /** A readable table of every check and a summary line. */
    public String render() {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"metric", "baseline", "candidate", "delta", "allowed", "verdict"});
      for (Check c : checks) {
        rows.add(new String[] {c.path(), fmt(c.baseline()),
            c.candidate() == null ? "-" : fmt(c.candidate()),
            c.delta() == null ? "-" : String.format(Locale.ROOT, "%+.4f", c.delta()),
            (c.higherIsBetter() ? "-" : "+") + fmt(c.allowed()), c.verdict().label()});
      }
      int[] w = new int[6];
      for (String[] r : rows) {
        for (int k = 0; k < 6; k++) {
          w[k] = Math.max(w[k], r[k].length());
        }
      }
      StringBuilder b = new StringBuilder();
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder();
        line.append(r[0]).append(" ".repeat(w[0] - r[0].length()));
        for (int k = 1; k < 5; k++) {
          line.append("  ").append(" ".repeat(w[k] - r[k].length())).append(r[k]);
        }
        line.append("  ").append(r[5]);
        b.append(line.toString().stripTrailing()).append('\n');
      }
      if (passed()) {
        b.append(String.format(Locale.ROOT, "gate passed: %d metrics within tolerance (%d improved)%n",
            checks.size(), count(Verdict.IMPROVED)));
      } else {
        b.append(String.format(Locale.ROOT, "gate FAILED: %d dropped, %d missing of %d gated metrics%n",
            count(Verdict.DROPPED), count(Verdict.MISSING), checks.size()));
      }
      return b.toString();
    }

    private static String fmt(double v) {
      return String.format(Locale.ROOT, "%.4f", v);
    }
  }

  private final Map<String, Double> maxDrops;
  private final double defaultDrop;

  /**
   * @param maxDrops per-path allowed drops, which also add their paths to the gated set
   * @param defaultDrop the allowed drop of the default gated paths
   */
  public RegressionGate(Map<String, Double> maxDrops, double defaultDrop) {
    if (!(defaultDrop >= 0) || !Double.isFinite(defaultDrop)) {
      throw new ReidInputException("default max drop " + defaultDrop + ": expected a finite number >= 0");
    }
    maxDrops.forEach((k, v) -> checkDrop(k, v));
    this.maxDrops = new LinkedHashMap<>(maxDrops);
    this.defaultDrop = defaultDrop;
  }

  /** A gate with {@link #DEFAULT_MAX_DROP} as default. */
  public RegressionGate(Map<String, Double> maxDrops) {
    this(maxDrops, DEFAULT_MAX_DROP);
  }

  private static void checkDrop(String path, Double v) {
    if (v == null || !Double.isFinite(v) || v < 0) {
      throw new ReidInputException("--max-drop " + path + "=" + v + ": expected a finite number >= 0");
    }
  }

  /**
   * Parses {@code PATH=VALUE} entries (the CLI's repeatable {@code --max-drop}).
   *
   * @throws ReidInputException for a missing '=', an invalid path, or a value that is not a
   *     finite number &gt;= 0
   */
  public static Map<String, Double> parseMaxDrops(List<String> entries) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq < 0) {
        throw new ReidInputException("--max-drop '" + e + "': expected PATH=VALUE, e.g."
            + " global.semi_supervised.p_at_1=0.05");
      }
      String path = e.substring(0, eq).strip();
      String value = e.substring(eq + 1).strip();
      if (!GridColumns.PATH.matcher(path).matches()) {
        throw new ReidInputException("--max-drop '" + e + "': '" + path + "' is not a dotted metric path"
            + " such as global.semi_supervised.p_at_1");
      }
      double v;
      try {
        v = Double.parseDouble(value);
      } catch (NumberFormatException ex) {
        throw new ReidInputException("--max-drop '" + e + "': '" + value + "' is not a number;"
            + " expected an absolute drop such as 0.05");
      }
      if (!Double.isFinite(v) || v < 0) {
        throw new ReidInputException("--max-drop '" + e + "': expected a finite drop >= 0, got " + value);
      }
      out.put(path, v);
    }
    return out;
  }

  /** The gate on two nested run documents ({@code reid run --json} shape). */
  public Report evaluate(Map<String, ?> candidateDoc, Map<String, ?> baselineDoc) {
    return evaluateFlat(MetricDocs.flatten(candidateDoc), MetricDocs.flatten(baselineDoc));
  }

  /**
   * The gate on two flat metric maps (dotted path to value; a null value is a missing metric).
   *
   * @throws ReidInputException when an override's path is not a number in the baseline, or when
   *     the baseline has nothing to gate
   */
  public Report evaluateFlat(Map<String, Double> candidate, Map<String, Double> baseline) {
    Map<String, Double> gated = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : baseline.entrySet()) {
      if (e.getValue() != null && Double.isFinite(e.getValue()) && gatedByDefault(e.getKey())) {
        gated.put(e.getKey(), defaultDrop);
      }
    }
    for (Map.Entry<String, Double> e : maxDrops.entrySet()) {
      Double b = baseline.get(e.getKey());
      if (b == null || !Double.isFinite(b)) {
        throw new ReidInputException("--max-drop " + e.getKey() + ": the baseline has no value for '"
            + e.getKey() + "' (expected one of its metric paths, e.g. global.semi_supervised.p_at_1)");
      }
      gated.put(e.getKey(), e.getValue());
    }
    if (gated.isEmpty()) {
      throw new ReidInputException("the baseline has no metrics to gate: expected numbers at"
          + " <local|global>.<self_supervised|semi_supervised>.<metric> or --max-drop PATH=VALUE");
    }
    List<Check> checks = new ArrayList<>();
    gated.forEach((path, allowed) -> checks.add(check(path, baseline.get(path), candidate.get(path), allowed)));
    return new Report(checks);
  }

  private static Check check(String path, double base, Double cand, double allowed) {
    boolean higher = !(path.endsWith(".mean_position") || path.endsWith(".loss"));
    if (cand == null || !Double.isFinite(cand)) {
      return new Check(path, base, null, null, allowed, higher, Verdict.MISSING);
    }
    double delta = cand - base;
    double worse = higher ? -delta : delta;
    Verdict v;
    if (worse > allowed + SLACK) {
      v = Verdict.DROPPED;
    } else if (worse < -SLACK) {
      v = Verdict.IMPROVED;
    } else {
      v = Verdict.OK;
    }
    return new Check(path, base, cand, delta, allowed, higher, v);
  }

  /** True for {@code <local|global>.<self_supervised|semi_supervised>.<one of the five metrics>}. */
  static boolean gatedByDefault(String path) {
    String[] p = path.split("\\.");
    return p.length == 3 && (p[0].equals("local") || p[0].equals("global"))
        && GATED_MODELS.contains(p[1]) && GridColumns.METRICS.contains(p[2]);
  }

  /** The allowed drops given, for reporting. */
  public Map<String, Double> maxDrops() {
    return Map.copyOf(maxDrops);
  }

  /** The default allowed drop. */
  public double defaultDrop() {
    return defaultDrop;
  }

  @Override
  public String toString() {
    return "RegressionGate" + Objects.toString(maxDrops) + " default " + defaultDrop;
  }
}
