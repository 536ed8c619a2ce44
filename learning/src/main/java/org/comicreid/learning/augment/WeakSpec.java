package org.comicreid.learning.augment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.PartKind;

/**
 * Settings of the weak view ({@link WeakAugment}), used twice: for the identity term of pretraining
 * (section {@code augment.weak}, {@link #paper()}) and as the fine-tuning train transform (section
 * {@code augment.finetune}, {@link #fineTunePaper()}: crop p 0.5, face crop scale 0.08, vertical or
 * horizontal flip, blur p 0.5, the rest as weak). Each component is the key
 * {@code <section>.<name>}; every range check names that key. The defaults are the authors'
 * albumentations pipeline (FACTS "Augmentations").
 *
 * <p>Not pinned down by FACTS, chosen here: the crop's aspect-ratio range (albumentations' default
 * 3/4..4/3) and its largest scale (1); the blur kernel sizes of the one-of blur family, read as
 * albumentations {@code GaussianBlur(blur_limit=(5, 7))} (sigma from the kernel size, as OpenCV),
 * {@code MotionBlur()} (default limit 3..7), {@code MedianBlur(3)} and {@code Blur(3)}; the
 * fine-tuning flip as {@link FlipMode#EITHER} with p 0.5 and its body crop scale as weak's 0.5.
 *
 * @param section {@code augment.weak} or {@code augment.finetune}: the block these values belong to
 * @param cropP probability of the random resized crop ({@code crop_p}, 0.25; fine-tune 0.5)
 * @param faceCropScaleMin smallest area fraction for faces ({@code face_crop_scale_min}, 0.2;
 *     fine-tune 0.08; in 0.001..1, ≤ crop_scale_max)
 * @param bodyCropScaleMin smallest area fraction for bodies ({@code body_crop_scale_min}, 0.5; in
 *     0.001..1, ≤ crop_scale_max)
 * @param cropScaleMax largest area fraction ({@code crop_scale_max}, 1, in 0.001..1)
 * @param cropRatioMin smallest crop width/height ({@code crop_ratio_min}, 0.75, in 0.01..100)
 * @param cropRatioMax largest crop width/height ({@code crop_ratio_max}, 4/3, in 0.01..100, ≥ min)
 * @param flip which mirror the flip applies ({@code flip}: horizontal; fine-tune either)
 * @param flipP probability of the flip ({@code flip_p}, 0.5)
 * @param ssrP probability of shift-scale-rotate ({@code ssr_p}, 0.5)
 * @param shift largest shift as a fraction of the side, per axis ({@code shift}, 0.05, in 0..0.5)
 * @param scale zoom drawn from [1 − scale, 1 + scale] ({@code scale}, 0.05, in 0..0.9)
 * @param rotate largest rotation in degrees, either way ({@code rotate}, 15, in 0..180)
 * @param blurP probability of one blur of the family ({@code blur_p}, 0.1; fine-tune 0.5)
 * @param gaussianBlurMin smallest Gaussian kernel ({@code gaussian_blur_min}, 5, odd in 1..99)
 * @param gaussianBlurMax largest Gaussian kernel ({@code gaussian_blur_max}, 7, odd in 1..99, ≥ min)
 * @param motionBlurMin smallest motion-blur length ({@code motion_blur_min}, 3, odd in 3..99)
 * @param motionBlurMax largest motion-blur length ({@code motion_blur_max}, 7, odd in 3..99, ≥ min)
 * @param medianBlur median filter size ({@code median_blur}, 3, odd in 1..99)
 * @param boxBlur box filter size ({@code box_blur}, 3, odd in 1..99)
 * @param grayP probability of grayscale ({@code gray_p}, 0.2)
 */
public record WeakSpec(String section, double cropP, double faceCropScaleMin,
    double bodyCropScaleMin, double cropScaleMax, double cropRatioMin, double cropRatioMax,
    FlipMode flip, double flipP, double ssrP, double shift, double scale, double rotate,
    double blurP, int gaussianBlurMin, int gaussianBlurMax, int motionBlurMin, int motionBlurMax,
    int medianBlur, int boxBlur, double grayP) {

  /** Section of the identity term's weak view. */
  public static final String WEAK = "augment.weak";
  /** Section of the fine-tuning train transform. */
  public static final String FINETUNE = "augment.finetune";

  /** Validates every value (ranges above, and each min ≤ its max). */
  public WeakSpec {
    if (!WEAK.equals(section) && !FINETUNE.equals(section)) {
      throw new ReidInputException("WeakSpec: section must be " + WEAK + " or " + FINETUNE
          + ", got '" + section + "'");
    }
    if (flip == null) {
      throw new ReidInputException("config key " + section + ".flip: expected one of"
          + " horizontal|vertical|either, got null");
    }
    String p = section + ".";
    Check.probability(p + "crop_p", cropP);
    Check.range(p + "face_crop_scale_min", faceCropScaleMin, 0.001, 1);
    Check.range(p + "body_crop_scale_min", bodyCropScaleMin, 0.001, 1);
    Check.range(p + "crop_scale_max", cropScaleMax, 0.001, 1);
    Check.ordered(p + "face_crop_scale_min", faceCropScaleMin, p + "crop_scale_max", cropScaleMax);
    Check.ordered(p + "body_crop_scale_min", bodyCropScaleMin, p + "crop_scale_max", cropScaleMax);
    Check.range(p + "crop_ratio_min", cropRatioMin, 0.01, 100);
    Check.range(p + "crop_ratio_max", cropRatioMax, 0.01, 100);
    Check.ordered(p + "crop_ratio_min", cropRatioMin, p + "crop_ratio_max", cropRatioMax);
    Check.probability(p + "flip_p", flipP);
    Check.probability(p + "ssr_p", ssrP);
    Check.range(p + "shift", shift, 0, 0.5);
    Check.range(p + "scale", scale, 0, 0.9);
    Check.range(p + "rotate", rotate, 0, 180);
    Check.probability(p + "blur_p", blurP);
    Check.oddRange(p + "gaussian_blur_min", gaussianBlurMin, 1, 99);
    Check.oddRange(p + "gaussian_blur_max", gaussianBlurMax, 1, 99);
    Check.ordered(p + "gaussian_blur_min", gaussianBlurMin, p + "gaussian_blur_max", gaussianBlurMax);
    Check.oddRange(p + "motion_blur_min", motionBlurMin, 3, 99);
    Check.oddRange(p + "motion_blur_max", motionBlurMax, 3, 99);
    Check.ordered(p + "motion_blur_min", motionBlurMin, p + "motion_blur_max", motionBlurMax);
    Check.oddRange(p + "median_blur", medianBlur, 1, 99);
    Check.oddRange(p + "box_blur", boxBlur, 1, 99);
    Check.probability(p + "gray_p", grayP);
  }

  /** The authors' weak view of the identity term (section {@code augment.weak}). */
  public static WeakSpec paper() {
    return new WeakSpec(WEAK, 0.25, 0.2, 0.5, 1.0, 3.0 / 4.0, 4.0 / 3.0, FlipMode.HORIZONTAL, 0.5,
        0.5, 0.05, 0.05, 15.0, 0.1, 5, 7, 3, 7, 3, 3, 0.2);
  }

  /**
   * The authors' fine-tuning train transform (section {@code augment.finetune}): weak with crop p
   * 0.5, face crop scale 0.08, a vertical or horizontal flip and blur p 0.5.
   */
  public static WeakSpec fineTunePaper() {
    return new WeakSpec(FINETUNE, 0.5, 0.08, 0.5, 1.0, 3.0 / 4.0, 4.0 / 3.0, FlipMode.EITHER, 0.5,
        0.5, 0.05, 0.05, 15.0, 0.5, 5, 7, 3, 7, 3, 3, 0.2);
  }

  /** The paper's defaults of {@code section}. */
  public static WeakSpec paper(String section) {
    if (WEAK.equals(section)) {
      return paper();
    }
    if (FINETUNE.equals(section)) {
      return fineTunePaper();
    }
    throw new ReidInputException("WeakSpec: section must be " + WEAK + " or " + FINETUNE
        + ", got '" + section + "'");
  }

  /**
   * Reads the {@code <section>.*} keys of {@code params}; a missing key takes the value of
   * {@link #paper(String)}.
   */
  public static WeakSpec fromConfig(Map<String, String> params, String section) {
    WeakSpec d = paper(section);
    ParamReader r = new ParamReader(params);
    String p = section + ".";
    return new WeakSpec(section,
        r.dbl(p + "crop_p", d.cropP),
        r.dbl(p + "face_crop_scale_min", d.faceCropScaleMin),
        r.dbl(p + "body_crop_scale_min", d.bodyCropScaleMin),
        r.dbl(p + "crop_scale_max", d.cropScaleMax),
        r.dbl(p + "crop_ratio_min", d.cropRatioMin),
        r.dbl(p + "crop_ratio_max", d.cropRatioMax),
        r.flip(p + "flip", d.flip),
        r.dbl(p + "flip_p", d.flipP),
        r.dbl(p + "ssr_p", d.ssrP),
        r.dbl(p + "shift", d.shift),
        r.dbl(p + "scale", d.scale),
        r.dbl(p + "rotate", d.rotate),
        r.dbl(p + "blur_p", d.blurP),
        r.integer(p + "gaussian_blur_min", d.gaussianBlurMin),
        r.integer(p + "gaussian_blur_max", d.gaussianBlurMax),
        r.integer(p + "motion_blur_min", d.motionBlurMin),
        r.integer(p + "motion_blur_max", d.motionBlurMax),
        r.integer(p + "median_blur", d.medianBlur),
        r.integer(p + "box_blur", d.boxBlur),
        r.dbl(p + "gray_p", d.grayP));
  }

  /** The smallest crop area fraction for this part. */
  public double cropScaleMin(PartKind part) {
    return part == PartKind.FACE ? faceCropScaleMin : bodyCropScaleMin;
  }

  /** Key → canonical text of every component but the section, in declaration order. */
  public Map<String, String> toConfig() {
    String p = section + ".";
    Map<String, String> m = new LinkedHashMap<>();
    m.put(p + "crop_p", Double.toString(cropP));
    m.put(p + "face_crop_scale_min", Double.toString(faceCropScaleMin));
    m.put(p + "body_crop_scale_min", Double.toString(bodyCropScaleMin));
    m.put(p + "crop_scale_max", Double.toString(cropScaleMax));
    m.put(p + "crop_ratio_min", Double.toString(cropRatioMin));
    m.put(p + "crop_ratio_max", Double.toString(cropRatioMax));
    m.put(p + "flip", flip.text());
    m.put(p + "flip_p", Double.toString(flipP));
    m.put(p + "ssr_p", Double.toString(ssrP));
    m.put(p + "shift", Double.toString(shift));
    m.put(p + "scale", Double.toString(scale));
    m.put(p + "rotate", Double.toString(rotate));
    m.put(p + "blur_p", Double.toString(blurP));
    m.put(p + "gaussian_blur_min", Integer.toString(gaussianBlurMin));
    m.put(p + "gaussian_blur_max", Integer.toString(gaussianBlurMax));
    m.put(p + "motion_blur_min", Integer.toString(motionBlurMin));
    m.put(p + "motion_blur_max", Integer.toString(motionBlurMax));
    m.put(p + "median_blur", Integer.toString(medianBlur));
    m.put(p + "box_blur", Integer.toString(boxBlur));
    m.put(p + "gray_p", Double.toString(grayP));
    return m;
  }
}
