package org.comicreid.worker.bench;

import java.util.Random;
import org.comicreid.core.metrics.Embeddings;

/**
 * Seeded synthetic embeddings with identity structure: identities of 1 to 9 instances (mean 5),
 * each instance its identity's random centre plus Gaussian noise of the given spread (relative to
 * the centre's scale), rows L2-normalised like real re-identification embeddings.
 */
public final class SyntheticEmbeddings {
  private SyntheticEmbeddings() {}

  /** Generates {@code n} labelled rows of dimension {@code dim}. */
  public static Embeddings clustered(int n, int dim, double spread, long seed) {
    Random rnd = new Random(seed);
    float[] data = new float[Math.multiplyExact(n, dim)];
    int[] labels = new int[n];
    double[] centre = new double[dim];
    int identity = -1;
    int left = 0;
    for (int i = 0; i < n; i++) {
      if (left == 0) {
        identity++;
        left = 1 + rnd.nextInt(9);
        for (int k = 0; k < dim; k++) {
          centre[k] = rnd.nextGaussian();
        }
      }
      left--;
      labels[i] = identity;
      double norm = 0;
      for (int k = 0; k < dim; k++) {
        double v = centre[k] + spread * rnd.nextGaussian();
        data[i * dim + k] = (float) v;
        norm += v * v;
      }
      float inv = (float) (1.0 / Math.sqrt(norm));
      for (int k = 0; k < dim; k++) {
        data[i * dim + k] *= inv;
      }
    }
    return Embeddings.of(data, dim, labels);
  }

  /** The same rows with labels shuffled (seeded): the honest worst case for retrieval. */
  public static Embeddings shuffledLabels(Embeddings e, long seed) {
    int[] labels = e.labels().clone();
    Random rnd = new Random(seed);
    for (int i = labels.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = labels[i];
      labels[i] = labels[j];
      labels[j] = t;
    }
    return Embeddings.of(e.data(), e.dim(), labels);
  }

  /** The number of distinct labels. */
  public static int identities(Embeddings e) {
    return (int) java.util.Arrays.stream(e.labels()).distinct().count();
  }

  /**
   * Formats labelled embeddings as eval-embeddings CSV ({@code id,label,e0,...}), with ids
   * {@code <idPrefix>NNN}, labels {@code <labelPrefix>NN} and values to 6 decimals.
   */
  public static String toCsv(Embeddings e, String idPrefix, String labelPrefix) {
    StringBuilder b = new StringBuilder("id,label");
    for (int k = 0; k < e.dim(); k++) {
      b.append(",e").append(k);
    }
    b.append('\n');
    for (int i = 0; i < e.size(); i++) {
      b.append(String.format(java.util.Locale.ROOT, "%s%03d,%s%02d", idPrefix, i, labelPrefix, e.label(i)));
      for (int k = 0; k < e.dim(); k++) {
        b.append(String.format(java.util.Locale.ROOT, ",%.6f", e.data()[i * e.dim() + k]));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
