package org.comicreid.core.metrics;

/**
 * The plain-Java {@link DistanceTileKernel}: float32 dot products with four partial sums. Correct
 * on any JVM and fast enough for tests and inputs of a few thousand rows.
 */
public final class JavaTileKernel implements DistanceTileKernel {

  @Override
  public Session open(Embeddings query, Embeddings reference) {
    int dim = query.dim();
    float[] qn = norms(query);
    float[] rn = reference == query ? qn : norms(reference);
    float[] x = query.data();
    float[] y = reference.data();
    return new Session() {
      @Override
      public void tile(int r0, int rows, int c0, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
          int xi = (r0 + r) * dim;
          float xn = qn[r0 + r];
          for (int c = 0; c < cols; c++) {
            int yj = (c0 + c) * dim;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int k = 0;
            for (; k + 3 < dim; k += 4) {
              s0 += x[xi + k] * y[yj + k];
              s1 += x[xi + k + 1] * y[yj + k + 1];
              s2 += x[xi + k + 2] * y[yj + k + 2];
              s3 += x[xi + k + 3] * y[yj + k + 3];
            }
            for (; k < dim; k++) {
              s0 += x[xi + k] * y[yj + k];
            }
            out[r * cols + c] = xn + rn[c0 + c] - 2f * ((s0 + s1) + (s2 + s3));
          }
        }
      }

      @Override
      public void close() {}
    };
  }

  private static float[] norms(Embeddings e) {
    float[] n = new float[e.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = (float) Distances.squaredNorm(e.data(), i, e.dim());
    }
    return n;
  }
}
