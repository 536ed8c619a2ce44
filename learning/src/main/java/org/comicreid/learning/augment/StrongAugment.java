package org.comicreid.learning.augment;

import java.util.SplittableRandom;
import org.comicreid.learning.data.CropImage;

/**
 * The strong SimCLR view (FACTS "Augmentations"): horizontal flip p 0.5; random resized crop with
 * scale (0.08, 1) and ratio (3/4, 4/3) back to the crop size; colour jitter (brightness, contrast,
 * saturation 0.5, hue 0.1, in a random order as torchvision) with p 0.8; grayscale p 0.2; Gaussian
 * blur always; normalise.
 *
 * <p><b>Blur scaling.</b> The original uses kernel 9 and sigma U(0.1, 2.0) at the reference size
 * (96 px faces, 128 px bodies). Here both are scaled by {@code size / referenceSize}: kernel =
 * the odd number nearest {@code 9 · size / reference} (at least 3), sigma = U(0.1, 2.0) ·
 * {@code size / reference}, so a small demo crop is blurred by the same fraction of its width.
 * At the reference size this is exactly the original.
 */
public final class StrongAugment implements Augmentation {

  private final int referenceSize;

  /** @param referenceSize the size the blur parameters refer to (96 for faces, 128 for bodies) */
  public StrongAugment(int referenceSize) {
    if (referenceSize <= 0) {
      throw new IllegalArgumentException("referenceSize must be positive");
    }
    this.referenceSize = referenceSize;
  }

  /** For faces (reference 96 px). */
  public static StrongAugment faces() {
    return new StrongAugment(96);
  }

  /** For bodies (reference 128 px). */
  public static StrongAugment bodies() {
    return new StrongAugment(128);
  }

  @Override
  public float[] apply(CropImage crop, SplittableRandom rnd) {
    int s = crop.size();
    float[] img = Image.fromCrop(crop);
    boolean flip = rnd.nextDouble() < 0.5;
    int[] box = Image.rrcParams(rnd, s, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    img = Image.resizedCrop(img, s, box[0], box[1], box[2], box[3], flip);
    if (rnd.nextDouble() < 0.8) {
      float b = (float) (0.5 + rnd.nextDouble());
      float c = (float) (0.5 + rnd.nextDouble());
      float sat = (float) (0.5 + rnd.nextDouble());
      float h = (float) (-0.1 + 0.2 * rnd.nextDouble());
      int[] order = {0, 1, 2, 3};
      for (int i = 3; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int op : order) {
        switch (op) {
          case 0 -> Image.brightness(img, b);
          case 1 -> Image.contrast(img, s, c);
          case 2 -> Image.saturation(img, s, sat);
          default -> Image.hue(img, s, h);
        }
      }
    }
    if (rnd.nextDouble() < 0.2) {
      Image.grayscale(img, s);
    }
    double factor = (double) s / referenceSize;
    double sigma = (0.1 + 1.9 * rnd.nextDouble()) * factor;
    int k = Image.scaledKernel(9, s, referenceSize);
    img = Image.separable(img, s, Image.gaussianKernel(k, Math.max(sigma, 1e-3)));
    return Image.normalize(img);
  }
}
