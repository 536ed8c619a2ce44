package org.comicreid.core.clustering;

/** How the distance between two clusters is derived from the distances between their points. */
public enum Linkage {
  /** Mean of all pairwise distances (UPGMA). */
  AVERAGE,
  /** Smallest pairwise distance. */
  SINGLE,
  /** Largest pairwise distance. */
  COMPLETE
}
