package org.comicreid.core.baselines;

import org.comicreid.core.ReidInputException;

/**
 * Face–body fusion by sum (FACTS fine-tuning: face and body features are summed and a missing
 * part is replaced by a zero vector).
 */
public final class Fusion {
  private Fusion() {}

  /**
   * {@code face + body}, a {@code null} part counting as zeros; a new array either way.
   *
   * @param face the face vector or {@code null}
   * @param body the body vector or {@code null}
   * @param dim the vector length
   * @throws ReidInputException when both parts are missing or a part has another length
   */
  public static float[] sum(float[] face, float[] body, int dim) {
    if (face == null && body == null) {
      throw new ReidInputException("an instance needs a face or a body to fuse");
    }
    float[] out = new float[dim];
    for (float[] part : new float[][] {face, body}) {
      if (part == null) {
        continue;
      }
      if (part.length != dim) {
        throw new ReidInputException("part vector has " + part.length + " values, expected " + dim);
      }
      for (int i = 0; i < dim; i++) {
        out[i] += part[i];
      }
    }
    return out;
  }
}
