package org.comicreid.core.linking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.IdentityScope;
import org.comicreid.core.dataset.SequenceRecord;

/**
 * Links sequence-local labels into identities across sequences (paper Appendix C.2).
 *
 * <p>Every (sequence, label) pair is a node. Two nodes are joined (union-find) when they label the
 * same instance id; identities are the connected components. Consequences:
 *
 * <ul>
 *   <li>Sequences that share no labelled instance are never joined.
 *   <li>An instance labelled {@code A} in one sequence and {@code B} in another merges both labels
 *       (and everything linked to them) into one identity. If that makes two different labels of
 *       one sequence the same identity, the annotations contradict each other: the pair is counted
 *       in {@link LinkResult#conflicts()} and no self-edge is added.
 *   <li>Instances that no sequence labels get no identity ({@link LinkResult#identityOf(long)}
 *       returns -1).
 *   <li>All nodes of one identity must belong to one series; anything else is an input error.
 * </ul>
 *
 * <p>Two identities are known-different when some sequence labels instances of both under
 * different labels. Pair counts before linking count distinct unordered instance pairs seen inside
 * a single sequence (a pair shared by two overlapping sequences counts once); after linking,
 * positives are pairs with the same identity and negatives pairs of known-different identities.
 */
public final class SequenceLinker {
  private SequenceLinker() {}

  /** Links the sequence-local labels of {@code sequences} (sequence ids must be unique). */
  public static LinkResult link(List<SequenceRecord> sequences) {
    return link(sequences, IdentityScope.SEQUENCE);
  }

  /**
   * Links the labels of {@code sequences}. With {@link IdentityScope#DATASET} the labels are
   * already linked: nodes with the same label in the same series and split are joined as well (a
   * label used in two series names two characters, since identities never cross series here:
   * cliques and the global query/reference sets are per series; and a character's training
   * sequences and its test sequences stay apart, as they would without linking).
   */
  public static LinkResult link(List<SequenceRecord> sequences, IdentityScope scope) {
    Map<LinkResult.Node, Integer> nodeIndex = new HashMap<>();
    List<LinkResult.Node> nodes = new ArrayList<>();
    List<String> nodeNames = new ArrayList<>();
    List<String> nodeSeries = new ArrayList<>();
    List<String> nodeSplit = new ArrayList<>();
    Set<Long> seqIds = new HashSet<>();
    for (SequenceRecord s : sequences) {
      if (!seqIds.add(s.id())) {
        throw new ReidInputException("sequence id " + s.id() + " (" + s.externalId() + ") appears twice");
      }
      for (String label : new TreeSet<>(s.labels().values())) {
        LinkResult.Node n = new LinkResult.Node(s.id(), label);
        nodeIndex.put(n, nodes.size());
        nodes.add(n);
        nodeNames.add(s.externalId() + ":" + label);
        nodeSeries.add(s.series());
        nodeSplit.add(s.split());
      }
    }
    int[] parent = new int[nodes.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    if (scope == IdentityScope.DATASET) {
      Map<String, Integer> firstNodeOfLabel = new HashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        Integer prev = firstNodeOfLabel.putIfAbsent(nodeSeries.get(i) + "\u0000"
            + nodeSplit.get(i) + "\u0000" + nodes.get(i).label(), i);
        if (prev != null) {
          union(parent, prev, i);
        }
      }
    }
    Map<Long, Integer> firstNodeOfInstance = new HashMap<>();
    for (SequenceRecord s : sequences) {
      for (Map.Entry<Long, String> e : s.labels().entrySet()) {
        int n = nodeIndex.get(new LinkResult.Node(s.id(), e.getValue()));
        Integer prev = firstNodeOfInstance.putIfAbsent(e.getKey(), n);
        if (prev != null) {
          union(parent, prev, n);
        }
      }
    }
    // components named by their smallest node name; ids in name order
    Map<Integer, String> rootName = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      int r = find(parent, i);
      String nm = nodeNames.get(i);
      rootName.merge(r, nm, (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }
    TreeMap<String, Integer> byName = new TreeMap<>();
    rootName.forEach((r, nm) -> byName.put(nm, r));
    Map<Integer, Integer> idOfRoot = new HashMap<>();
    List<String> names = new ArrayList<>(byName.keySet());
    for (String nm : names) {
      idOfRoot.put(byName.get(nm), idOfRoot.size());
    }
    int k = names.size();
    int[] nodeId = new int[nodes.size()];
    String[] series = new String[k];
    Map<LinkResult.Node, Integer> nodeIdentity = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      nodeId[i] = idOfRoot.get(find(parent, i));
      nodeIdentity.put(nodes.get(i), nodeId[i]);
      String sr = nodeSeries.get(i);
      if (series[nodeId[i]] == null) {
        series[nodeId[i]] = sr;
      } else if (!series[nodeId[i]].equals(sr)) {
        throw new ReidInputException(
            "identity " + names.get(nodeId[i]) + " links sequences of series " + series[nodeId[i]]
                + " and " + sr + " through a shared instance");
      }
    }
    Map<Long, Integer> identityOfInstance = new HashMap<>();
    List<TreeSet<Long>> instances = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      instances.add(new TreeSet<>());
    }
    firstNodeOfInstance.forEach(
        (inst, n) -> {
          identityOfInstance.put(inst, nodeId[n]);
          instances.get(nodeId[n]).add(inst);
        });
    // co-occurrence edges, conflicts, pairs before linking
    List<TreeSet<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      adj.add(new TreeSet<>());
    }
    int conflicts = 0;
    Set<Long> posBefore = new HashSet<>();
    Set<Long> negBefore = new HashSet<>();
    Map<Long, Integer> dense = new HashMap<>();
    for (SequenceRecord s : sequences) {
      List<String> labels = new ArrayList<>(new TreeSet<>(s.labels().values()));
      for (int a = 0; a < labels.size(); a++) {
        for (int b = a + 1; b < labels.size(); b++) {
          int ia = nodeIdentity.get(new LinkResult.Node(s.id(), labels.get(a)));
          int ib = nodeIdentity.get(new LinkResult.Node(s.id(), labels.get(b)));
          if (ia == ib) {
            conflicts++;
          } else {
            adj.get(ia).add(ib);
            adj.get(ib).add(ia);
          }
        }
      }
      List<Map.Entry<Long, String>> entries = new ArrayList<>(s.labels().entrySet());
      for (int a = 0; a < entries.size(); a++) {
        for (int b = a + 1; b < entries.size(); b++) {
          long key = pairKey(dense, entries.get(a).getKey(), entries.get(b).getKey());
          if (entries.get(a).getValue().equals(entries.get(b).getValue())) {
            posBefore.add(key);
          } else {
            negBefore.add(key);
          }
        }
      }
    }
    long posAfter = 0;
    long negAfter = 0;
    List<int[]> knownDifferent = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      long n = instances.get(i).size();
      posAfter += n * (n - 1) / 2;
      for (int j : adj.get(i)) {
        if (j > i) {
          negAfter += n * instances.get(j).size();
        }
      }
      knownDifferent.add(adj.get(i).stream().mapToInt(Integer::intValue).toArray());
    }
    List<List<Long>> instanceLists = new ArrayList<>();
    for (TreeSet<Long> t : instances) {
      instanceLists.add(new ArrayList<>(t));
    }
    return new LinkResult(
        names,
        List.of(series),
        instanceLists,
        identityOfInstance,
        nodeIdentity,
        knownDifferent,
        nodes.size(),
        conflicts,
        posBefore.size(),
        negBefore.size(),
        posAfter,
        negAfter);
  }

  private static long pairKey(Map<Long, Integer> dense, long a, long b) {
    long x = dense.computeIfAbsent(a, z -> dense.size());
    long y = dense.computeIfAbsent(b, z -> dense.size());
    return Math.min(x, y) << 32 | Math.max(x, y);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
