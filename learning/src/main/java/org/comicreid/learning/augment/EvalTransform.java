package org.comicreid.learning.augment;

import java.util.SplittableRandom;
import org.comicreid.learning.data.CropImage;

/** Evaluation transform: normalisation only (the caller has resized and padded the crop). */
public final class EvalTransform implements Augmentation {

  /** Shared instance. */
  public static final EvalTransform INSTANCE = new EvalTransform();

  /** The normalised image; {@code random} is unused and may be null. */
  @Override
  public float[] apply(CropImage crop, SplittableRandom random) {
    return Image.normalize(Image.fromCrop(crop));
  }
}
