package org.comicreid.core.mining;

/**
 * One maximal clique of known-different identities (a pseudo-sequence for mining).
 *
 * @param id clique id, dense in the deterministic clique order
 * @param series the series of its members
 * @param members member identity ids, ascending (at least 2)
 * @param instanceCount the total number of instances of its members
 */
public record IdentityClique(int id, String series, int[] members, int instanceCount) {
  /** The number of member identities. */
  public int size() {
    return members.length;
  }
}
