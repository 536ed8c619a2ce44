package org.comicreid.core.metrics;

import java.util.List;
import java.util.Objects;

/**
 * A set of embedding rows: ids, optional integer labels and a row-major float matrix.
 *
 * @param ids one id per row
 * @param labels one label id per row, or {@code null} for unlabelled data (cluster input)
 * @param labelNames label id to its original string (index = label id); empty when unlabelled
 * @param data row-major values, {@code ids.length * dim} floats
 * @param dim the number of values per row
 */
public record Embeddings(String[] ids, int[] labels, List<String> labelNames, float[] data, int dim) {

  /** Checks the shapes. */
  public Embeddings {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(data, "data");
    labelNames = labelNames == null ? List.of() : List.copyOf(labelNames);
    if (dim <= 0) {
      throw new IllegalArgumentException("dim must be positive, got " + dim);
    }
    if ((long) ids.length * dim != data.length) {
      throw new IllegalArgumentException(
          "data has " + data.length + " values, expected " + ids.length + " x " + dim);
    }
    if (labels != null && labels.length != ids.length) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " entries, expected " + ids.length);
    }
  }

  /** Builds labelled embeddings with generated ids {@code "0".."n-1"} and numeric label names. */
  public static Embeddings of(float[] data, int dim, int[] labels) {
    int n = data.length / dim;
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = Integer.toString(i);
    }
    return new Embeddings(ids, labels, List.of(), data, dim);
  }

  /** The number of rows. */
  public int size() {
    return ids.length;
  }

  /** Whether rows carry labels. */
  public boolean labelled() {
    return labels != null;
  }

  /** The label id of row {@code i}. */
  public int label(int i) {
    return labels[i];
  }
}
