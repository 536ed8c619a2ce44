package org.comicreid.learning.augment;

import java.util.SplittableRandom;
import org.comicreid.learning.data.CropImage;

/**
 * Turns a crop into a normalised float image in CHW layout ({@code 3 · size · size} values,
 * {@code (x − mean) / std} of {@link Normalize}, by default (x − 0.5) / 0.5), deterministically
 * given the random source.
 */
public interface Augmentation {

  /** The augmented, normalised image; the output has the crop's size. */
  float[] apply(CropImage crop, SplittableRandom random);
}
