package org.comicreid.learning.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.comicreid.learning.data.CropImage;
import org.junit.jupiter.api.Test;

class AugmentTest {

  static CropImage crop(int size, long seed) {
    byte[] b = new byte[size * size * 3];
    new Random(seed).nextBytes(b);
    return new CropImage(size, b);
  }

  @Test
  void evalTransformNormalisesEachChannelToMinusOneOne() {
    byte[] rgb = {0, (byte) 255, (byte) 128, 10, 20, 30, 40, 50, 60, 70, 80, 90};
    float[] out = EvalTransform.INSTANCE.apply(new CropImage(2, rgb), null);
    // CHW: R plane of pixel 0 is -1, G plane of pixel 0 is +1
    assertEquals(-1f, out[0], 1e-6f);
    assertEquals(1f, out[4], 1e-6f);
    assertEquals(128 / 127.5f - 1, out[8], 1e-6f);
    assertEquals(10 / 127.5f - 1, out[1], 1e-6f);
  }

  @Test
  void augmentationsAreDeterministicGivenTheSeedAndVaryWithIt() {
    CropImage c = crop(24, 1);
    for (Augmentation a : List.of(StrongAugment.faces(), StrongAugment.bodies(),
        WeakAugment.faces(), WeakAugment.bodies())) {
      float[] x = a.apply(c, new SplittableRandom(5));
      float[] y = a.apply(c, new SplittableRandom(5));
      assertArrayEquals(x, y, 0f);
      assertEquals(3 * 24 * 24, x.length);
      for (float v : x) {
        assertTrue(v >= -1.0001f && v <= 1.0001f, "value " + v);
      }
      int differing = 0;
      for (long seed = 6; seed < 16; seed++) {
        if (!Arrays.equals(x, a.apply(c, new SplittableRandom(seed)))) {
          differing++;
        }
      }
      // strong views always differ (blur sigma is always drawn); weak ones are identity with
      // probability about 0.75 · 0.5 · 0.5 · 0.9 · 0.8 ≈ 0.14
      assertTrue(differing >= 5, a + " varied only " + differing + " times");
    }
  }

  @Test
  void grayscaleAndFlipKernels() {
    float[] img = Image.fromCrop(crop(4, 2));
    float[] flipped = Image.hflip(img, 4);
    assertEquals(img[3], flipped[0]);
    assertEquals(img[16 + 4], flipped[16 + 7]);
    Image.grayscale(img, 4);
    assertEquals(img[5], img[16 + 5]);
    assertEquals(img[5], img[32 + 5]);
    // a blur keeps a constant image constant
    float[] flat = new float[3 * 16];
    Arrays.fill(flat, 0.25f);
    float[] blurred = Image.separable(flat, 4, Image.gaussianKernel(3, 1.0));
    for (float v : blurred) {
      assertEquals(0.25f, v, 1e-6f);
    }
    assertFalse(Arrays.equals(img, Image.fromCrop(crop(4, 2))));
  }

  @Test
  void batchesStackIntoNchw() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] a = new float[3 * 4];
      float[] b = new float[3 * 4];
      b[5] = 7f;
      NDArray x = Batches.stack(m, List.of(a, b), 2);
      assertEquals(new Shape(2, 3, 2, 2), x.getShape());
      assertEquals(7f, x.getFloat(1, 1, 0, 1));
    }
  }
}
