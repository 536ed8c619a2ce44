package org.comicreid.learning.augment;

import java.util.Map;
import java.util.Objects;
import org.comicreid.core.dataset.PartKind;

/**
 * The four views of identity-aware pretraining: strong face and strong body views (two per crop,
 * for the face and body NT-Xent terms) and weak face and weak body views (the identity term).
 *
 * @param strongFace strong view of faces
 * @param strongBody strong view of bodies
 * @param weakFace weak view of faces
 * @param weakBody weak view of bodies
 */
public record PretrainAugmentations(Augmentation strongFace, Augmentation strongBody,
    Augmentation weakFace, Augmentation weakBody) {

  /** Requires all four views. */
  public PretrainAugmentations {
    Objects.requireNonNull(strongFace, "strongFace");
    Objects.requireNonNull(strongBody, "strongBody");
    Objects.requireNonNull(weakFace, "weakFace");
    Objects.requireNonNull(weakBody, "weakBody");
  }

  /** The authors' views (the defaults of every key). */
  public static PretrainAugmentations paper() {
    return of(StrongSpec.paper(), WeakSpec.paper(), Normalize.paper());
  }

  /** The views of the given settings, with reference sizes 96 (faces) and 128 (bodies). */
  public static PretrainAugmentations of(StrongSpec strong, WeakSpec weak, Normalize normalize) {
    return new PretrainAugmentations(
        StrongAugment.of(strong, normalize, PartKind.FACE),
        StrongAugment.of(strong, normalize, PartKind.BODY),
        WeakAugment.of(weak, normalize, PartKind.FACE),
        WeakAugment.of(weak, normalize, PartKind.BODY));
  }

  /**
   * The views from a stage's params: the {@code augment.strong.*}, {@code augment.weak.*} and
   * {@code augment.normalize_*} keys; a missing key takes its default, other sections are ignored.
   *
   * @throws org.comicreid.core.ReidInputException naming the key and the value when a value is
   *     malformed or out of range, or an {@code augment.*} key is unknown
   */
  public static PretrainAugmentations fromConfig(Map<String, String> params) {
    AugmentKeys.rejectUnknown(params);
    return of(StrongSpec.fromConfig(params), WeakSpec.fromConfig(params, WeakSpec.WEAK),
        Normalize.fromConfig(params));
  }
}
