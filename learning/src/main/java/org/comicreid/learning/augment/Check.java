package org.comicreid.learning.augment;

import org.comicreid.core.ReidInputException;

/** Range checks of the augmentation settings; every message names the config key and the value. */
final class Check {

  private Check() {}

  /** A probability in [0, 1]. */
  static void probability(String key, double v) {
    range(key, v, 0, 1);
  }

  /** {@code lo ≤ v ≤ hi} (NaN fails). */
  static void range(String key, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new ReidInputException("config key " + key + ": expected a double in " + lo + ".." + hi
          + ", got " + v);
    }
  }

  /** {@code v ≥ lo} and finite. */
  static void atLeast(String key, double v, double lo) {
    if (!(v >= lo) || Double.isInfinite(v)) {
      throw new ReidInputException("config key " + key + ": expected a finite double >= " + lo
          + ", got " + v);
    }
  }

  /** An odd int in [lo, hi]. */
  static void oddRange(String key, int v, int lo, int hi) {
    if (v < lo || v > hi || v % 2 == 0) {
      throw new ReidInputException("config key " + key + ": expected an odd int in " + lo + ".." + hi
          + ", got " + v);
    }
  }

  /** {@code min ≤ max}. */
  static void ordered(String minKey, double min, String maxKey, double max) {
    if (min > max) {
      throw new ReidInputException("config keys " + minKey + " and " + maxKey + ": expected "
          + minKey + " <= " + maxKey + ", got " + min + " > " + max);
    }
  }
}
