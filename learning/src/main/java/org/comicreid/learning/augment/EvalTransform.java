package org.comicreid.learning.augment;

import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.comicreid.learning.data.CropImage;

/**
 * Evaluation transform: normalisation only (the caller has resized and padded the crop). It must
 * use the same {@link Normalize} as the training views.
 */
public final class EvalTransform implements Augmentation {

  /** The paper's transform (mean 0.5, std 0.5). */
  public static final EvalTransform INSTANCE = new EvalTransform(Normalize.paper());

  private final Normalize normalize;

  /** @param normalize the normalisation the training views used */
  public EvalTransform(Normalize normalize) {
    this.normalize = Objects.requireNonNull(normalize, "normalize");
  }

  /** The transform of the {@code augment.normalize_*} keys of a stage's params (defaults when missing). */
  public static EvalTransform fromConfig(Map<String, String> params) {
    return new EvalTransform(Normalize.fromConfig(params));
  }

  /** The normalisation. */
  public Normalize normalize() {
    return normalize;
  }

  /** The normalised image; {@code random} is unused and may be null. */
  @Override
  public float[] apply(CropImage crop, SplittableRandom random) {
    return normalize.apply(Image.fromCrop(crop));
  }
}
