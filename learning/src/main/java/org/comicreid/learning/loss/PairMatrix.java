package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The M × M matrix of one batch that every loss and miner reads: the embeddings' rows are
 * L2-normalised first (u = x / max(‖x‖, 1e−12), written as x / √max(Σx², 1e−24) so that a zero row
 * has a zero rather than NaN gradient), then
 *
 * <ul>
 *   <li>{@link Distance#COSINE}: s_ij = u_i · u_j (a similarity: larger = closer);
 *   <li>{@link Distance#LP}: d_ij = √max(‖u_i‖² + ‖u_j‖² − 2 u_i·u_j, 1e−24) (a distance: smaller
 *       = closer). The clamp keeps identical rows (d = 0) from giving NaN gradients; the square is
 *       expanded through the Gram matrix so that memory stays O(M²) instead of O(pairs × dim).
 * </ul>
 *
 * <p>The matrix is computed once per batch, in the embeddings' dtype and manager, as part of the
 * autograd graph; losses {@link #gather gather} the entries of their pairs by flat index
 * ({@code take}), so memory is O(M² + number of tuples). A float64 copy of the values is pulled to
 * Java on first use, for the miner and for shifts that keep exponentials finite.
 */
public final class PairMatrix {

  private final NDArray normalized;
  private final NDArray matrix;
  private final Distance distance;
  private final int rows;
  private NDArray flat;
  private double[] values;

  private PairMatrix(NDArray normalized, NDArray matrix, Distance distance, int rows) {
    this.normalized = normalized;
    this.matrix = matrix;
    this.distance = distance;
    this.rows = rows;
  }

  /**
   * The matrix of the rows of {@code embeddings} (M × dim, M ≥ 1).
   *
   * @throws IllegalArgumentException when the embeddings are not a non-empty 2-D array
   */
  public static PairMatrix of(NDArray embeddings, Distance distance) {
    Shape shape = embeddings.getShape();
    if (shape.dimension() != 2 || shape.get(0) < 1 || shape.get(1) < 1) {
      throw new IllegalArgumentException("embeddings must be a non-empty (rows, dim) array, got "
          + shape);
    }
    if (distance == null) {
      throw new IllegalArgumentException("distance is required");
    }
    int m = Math.toIntExact(shape.get(0));
    NDArray norm = embeddings.square().sum(new int[] {1}, true).maximum(1e-24f).sqrt();
    NDArray u = embeddings.div(norm);
    NDArray gram = u.matMul(u.transpose());
    NDArray mat;
    if (distance == Distance.COSINE) {
      mat = gram;
    } else {
      NDArray sq = u.square().sum(new int[] {1}, true);
      mat = sq.add(sq.transpose()).sub(gram.mul(2)).maximum(1e-24f).sqrt();
    }
    return new PairMatrix(u, mat, distance, m);
  }

  /** How the entries compare rows. */
  public Distance distance() {
    return distance;
  }

  /** True for {@link Distance#COSINE} (larger = closer), false for {@link Distance#LP}. */
  public boolean isSimilarity() {
    return distance == Distance.COSINE;
  }

  /** M, the number of rows. */
  public int rows() {
    return rows;
  }

  /** The L2-normalised embeddings (M × dim). */
  public NDArray normalized() {
    return normalized;
  }

  /** The M × M matrix, part of the autograd graph. */
  public NDArray matrix() {
    return matrix;
  }

  /** The manager of the embeddings (where the losses create their constants). */
  NDManager manager() {
    return matrix.getManager();
  }

  /** The embeddings' dtype. */
  DataType dataType() {
    return matrix.getDataType();
  }

  /** Entry (i, j) as a Java double (from a float64 copy made on first call). */
  public double value(int i, int j) {
    if (values == null) {
      values = matrix.toType(DataType.FLOAT64, false).toDoubleArray();
    }
    return values[i * rows + j];
  }

  /**
   * The entries (a[k], b[k]) as a 1-D array (length P) in the graph, gathered by flat index.
   *
   * @throws IllegalArgumentException when the arrays differ in length or are empty
   * @throws IndexOutOfBoundsException when an index is outside [0, M)
   */
  public NDArray gather(int[] a, int[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("gather: " + a.length + " and " + b.length + " indexes");
    }
    long[] idx = new long[a.length];
    for (int k = 0; k < a.length; k++) {
      check(a[k]);
      check(b[k]);
      idx[k] = (long) a[k] * rows + b[k];
    }
    if (flat == null) {
      flat = matrix.reshape(-1);
    }
    return flat.take(manager().create(idx));
  }

  /** A zero scalar that is connected to the embeddings (its gradient is zero, not missing). */
  public NDArray zero() {
    return normalized.sum().mul(0);
  }

  /** A constant (no gradient) in the embeddings' dtype and manager. */
  NDArray constant(double[] data, Shape shape) {
    return manager().create(data, shape).toType(dataType(), false);
  }

  private void check(int i) {
    if (i < 0 || i >= rows) {
      throw new IndexOutOfBoundsException("row " + i + " outside " + rows + " rows");
    }
  }
}
