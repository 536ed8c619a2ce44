package org.comicreid.core.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  // black; (255,128,64); (63,64,191); transparent white
  static final int[] PIXELS = {0xFF000000, 0xFFFF8040, 0xFF3F40BF, 0x00FFFFFF};

  @Test
  void histogramBinsOnATinyImage() {
    // 4 bins of 64 values each: R 0,255,63,255 -> bins 0,3,0,3; G 0,128,64,255 -> 0,2,1,3;
    // B 0,64,191,255 -> 0,1,2,3; each channel divided by 4 pixels
    assertArrayEquals(
        new float[] {0.5f, 0, 0, 0.5f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f},
        ColorHistogram.of(PIXELS, 4), 1e-7f);
    // skipping padding drops the black and the transparent pixel: R 255,63 -> 3,0; G 128,64 -> 2,1;
    // B 64,191 -> 1,2; divided by 2
    assertArrayEquals(
        new float[] {0.5f, 0, 0, 0.5f, 0, 0.5f, 0.5f, 0, 0, 0.5f, 0.5f, 0},
        ColorHistogram.of(PIXELS, 4, true), 1e-7f);
    assertArrayEquals(new float[6], ColorHistogram.of(new int[] {0xFF000000}, 2, true));
  }

  @Test
  void paperHistogramIs96dAndSizeInvariant() {
    // 32 bins: 7 -> bin 0, 8 -> bin 1
    float[] h = ColorHistogram.of(new int[] {0xFF070808, 0xFF080707}, 32);
    assertEquals(96, h.length);
    assertEquals(0.5f, h[0]);
    assertEquals(0.5f, h[1]);
    assertEquals(0.5f, h[32]);
    assertEquals(0.5f, h[33]);
    int[] twice = new int[8];
    for (int i = 0; i < 8; i++) {
      twice[i] = PIXELS[i % 4];
    }
    assertArrayEquals(ColorHistogram.of(PIXELS, 32), ColorHistogram.of(twice, 32));
    assertThrows(ReidInputException.class, () -> ColorHistogram.of(PIXELS, 0));
  }

  @Test
  void randomBaselineIsSeededStandardNormal() {
    float[] a = RandomBaseline.embeddings(1000, 256, 42);
    assertEquals(256_000, a.length);
    assertArrayEquals(a, RandomBaseline.embeddings(1000, 256, 42));
    assertFalse(Arrays.equals(a, RandomBaseline.embeddings(1000, 256, 43)));
    double s = 0;
    double s2 = 0;
    for (float v : a) {
      s += v;
      s2 += v * v;
    }
    double mean = s / a.length;
    assertEquals(0, mean, 0.01);
    assertEquals(1, s2 / a.length - mean * mean, 0.02);
  }

  @Test
  void fusionSumsWithZeroForMissingParts() {
    assertArrayEquals(new float[] {4, 6}, Fusion.sum(new float[] {1, 2}, new float[] {3, 4}, 2));
    float[] body = {3, 4};
    float[] f = Fusion.sum(null, body, 2);
    assertArrayEquals(body, f);
    f[0] = 9;
    assertEquals(3, body[0]); // a copy
    assertArrayEquals(new float[] {1, 2}, Fusion.sum(new float[] {1, 2}, null, 2));
    assertThrows(ReidInputException.class, () -> Fusion.sum(null, null, 2));
    assertThrows(ReidInputException.class, () -> Fusion.sum(new float[] {1}, null, 2));
  }
}
