package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.comicreid.core.mining.IdentityClique;
import org.comicreid.core.mining.IdentityCliques;
import org.comicreid.core.pipeline.MetaMineInput;
import org.comicreid.core.pipeline.MetaMineOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.workflows.activities.MetaMineActivities;

/**
 * Meta-mine (paper D): the graph of linked identities known to be different (they appear in one
 * sequence under different labels) and its maximal cliques of two or more identities. Each clique
 * is a pseudo-sequence inside which fine-tuning mines pairs. Writes {@code cliques.tsv}.
 */
public final class MetaMineActivitiesImpl extends StageSupport implements MetaMineActivities {

  public static final List<String> COLUMNS = List.of("clique", "series", "split", "members", "instances");

  public MetaMineActivitiesImpl(StageEnvironment env) {
    super(env, Stage.META_MINE);
  }

  @Override
  public MetaMineOutput metaMine(MetaMineInput in) {
    List<Artifacts.IdentityRow> ids = Artifacts.identities(Path.of(in.linkSequences().sequencesPath()));
    List<int[]> adjacency = new ArrayList<>();
    List<String> series = new ArrayList<>();
    int[] counts = new int[ids.size()];
    String[] splitOf = new String[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      Artifacts.IdentityRow r = ids.get(i);
      if (r.id() != i) {
        throw new IllegalStateException("identities.tsv is not in identity order at row " + i);
      }
      adjacency.add(r.knownDifferent());
      series.add(r.series());
      counts[i] = r.instances().length;
      splitOf[i] = r.split();
    }
    List<IdentityClique> cliques = IdentityCliques.of(adjacency, series, counts);
    List<List<?>> rows = new ArrayList<>();
    Map<String, Integer> perSplit = new java.util.TreeMap<>();
    int largest = 0;
    for (IdentityClique c : cliques) {
      // members of a clique met in one sequence or are linked to ones that did: one split (a
      // series' sequences may be split between validation and test by the C.1 rule)
      String split = c.members().length == 0 ? "" : splitOf[c.members()[0]];
      rows.add(List.of(c.id(), c.series(), split, Artifacts.join(c.members()), c.instanceCount()));
      perSplit.merge(split.isEmpty() ? "(none)" : split, 1, Integer::sum);
      largest = Math.max(largest, c.size());
    }
    Published pub = publishTable(in, "cliques.tsv", COLUMNS, rows);
    Path file = pub.file();
    String sha = pub.sha256();
    say(String.format(Locale.ROOT, "%d maximal cliques of known-different identities (largest %d),"
        + " per split %s", cliques.size(), largest, perSplit));
    track(in, Map.of("cliques", (double) cliques.size(), "largest_clique", (double) largest));
    return new MetaMineOutput(file.toString(), cliques.size(),
        provenance(in, Map.of("cliques", sha), false));
  }
}
