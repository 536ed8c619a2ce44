package org.comicreid.core.linking;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The linked identities of a set of sequences. Identity ids are dense ints {@code 0..n-1}, numbered
 * in ascending order of their names; an identity's name is the smallest
 * {@code "<sequence externalId>:<label>"} (by {@link String#compareTo}) among its nodes.
 *
 * @param identityNames identity id to its stable name
 * @param identitySeries identity id to its series
 * @param identityInstances identity id to its instance ids, ascending
 * @param identityOfInstance instance id to identity id (only instances labelled in some sequence)
 * @param nodeIdentity each (sequence, label) node to its identity id
 * @param knownDifferent identity id to the (sorted) ids of the identities it co-occurs with in some
 *     sequence under another label: the edges of the co-occurrence graph
 * @param identitiesBefore the number of (sequence, label) nodes
 * @param conflicts node pairs of one sequence (different labels) that linking put into one
 *     identity: annotations that contradict each other; such an identity has no edge to itself
 * @param positivePairsBefore distinct instance pairs labelled the same inside some sequence
 * @param negativePairsBefore distinct instance pairs labelled differently inside some sequence
 * @param positivePairsAfter instance pairs with the same linked identity
 * @param negativePairsAfter instance pairs whose linked identities are known-different
 */
public record LinkResult(
    List<String> identityNames,
    List<String> identitySeries,
    List<List<Long>> identityInstances,
    Map<Long, Integer> identityOfInstance,
    Map<Node, Integer> nodeIdentity,
    List<int[]> knownDifferent,
    int identitiesBefore,
    int conflicts,
    long positivePairsBefore,
    long negativePairsBefore,
    long positivePairsAfter,
    long negativePairsAfter) {

  /**
   * One sequence-local identity: a label inside one sequence.
   *
   * @param sequenceId the sequence's catalog id
   * @param label the sequence-local label
   */
  public record Node(long sequenceId, String label) {}

  /** Copies the collections. */
  public LinkResult {
    identityNames = List.copyOf(identityNames);
    identitySeries = List.copyOf(identitySeries);
    identityInstances = identityInstances.stream().map(List::copyOf).toList();
    identityOfInstance = Map.copyOf(identityOfInstance);
    nodeIdentity = Map.copyOf(nodeIdentity);
    knownDifferent = List.copyOf(knownDifferent);
  }

  /** The number of linked identities. */
  public int identitiesAfter() {
    return identityNames.size();
  }

  /** The identity of an instance, or -1 when no sequence labels it. */
  public int identityOf(long instanceId) {
    return identityOfInstance.getOrDefault(instanceId, -1);
  }

  /** The identity of a (sequence, label) node, or -1 when there is no such node. */
  public int identityOf(long sequenceId, String label) {
    return nodeIdentity.getOrDefault(new Node(sequenceId, label), -1);
  }

  /** Whether identities {@code a} and {@code b} are known to be different characters. */
  public boolean knownDifferent(int a, int b) {
    return java.util.Arrays.binarySearch(knownDifferent.get(a), b) >= 0;
  }

  /** The instance ids that some sequence labels. */
  public Set<Long> labelledInstances() {
    return identityOfInstance.keySet();
  }
}
