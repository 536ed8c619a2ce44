package org.comicreid.learning.augment;

import java.util.Map;
import java.util.Objects;
import org.comicreid.core.dataset.PartKind;

/**
 * The fine-tuning train transform for faces and bodies ({@link WeakAugment} with the
 * {@code augment.finetune.*} settings, FACTS: the weak view with crop p 0.5, vertical or horizontal
 * flip, blur p 0.5 and face crop scale 0.08).
 *
 * @param face transform of face crops
 * @param body transform of body crops
 */
public record FineTuneAugmentations(Augmentation face, Augmentation body) {

  /** Requires both transforms. */
  public FineTuneAugmentations {
    Objects.requireNonNull(face, "face");
    Objects.requireNonNull(body, "body");
  }

  /** The authors' transform (the defaults of every key). */
  public static FineTuneAugmentations paper() {
    return of(WeakSpec.fineTunePaper(), Normalize.paper());
  }

  /** The transforms of the given settings, reference sizes 96 (faces) and 128 (bodies). */
  public static FineTuneAugmentations of(WeakSpec spec, Normalize normalize) {
    return new FineTuneAugmentations(WeakAugment.of(spec, normalize, PartKind.FACE),
        WeakAugment.of(spec, normalize, PartKind.BODY));
  }

  /**
   * The transforms from a stage's params: the {@code augment.finetune.*} and
   * {@code augment.normalize_*} keys; a missing key takes its default, other sections are ignored.
   *
   * @throws org.comicreid.core.ReidInputException naming the key and the value when a value is
   *     malformed or out of range, or an {@code augment.*} key is unknown
   */
  public static FineTuneAugmentations fromConfig(Map<String, String> params) {
    AugmentKeys.rejectUnknown(params);
    return of(WeakSpec.fromConfig(params, WeakSpec.FINETUNE), Normalize.fromConfig(params));
  }
}
