package org.comicreid.core.random;

/**
 * Derives independent 64-bit seeds from a base seed and counters (SplitMix64 finaliser): the one
 * derivation that training, the synthetic world and the comicgen world draw their streams from.
 */
public final class Seeds {

  private Seeds() {}

  /** Mixes {@code seed} with each value in turn; equal inputs give equal outputs on every JVM. */
  public static long derive(long seed, long... values) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (long v : values) {
      h = mix(h ^ mix(v + 0x632BE59BD9B4E019L));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
