package org.comicreid.core.pairing;

/**
 * How faces are paired with bodies. In both rules the intersection rate of a face and a body is
 * {@code area(face ∩ body) / area(face)} (0 for a face of zero area).
 */
public enum PairingRule {
  /**
   * Paper Appendix B: bodies with a rate strictly above the threshold (default 0.95) are
   * candidates; among several, the body whose top edge is closest to the face's top edge
   * ({@code |face.y1 - body.y1|}) wins.
   */
  PAPER(0.95),
  /**
   * The authors' related code (spatially_augmented_comic_mtl): bodies with a rate of at least the
   * threshold (default 0.20) are candidates; the highest rate wins.
   */
  AUTHORS_CODE(0.20);

  private final double defaultThreshold;

  PairingRule(double defaultThreshold) {
    this.defaultThreshold = defaultThreshold;
  }

  /** The rule's default intersection-rate threshold. */
  public double defaultThreshold() {
    return defaultThreshold;
  }
}
