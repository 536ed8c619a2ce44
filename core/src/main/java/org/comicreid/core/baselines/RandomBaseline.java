package org.comicreid.core.baselines;

import java.util.Random;
import org.comicreid.core.ReidInputException;

/**
 * The random baseline (paper F.4): one standard normal vector per image (256-d in the paper),
 * drawn from {@link java.util.Random#nextGaussian()} seeded with {@code seed}, row after row, so
 * the same seed gives the same vectors on every JVM.
 */
public final class RandomBaseline {
  /** The paper's dimension. */
  public static final int PAPER_DIM = 256;

  private RandomBaseline() {}

  /** {@code n} rows of {@code dim} standard normal values, row-major. */
  public static float[] embeddings(int n, int dim, long seed) {
    if (n < 0 || dim <= 0 || (long) n * dim > Integer.MAX_VALUE - 8) {
      throw new ReidInputException("bad random baseline shape " + n + " x " + dim);
    }
    Random r = new Random(seed);
    float[] out = new float[n * dim];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) r.nextGaussian();
    }
    return out;
  }
}
