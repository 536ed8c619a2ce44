package org.comicreid.core.metrics;

/**
 * A fast, approximate source of squared Euclidean distances, one rectangular tile at a time. Core
 * defines it; {@link JavaTileKernel} is the plain implementation and the {@code learning} module
 * provides one on libtorch sgemm.
 *
 * <p>Error contract: every value must be within {@link #errorBound(int, double, double)} of the
 * exact squared distance. Any float32 computation of {@code ||x||^2 + ||y||^2 - 2 x.y} as one dot
 * product of length {@code dim + 2} (in any summation order, with or without FMA) meets it.
 */
public interface DistanceTileKernel {

  /** Prepares a session for one query set and one reference set (the same object when shared). */
  Session open(Embeddings query, Embeddings reference);

  /**
   * A conservative bound on |approx - exact| for points with squared norms {@code xNorm2} and
   * {@code yNorm2}: twice the classic gamma(dim+4) bound of a float32 dot product whose absolute
   * terms sum to at most {@code 2 (xNorm2 + yNorm2)}.
   */
  static double errorBound(int dim, double xNorm2, double yNorm2) {
    return (dim + 4) * 0x1p-22 * (xNorm2 + yNorm2) + Double.MIN_NORMAL;
  }

  /** Computes tiles; must be safe to call from several threads at once. */
  interface Session extends AutoCloseable {
    /**
     * Fills {@code out[r * cols + c]} with the approximate squared distance between query
     * {@code r0 + r} and reference {@code c0 + c}.
     */
    void tile(int r0, int rows, int c0, int cols, float[] out);

    @Override
    void close();
  }
}
