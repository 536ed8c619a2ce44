package org.comicreid.experiments.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed sweep file: the base config, the overrides shared by every member, the members (explicit
 * ones crossed with the grid), the seed repeats, the concurrency and the grid's columns.
 *
 * @param name the sweep's name
 * @param file the sweep file
 * @param base the config every member starts from (absolute)
 * @param description one line, or empty
 * @param shared overrides applied to every member, in file order
 * @param members the members in order; names are unique
 * @param seeds repeats of every member ({@code experiment.seed} = base seed + i, i = 0..seeds-1)
 * @param concurrency members running at once
 * @param columns the grid's columns: preset names or dotted paths, as written
 */
public record SweepPlan(
    String name,
    Path file,
    Path base,
    String description,
    Map<String, String> shared,
    List<Member> members,
    int seeds,
    int concurrency,
    List<String> columns) {

  /** The config key the seed repeats vary. */
  public static final String SEED_KEY = "experiment.seed";

  /**
   * One member of the sweep.
   *
   * @param index position in the sweep (0-based)
   * @param name unique name, e.g. {@code triplet mix_series=true}
   * @param overrides the member's own overrides, in order (applied after the shared ones)
   */
  public record Member(int index, String name, Map<String, String> overrides) {
    public Member {
      Objects.requireNonNull(name, "name");
      overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
  }

  /**
   * One pipeline of the sweep: a member at one seed repeat.
   *
   * @param member the member
   * @param seed the repeat, 0-based
   */
  public record Run(Member member, int seed) {
    /** A short label, {@code <member>} or {@code <member> #<seed>} for repeats after the first. */
    public String label() {
      return seed == 0 ? member.name() : member.name() + " #" + seed;
    }
  }

  public SweepPlan {
    Objects.requireNonNull(name, "name");
    shared = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shared));
    members = List.copyOf(members);
    columns = List.copyOf(columns);
  }

  /** Every pipeline of the sweep, member by member, each member's seed repeats together. */
  public List<Run> runs() {
    List<Run> out = new ArrayList<>();
    for (Member m : members) {
      for (int s = 0; s < seeds; s++) {
        out.add(new Run(m, s));
      }
    }
    return out;
  }

  /**
   * The {@code key=value} overrides of a run: the shared ones, then the member's; the seed repeat
   * {@code i > 0} then sets {@link #SEED_KEY} to {@code baseSeed + i}.
   */
  public List<String> overridesOf(Run run, long baseSeed) {
    Map<String, String> all = new LinkedHashMap<>(shared);
    all.putAll(run.member().overrides());
    if (run.seed() > 0) {
      all.put(SEED_KEY, Long.toString(baseSeed + run.seed()));
    }
    List<String> out = new ArrayList<>();
    all.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }
}
