package org.comicreid.learning.augment;

import java.util.Objects;
import java.util.SplittableRandom;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.learning.data.CropImage;

/**
 * The strong SimCLR view (FACTS "Augmentations", settings in {@link StrongSpec}): horizontal flip;
 * random resized crop back to the crop size; colour jitter (brightness, contrast, saturation, hue
 * in a random order, as torchvision {@code ColorJitter}) with probability {@code jitter_p};
 * grayscale; Gaussian blur; {@link Normalize}.
 *
 * <p><b>Random draws, in this fixed order</b> (all from the given {@link SplittableRandom}, so the
 * same seed gives the same view):
 * <ol>
 *   <li>flip gate: one double, flip when {@code u < flip_p};
 *   <li>crop: {@code Image.rrcParams} (two doubles per try, up to 10 tries, then two ints);
 *   <li>jitter gate: one double, jitter when {@code u < jitter_p}; if it fires, four doubles
 *       (brightness, contrast, saturation factors and hue shift) and three ints (a Fisher-Yates
 *       shuffle of the four operations); an operation whose strength is 0 is skipped, as
 *       torchvision does, but its draws are still made;
 *   <li>grayscale gate: one double, {@code u < gray_p};
 *   <li>blur gate: one double, {@code u < blur_p}; if it fires, one double for sigma.
 * </ol>
 * A gate's double is drawn even when its probability is 0 or 1, so the stream layout does not
 * depend on the probabilities.
 *
 * <p><b>Blur scaling.</b> The original uses kernel 9 and sigma U(0.1, 2.0) at the reference size
 * (96 px faces, 128 px bodies). Here both are scaled by {@code size / referenceSize}: kernel =
 * the odd number nearest {@code blur_kernel · size / reference} (at least 3), sigma =
 * U(blur_sigma_min, blur_sigma_max) · {@code size / reference}, so a small demo crop is blurred by
 * the same fraction of its width. At the reference size this is exactly the original.
 *
 * <p>Other choices: the crop is resampled bilinearly at pixel centres without antialiasing (edge
 * clamped); the flip is folded into that resampling; grayscale uses 0.299 R + 0.587 G + 0.114 B;
 * the blur pads by reflection without repeating the edge (torch {@code reflect}).
 */
public final class StrongAugment implements Augmentation {

  private final StrongSpec spec;
  private final Normalize normalize;
  private final int referenceSize;

  /**
   * @param spec the view's settings
   * @param normalize the final normalisation
   * @param referenceSize the size the blur parameters refer to (96 for faces, 128 for bodies)
   */
  public StrongAugment(StrongSpec spec, Normalize normalize, int referenceSize) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.normalize = Objects.requireNonNull(normalize, "normalize");
    if (referenceSize <= 0) {
      throw new IllegalArgumentException("referenceSize must be positive, got " + referenceSize);
    }
    this.referenceSize = referenceSize;
  }

  /** The paper's view with blur parameters referring to {@code referenceSize}. */
  public StrongAugment(int referenceSize) {
    this(StrongSpec.paper(), Normalize.paper(), referenceSize);
  }

  /** The view for a part: reference size 96 for faces, 128 for bodies. */
  public static StrongAugment of(StrongSpec spec, Normalize normalize, PartKind part) {
    return new StrongAugment(spec, normalize, AugmentKeys.referenceSize(part));
  }

  /** The paper's view for faces (reference 96 px). */
  public static StrongAugment faces() {
    return of(StrongSpec.paper(), Normalize.paper(), PartKind.FACE);
  }

  /** The paper's view for bodies (reference 128 px). */
  public static StrongAugment bodies() {
    return of(StrongSpec.paper(), Normalize.paper(), PartKind.BODY);
  }

  /** The settings. */
  public StrongSpec spec() {
    return spec;
  }

  /** The normalisation. */
  public Normalize normalize() {
    return normalize;
  }

  /** The size the blur parameters refer to. */
  public int referenceSize() {
    return referenceSize;
  }

  @Override
  public float[] apply(CropImage crop, SplittableRandom rnd) {
    int s = crop.size();
    float[] img = Image.fromCrop(crop);
    boolean flip = rnd.nextDouble() < spec.flipP();
    int[] box = Image.rrcParams(rnd, s, spec.cropScaleMin(), spec.cropScaleMax(),
        spec.cropRatioMin(), spec.cropRatioMax());
    img = Image.resizedCrop(img, s, box[0], box[1], box[2], box[3], flip);
    if (rnd.nextDouble() < spec.jitterP()) {
      float b = factor(rnd, spec.brightness());
      float c = factor(rnd, spec.contrast());
      float sat = factor(rnd, spec.saturation());
      float h = (float) (-spec.hue() + 2 * spec.hue() * rnd.nextDouble());
      int[] order = {0, 1, 2, 3};
      for (int i = 3; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int op : order) {
        switch (op) {
          case 0 -> {
            if (spec.brightness() > 0) {
              Image.brightness(img, b);
            }
          }
          case 1 -> {
            if (spec.contrast() > 0) {
              Image.contrast(img, s, c);
            }
          }
          case 2 -> {
            if (spec.saturation() > 0) {
              Image.saturation(img, s, sat);
            }
          }
          default -> {
            if (spec.hue() > 0) {
              Image.hue(img, s, h);
            }
          }
        }
      }
    }
    if (rnd.nextDouble() < spec.grayP()) {
      Image.grayscale(img, s);
    }
    if (rnd.nextDouble() < spec.blurP()) {
      double scale = (double) s / referenceSize;
      double sigma = (spec.blurSigmaMin()
          + (spec.blurSigmaMax() - spec.blurSigmaMin()) * rnd.nextDouble()) * scale;
      int k = Image.scaledKernel(spec.blurKernel(), s, referenceSize);
      if (k > 1) {
        img = Image.separable(img, s, Image.gaussianKernel(k, Math.max(sigma, 1e-3)));
      }
    }
    return normalize.apply(img);
  }

  /** A jitter factor uniform in [max(0, 1 − strength), 1 + strength] (one double). */
  private static float factor(SplittableRandom rnd, double strength) {
    double lo = Math.max(0, 1 - strength);
    double hi = 1 + strength;
    return (float) (lo + (hi - lo) * rnd.nextDouble());
  }

  @Override
  public String toString() {
    return "StrongAugment[" + spec + ", " + normalize + ", reference " + referenceSize + "]";
  }
}
