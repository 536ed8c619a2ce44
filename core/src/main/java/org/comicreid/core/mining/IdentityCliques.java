package org.comicreid.core.mining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.linking.LinkResult;

/**
 * Maximal cliques of the known-different graph of linked identities (paper Appendix D; FACTS
 * fine-tuning sampler).
 *
 * <p>Nodes are identities and an edge joins two identities that appear in one sequence under
 * different labels. Cliques are found with Bron–Kerbosch with pivoting (pivot: the candidate with
 * most neighbours among the candidates, ties by lower id). Only maximal cliques with at least two
 * members are kept: identities that co-occur with nobody are dropped, and since every clique
 * reported is maximal, no kept clique is a subset of another. Identities of different series never
 * share an edge, so cliques are per series.
 *
 * <p>Order: members ascending inside a clique; cliques sorted by series, then lexicographically by
 * their member arrays; ids are assigned 0.. in that order.
 */
public final class IdentityCliques {
  private IdentityCliques() {}

  /** The cliques of the identities of {@code links}. */
  public static List<IdentityClique> of(LinkResult links) {
    int n = links.identitiesAfter();
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      counts[i] = links.identityInstances().get(i).size();
    }
    return of(links.knownDifferent(), links.identitySeries(), counts);
  }

  /**
   * The cliques of an explicit graph.
   *
   * @param adjacency per identity, its neighbours (symmetric, no self-loops)
   * @param series per identity, its series
   * @param instanceCounts per identity, its number of instances
   */
  public static List<IdentityClique> of(List<int[]> adjacency, List<String> series, int[] instanceCounts) {
    int n = adjacency.size();
    if (series.size() != n || instanceCounts.length != n) {
      throw new ReidInputException("clique input sizes differ: " + n + " nodes, " + series.size()
          + " series, " + instanceCounts.length + " counts");
    }
    List<int[]> cliques = maximalCliques(adjacency);
    cliques.sort(
        Comparator.<int[], String>comparing(c -> series.get(c[0])).thenComparing(Arrays::compare));
    List<IdentityClique> out = new ArrayList<>();
    for (int[] c : cliques) {
      int total = 0;
      for (int m : c) {
        if (!series.get(m).equals(series.get(c[0]))) {
          throw new ReidInputException("identities " + c[0] + " and " + m + " of different series co-occur");
        }
        total += instanceCounts[m];
      }
      out.add(new IdentityClique(out.size(), series.get(c[0]), c, total));
    }
    return out;
  }

  /**
   * All maximal cliques with at least two members, each sorted ascending, the list sorted
   * lexicographically.
   *
   * @param adjacency per node, its neighbours (must be symmetric, no self-loops)
   */
  public static List<int[]> maximalCliques(List<int[]> adjacency) {
    int n = adjacency.size();
    BitSet[] adj = new BitSet[n];
    for (int i = 0; i < n; i++) {
      adj[i] = new BitSet(n);
      for (int j : adjacency.get(i)) {
        if (j < 0 || j >= n || j == i) {
          throw new ReidInputException("bad neighbour " + j + " of node " + i);
        }
        adj[i].set(j);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = adj[i].nextSetBit(0); j >= 0; j = adj[i].nextSetBit(j + 1)) {
        if (!adj[j].get(i)) {
          throw new ReidInputException("adjacency is not symmetric: " + i + " -> " + j);
        }
      }
    }
    List<int[]> out = new ArrayList<>();
    BitSet p = new BitSet(n);
    p.set(0, n);
    bronKerbosch(adj, new BitSet(n), p, new BitSet(n), out);
    out.sort(Arrays::compare);
    return out;
  }

  private static void bronKerbosch(BitSet[] adj, BitSet r, BitSet p, BitSet x, List<int[]> out) {
    if (p.isEmpty()) {
      if (x.isEmpty() && r.cardinality() >= 2) {
        out.add(r.stream().toArray());
      }
      return;
    }
    BitSet px = (BitSet) p.clone();
    px.or(x);
    int pivot = -1;
    int best = -1;
    for (int u = px.nextSetBit(0); u >= 0; u = px.nextSetBit(u + 1)) {
      BitSet t = (BitSet) p.clone();
      t.and(adj[u]);
      int c = t.cardinality();
      if (c > best) {
        best = c;
        pivot = u;
      }
    }
    BitSet candidates = (BitSet) p.clone();
    candidates.andNot(adj[pivot]);
    for (int v = candidates.nextSetBit(0); v >= 0; v = candidates.nextSetBit(v + 1)) {
      BitSet r2 = (BitSet) r.clone();
      r2.set(v);
      BitSet p2 = (BitSet) p.clone();
      p2.and(adj[v]);
      BitSet x2 = (BitSet) x.clone();
      x2.and(adj[v]);
      bronKerbosch(adj, r2, p2, x2, out);
      p.clear(v);
      x.set(v);
    }
  }
}
