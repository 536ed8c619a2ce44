package org.comicreid.learning.augment;

import java.util.Objects;
import java.util.SplittableRandom;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.learning.data.CropImage;

/**
 * The weak view of the identity term, and (with {@link WeakSpec#fineTunePaper()}) the fine-tuning
 * train transform (FACTS "Augmentations", settings in {@link WeakSpec}): random resized crop with
 * probability {@code crop_p} and scale (min, max) where min depends on the part; flip; shift-scale-
 * rotate (bilinear, reflect-101 border, as albumentations {@code ShiftScaleRotate}); one of
 * {Gaussian, motion, median, box} blur; grayscale; {@link Normalize}. The crop arrives already
 * resized (faces) or resized and padded (bodies) to the network size.
 *
 * <p><b>Random draws, in this fixed order</b> (all from the given {@link SplittableRandom}, so the
 * same seed gives the same view):
 * <ol>
 *   <li>crop gate: one double, {@code u < crop_p}; if it fires, {@code Image.rrcParams} (two
 *       doubles per try, up to 10 tries, then two ints);
 *   <li>flip gate: one double, {@code u < flip_p}; if it fires and the mode is
 *       {@link FlipMode#EITHER}, one boolean (true = horizontal);
 *   <li>shift-scale-rotate gate: one double, {@code u < ssr_p}; if it fires, four doubles: shift x
 *       and shift y uniform in [−shift, shift] (fractions of the side), zoom uniform in
 *       [1 − scale, 1 + scale], angle uniform in [−rotate, rotate] degrees (positive =
 *       counter-clockwise on screen, as OpenCV);
 *   <li>blur gate: one double, {@code u < blur_p}; if it fires, one int in 0..3 picks the blur
 *       (uniform, as albumentations {@code OneOf} with equal weights); then Gaussian: one int picks
 *       an odd kernel in [gaussian_blur_min, gaussian_blur_max], sigma from the kernel as OpenCV
 *       ({@code 0.3·((k − 1)/2 − 1) + 0.8}); motion: one int picks an odd length in
 *       [motion_blur_min, motion_blur_max] and one double the line's angle in [0, π); median and
 *       box draw nothing;
 *   <li>grayscale gate: one double, {@code u < gray_p}.
 * </ol>
 * A gate's double is drawn even when its probability is 0 or 1.
 *
 * <p>Choices made here: blur kernel sizes refer to the reference size (96 faces, 128 bodies) and
 * are scaled to the crop like {@link StrongAugment}'s (odd, at least 3, unchanged at the reference
 * size); the rotation is about the centre of the pixel grid ((s − 1)/2, so 90° is an exact
 * permutation; OpenCV as called by albumentations uses s/2, half a pixel off); the motion blur
 * averages the pixels on a straight line through the centre (albumentations draws a random line
 * in the kernel).
 */
public final class WeakAugment implements Augmentation {

  private final WeakSpec spec;
  private final Normalize normalize;
  private final PartKind part;
  private final int referenceSize;

  /**
   * @param spec the view's settings
   * @param normalize the final normalisation
   * @param part which crop scale minimum applies (face or body)
   * @param referenceSize the size the blur kernels refer to
   */
  public WeakAugment(WeakSpec spec, Normalize normalize, PartKind part, int referenceSize) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.normalize = Objects.requireNonNull(normalize, "normalize");
    this.part = Objects.requireNonNull(part, "part");
    if (referenceSize <= 0) {
      throw new IllegalArgumentException("referenceSize must be positive, got " + referenceSize);
    }
    this.referenceSize = referenceSize;
  }

  /** The view for a part with its reference size (96 faces, 128 bodies). */
  public static WeakAugment of(WeakSpec spec, Normalize normalize, PartKind part) {
    return new WeakAugment(spec, normalize, part, AugmentKeys.referenceSize(part));
  }

  /** The paper's weak view for faces: crop scale (0.2, 1), reference 96 px. */
  public static WeakAugment faces() {
    return of(WeakSpec.paper(), Normalize.paper(), PartKind.FACE);
  }

  /** The paper's weak view for bodies: crop scale (0.5, 1), reference 128 px. */
  public static WeakAugment bodies() {
    return of(WeakSpec.paper(), Normalize.paper(), PartKind.BODY);
  }

  /** The settings. */
  public WeakSpec spec() {
    return spec;
  }

  /** The normalisation. */
  public Normalize normalize() {
    return normalize;
  }

  /** The part whose crop scale minimum applies. */
  public PartKind part() {
    return part;
  }

  /** The size the blur kernels refer to. */
  public int referenceSize() {
    return referenceSize;
  }

  @Override
  public float[] apply(CropImage crop, SplittableRandom rnd) {
    int s = crop.size();
    float[] img = Image.fromCrop(crop);
    if (rnd.nextDouble() < spec.cropP()) {
      int[] box = Image.rrcParams(rnd, s, spec.cropScaleMin(part), spec.cropScaleMax(),
          spec.cropRatioMin(), spec.cropRatioMax());
      img = Image.resizedCrop(img, s, box[0], box[1], box[2], box[3], false);
    }
    if (rnd.nextDouble() < spec.flipP()) {
      boolean horizontal = switch (spec.flip()) {
        case HORIZONTAL -> true;
        case VERTICAL -> false;
        case EITHER -> rnd.nextBoolean();
      };
      img = horizontal ? Image.hflip(img, s) : Image.vflip(img, s);
    }
    if (rnd.nextDouble() < spec.ssrP()) {
      double sx = uniform(rnd, spec.shift());
      double sy = uniform(rnd, spec.shift());
      double zoom = 1 + uniform(rnd, spec.scale());
      double angle = uniform(rnd, spec.rotate());
      img = Image.shiftScaleRotate(img, s, sx, sy, zoom, angle);
    }
    if (rnd.nextDouble() < spec.blurP()) {
      switch (rnd.nextInt(4)) {
        case 0 -> {
          int k = Image.scaledKernel(
              oddIn(rnd, spec.gaussianBlurMin(), spec.gaussianBlurMax()), s, referenceSize);
          if (k > 1) {
            double sigma = 0.3 * ((k - 1) * 0.5 - 1) + 0.8; // OpenCV's sigma for a kernel size
            img = Image.separable(img, s, Image.gaussianKernel(k, sigma));
          }
        }
        case 1 -> {
          int k = Image.scaledKernel(
              oddIn(rnd, spec.motionBlurMin(), spec.motionBlurMax()), s, referenceSize);
          img = Image.motionBlur(img, s, k, rnd.nextDouble() * Math.PI);
        }
        case 2 -> {
          int k = Image.scaledKernel(spec.medianBlur(), s, referenceSize);
          if (k > 1) {
            img = Image.median(img, s, k);
          }
        }
        default -> {
          int k = Image.scaledKernel(spec.boxBlur(), s, referenceSize);
          if (k > 1) {
            img = Image.separable(img, s, Image.boxKernel(k));
          }
        }
      }
    }
    if (rnd.nextDouble() < spec.grayP()) {
      Image.grayscale(img, s);
    }
    return normalize.apply(img);
  }

  /** Uniform in [−limit, limit] (one double). */
  private static double uniform(SplittableRandom rnd, double limit) {
    return -limit + 2 * limit * rnd.nextDouble();
  }

  /** An odd number uniform in [lo, hi], both odd (one int). */
  private static int oddIn(SplittableRandom rnd, int lo, int hi) {
    return lo + 2 * rnd.nextInt((hi - lo) / 2 + 1);
  }

  @Override
  public String toString() {
    return "WeakAugment[" + part + ", " + spec + ", " + normalize + ", reference " + referenceSize
        + "]";
  }
}
