package org.comicreid.learning.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Assembles CHW float images of one size into an (N, 3, S, S) float32 NDArray. */
public final class Batches {

  private Batches() {}

  /** Stacks {@code images} (each {@code 3·size·size} values) into a new array of {@code manager}. */
  public static NDArray stack(NDManager manager, List<float[]> images, int size) {
    int per = 3 * size * size;
    float[] all = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) {
      float[] img = images.get(i);
      if (img.length != per) {
        throw new IllegalArgumentException(
            "image " + i + " has " + img.length + " values, expected " + per);
      }
      System.arraycopy(img, 0, all, i * per, per);
    }
    return manager.create(all, new Shape(images.size(), 3, size, size));
  }
}
