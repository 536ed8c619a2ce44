package org.comicreid.catalog.datasets;

import java.util.Arrays;

/**
 * A map from long keys to non-negative int values with open addressing and no boxing, for the
 * per-box facts of imports too large to keep as objects (about 16 bytes per entry).
 */
final class LongIntHashMap {

  private static final long EMPTY = Long.MIN_VALUE;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntHashMap() {
    keys = new long[64];
    values = new int[64];
    Arrays.fill(keys, EMPTY);
    mask = 63;
  }

  /** The value of {@code key}, or -1. */
  int get(long key) {
    check(key);
    int i = slot(key);
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  /** Sets {@code key} to {@code value} (not negative). */
  void put(long key, int value) {
    check(key);
    if (value < 0) {
      throw new IllegalArgumentException("negative value " + value);
    }
    int i = slot(key);
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  int size() {
    return size;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private static void check(long key) {
    if (key == EMPTY) {
      throw new IllegalArgumentException("key Long.MIN_VALUE is reserved");
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
