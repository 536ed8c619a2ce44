package org.comicreid.learning.augment;

import java.util.SplittableRandom;
import org.comicreid.learning.data.CropImage;

/**
 * The weak view of the identity term (FACTS "Augmentations"): random resized crop with scale
 * (minScale, 1), ratio (3/4, 4/3), p 0.25 (minScale 0.2 faces, 0.5 bodies); horizontal flip p 0.5;
 * shift-scale-rotate (shift ±0.05, scale ±0.05, rotate ±15°, bilinear, reflect-101 border) p 0.5;
 * one of {Gaussian blur 5–7, motion blur 3–7, median 3, box 3} p 0.1; grayscale p 0.2; normalise.
 *
 * <p>Blur kernel sizes refer to the reference size (96 faces, 128 bodies) and are scaled like
 * {@link StrongAugment}'s (odd, at least 3); the median filter stays 3×3.
 */
public final class WeakAugment implements Augmentation {

  private final double minScale;
  private final int referenceSize;

  /**
   * @param minScale smallest area fraction of the random resized crop
   * @param referenceSize size the blur kernels refer to
   */
  public WeakAugment(double minScale, int referenceSize) {
    if (!(minScale > 0 && minScale <= 1) || referenceSize <= 0) {
      throw new IllegalArgumentException("WeakAugment: minScale in (0, 1], referenceSize > 0");
    }
    this.minScale = minScale;
    this.referenceSize = referenceSize;
  }

  /** For faces: crop scale (0.2, 1), reference 96 px. */
  public static WeakAugment faces() {
    return new WeakAugment(0.2, 96);
  }

  /** For bodies: crop scale (0.5, 1), reference 128 px. */
  public static WeakAugment bodies() {
    return new WeakAugment(0.5, 128);
  }

  @Override
  public float[] apply(CropImage crop, SplittableRandom rnd) {
    int s = crop.size();
    float[] img = Image.fromCrop(crop);
    if (rnd.nextDouble() < 0.25) {
      int[] box = Image.rrcParams(rnd, s, minScale, 1.0, 3.0 / 4.0, 4.0 / 3.0);
      img = Image.resizedCrop(img, s, box[0], box[1], box[2], box[3], false);
    }
    if (rnd.nextDouble() < 0.5) {
      img = Image.hflip(img, s);
    }
    if (rnd.nextDouble() < 0.5) {
      double sx = -0.05 + 0.1 * rnd.nextDouble();
      double sy = -0.05 + 0.1 * rnd.nextDouble();
      double scale = 1 + (-0.05 + 0.1 * rnd.nextDouble());
      double angle = -15 + 30 * rnd.nextDouble();
      img = Image.shiftScaleRotate(img, s, sx, sy, scale, angle);
    }
    if (rnd.nextDouble() < 0.1) {
      switch (rnd.nextInt(4)) {
        case 0 -> {
          int k = Image.scaledKernel(rnd.nextBoolean() ? 5 : 7, s, referenceSize);
          double sigma = 0.3 * ((k - 1) * 0.5 - 1) + 0.8; // OpenCV's sigma for a given kernel
          img = Image.separable(img, s, Image.gaussianKernel(k, sigma));
        }
        case 1 -> {
          int k = Image.scaledKernel(3 + 2 * rnd.nextInt(3), s, referenceSize);
          img = Image.motionBlur(img, s, k, rnd.nextDouble() * Math.PI);
        }
        case 2 -> img = Image.median3(img, s);
        default -> img = Image.separable(img, s, Image.boxKernel(3));
      }
    }
    if (rnd.nextDouble() < 0.2) {
      Image.grayscale(img, s);
    }
    return Image.normalize(img);
  }
}
