package org.comicreid.core.metrics;

/**
 * The one exact distance used by every engine: squared Euclidean distance summed in double
 * precision, in index order. Engines compare these values, so equal points give exactly equal
 * distances and ties are broken by reference index.
 */
public final class Distances {
  private Distances() {}

  /** Squared Euclidean distance between row {@code i} of {@code a} and row {@code j} of {@code b}. */
  public static double squared(float[] a, int i, float[] b, int j, int dim) {
    int ai = i * dim;
    int bj = j * dim;
    double s = 0;
    for (int k = 0; k < dim; k++) {
      double d = (double) a[ai + k] - (double) b[bj + k];
      s += d * d;
    }
    return s;
  }

  /** Squared norm of row {@code i}, in double. */
  public static double squaredNorm(float[] a, int i, int dim) {
    int ai = i * dim;
    double s = 0;
    for (int k = 0; k < dim; k++) {
      double v = a[ai + k];
      s += v * v;
    }
    return s;
  }
}
