package org.comicreid.worker.setup;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.comicreid.catalog.Catalog;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageKeys;
import org.comicreid.core.sweep.SweepMember;
import org.comicreid.core.sweep.SweepSpec;
import org.comicreid.experiments.config.ConfigLoader;
import org.comicreid.experiments.config.ResolvedConfig;
import org.comicreid.experiments.sweep.SweepPlan;

/**
 * A sweep file resolved into the sweep workflow's spec: every member's config (the base, the
 * sweep's shared overrides, the member's own, the command line's {@code --set}, the seed repeat),
 * mapped to its pipeline spec with the dataset's content hash and this build's stage code versions.
 *
 * @param plan the parsed sweep file
 * @param first the setup of the first member: its execution settings (work dir, catalog, Temporal,
 *     tracking, workers) are every member's
 * @param spec the sweep workflow's input
 */
public record SweepSetup(SweepPlan plan, RunSetup first, SweepSpec spec) {

  /**
   * Config sections a member may not change: they say where and how the sweep runs, not what it
   * computes, and one sweep runs in one place.
   */
  static final List<String> EXECUTION_PREFIXES =
      List.of("paths.", "catalog.", "temporal.", "tracking.", "worker.");

  /**
   * Resolves every member's config (without touching the catalog); errors name the sweep file, the
   * member and the key.
   */
  public static List<RunSetup> resolveMembers(SweepPlan plan, List<String> sets) {
    ConfigLoader loader = new ConfigLoader();
    List<RunSetup> out = new ArrayList<>();
    for (SweepPlan.Run run : plan.runs()) {
      for (String k : run.member().overrides().keySet()) {
        for (String p : EXECUTION_PREFIXES) {
          if (k.startsWith(p)) {
            throw new ReidInputException(plan.file() + ": member '" + run.member().name()
                + "' sets '" + k + "': members may not change execution settings (" 
                + String.join(", ", EXECUTION_PREFIXES.stream().map(x -> x + "*").toList())
                + "); put it under 'set' or pass --set");
          }
        }
      }
      List<String> overrides = new ArrayList<>(plan.overridesOf(new SweepPlan.Run(run.member(), 0), 0));
      overrides.addAll(sets);
      ResolvedConfig resolved;
      try {
        resolved = loader.load(plan.base(), overrides);
        if (run.seed() > 0) {
          long seed = ((Number) resolved.get(SweepPlan.SEED_KEY).value()).longValue();
          List<String> seeded = new ArrayList<>(overrides);
          seeded.add(SweepPlan.SEED_KEY + "=" + (seed + run.seed()));
          resolved = loader.load(plan.base(), seeded);
        }
        out.add(RunSetup.from(resolved));
      } catch (ReidInputException e) {
        throw new ReidInputException(plan.file() + ": member '" + run.label() + "': "
            + e.getMessage());
      }
    }
    return out;
  }

  /**
   * Resolves the sweep: members' configs, their datasets (generated or checked in the catalog),
   * their pipeline specs.
   *
   * @param setups the members' setups, from {@link #resolveMembers}
   * @param forced stages every member runs again ({@code --force})
   */
  public static SweepSetup resolve(SweepPlan plan, List<RunSetup> setups, Set<Stage> forced,
      Catalog catalog, PrintWriter out) {
    return keyed(plan, setups, forced, s -> DatasetSetup.ensure(s, catalog, out));
  }

  /**
   * As {@link #resolve}, but with caching off ({@code reid sweep --no-cache}): every member runs all
   * nine stages itself, replacing their cached outputs. For measuring what caching saves.
   */
  public static SweepSetup resolveUncached(SweepPlan plan, List<RunSetup> setups, Catalog catalog,
      PrintWriter out) {
    SweepSetup s = resolve(plan, setups, java.util.EnumSet.allOf(Stage.class), catalog, out);
    SweepSpec u = s.spec();
    return new SweepSetup(plan, s.first(), new SweepSpec(u.name(),
        StageKeys.sha256Hex(u.sweepHash() + "\nno-cache"),
        u.workflowQueue(), u.members(), u.concurrency(), u.continueAsNewAfter(),
        u.trackingExperiment(), u.columns(), u.trackingRunId(), u.done(), false));
  }

  /**
   * The sweep as {@link #resolve} makes it, but for looking at: each dataset's content hash is read
   * from the catalog ({@code ""} when missing), nothing is generated or imported.
   */
  public static SweepSetup lookUp(SweepPlan plan, List<RunSetup> setups, Catalog catalog) {
    return keyed(plan, setups, Set.of(), s -> DatasetSetup.contentHash(s, catalog));
  }

  private static SweepSetup keyed(SweepPlan plan, List<RunSetup> setups, Set<Stage> forced,
      java.util.function.Function<RunSetup, String> datasetHash) {
    RunSetup first = setups.get(0);
    Map<String, String> hashes = new HashMap<>();
    List<SweepMember> members = new ArrayList<>();
    List<SweepPlan.Run> runs = plan.runs();
    StringBuilder identity = new StringBuilder("comic-reid/sweep/v1\n");
    for (int i = 0; i < runs.size(); i++) {
      RunSetup s = setups.get(i);
      String dataset = s.typed().dataset().name();
      String hash = hashes.get(dataset);
      if (hash == null) {
        hash = datasetHash.apply(s);
        hashes.put(dataset, hash);
      }
      RunSetup keyed = s.withCacheIdentity(hash);
      if (!forced.isEmpty()) {
        keyed = keyed.withForced(forced);
      }
      SweepPlan.Run run = runs.get(i);
      Map<String, String> shown = new LinkedHashMap<>(run.member().overrides());
      if (run.seed() > 0) {
        shown.put(SweepPlan.SEED_KEY, String.valueOf(s.typed().experiment().seed()));
      }
      members.add(new SweepMember(run.member().index(), run.member().name(), run.seed(), shown,
          keyed.spec(), new TreeMap<>(keyed.trackingParams())));
      identity.append(run.member().name()).append('#').append(run.seed()).append('=')
          .append(keyed.spec().runHash()).append('\n');
    }
    identity.append("forced=").append(forced).append('\n');
    String trackingExperiment = first.trackingExperimentOf().apply(first.spec().experiment());
    SweepSpec spec = new SweepSpec(plan.name(), StageKeys.sha256Hex(identity.toString()),
        first.spec().workflowQueue(), members, plan.concurrency(),
        SweepSpec.DEFAULT_CONTINUE_AS_NEW_AFTER, trackingExperiment, plan.columns(), "", List.of(),
        true);
    return new SweepSetup(plan, first, spec);
  }
}
