package org.comicreid.learning.pretrain;

import java.util.Objects;
import org.comicreid.learning.data.CropImage;

/**
 * A character instance with both parts, the unit of pretraining data.
 *
 * @param id instance id
 * @param face face crop (faceSize × faceSize)
 * @param body body crop (bodySize × bodySize, longest side resized and zero-padded by the caller)
 */
public record CropPair(String id, CropImage face, CropImage body) {

  /** Requires all parts. */
  public CropPair {
    Objects.requireNonNull(face, "face");
    Objects.requireNonNull(body, "body");
  }
}
