package org.comicreid.learning.augment;

import static org.comicreid.learning.augment.Fixtures.at;
import static org.comicreid.learning.augment.Fixtures.chw;
import static org.comicreid.learning.augment.Fixtures.denorm;
import static org.comicreid.learning.augment.Fixtures.hmirror;
import static org.comicreid.learning.augment.Fixtures.maxDiff;
import static org.comicreid.learning.augment.Fixtures.mean;
import static org.comicreid.learning.augment.Fixtures.strong;
import static org.comicreid.learning.augment.Fixtures.strongOff;
import static org.comicreid.learning.augment.Fixtures.variance;
import static org.comicreid.learning.augment.Fixtures.vmirror;
import static org.comicreid.learning.augment.Fixtures.weak;
import static org.comicreid.learning.augment.Fixtures.weakOff;
import static org.comicreid.learning.augment.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.learning.data.CropImage;
import org.junit.jupiter.api.Test;

/** The effect of each operation, checked against values computed here by hand. */
class AugmentOpsTest {

  private static final double EPS = 1e-6;

  // ------------------------------------------------------------------ flips and crops

  @Test
  void horizontalFlipIsAPixelExactMirror() {
    int s = 7;
    CropImage c = Fixtures.random(s, 3);
    double[] in = chw(c);
    float[] out = strong(with(strongOff(), "augment.strong.flip_p", "1"), s).apply(c, new SplittableRandom(1));
    assertEquals(0, maxDiff(denorm(out), hmirror(in, s)), EPS);
    // the kernel alone, and a negative control: the unflipped image is not its mirror
    assertEquals(0, maxDiff(Fixtures.d(Image.hflip(Image.fromCrop(c), s)), hmirror(in, s)), EPS);
    assertTrue(maxDiff(in, hmirror(in, s)) > 0.1);
  }

  @Test
  void verticalFlipReversesTheRows() {
    int s = 6;
    CropImage c = Fixtures.random(s, 4);
    double[] in = chw(c);
    assertEquals(0, maxDiff(Fixtures.d(Image.vflip(Image.fromCrop(c), s)), vmirror(in, s)), EPS);
    Map<String, String> p = with(weakOff("augment.weak"), "augment.weak.flip_p", "1",
        "augment.weak.flip", "vertical");
    float[] out = weak(p, s).apply(c, new SplittableRandom(2));
    assertEquals(0, maxDiff(denorm(out), vmirror(in, s)), EPS);
    assertTrue(maxDiff(in, vmirror(in, s)) > 0.1);
  }

  @Test
  void theFineTuneFlipIsHorizontalOrVerticalWithEqualChance() {
    int s = 6;
    CropImage c = Fixtures.random(s, 5);
    double[] in = chw(c);
    Map<String, String> p = with(weakOff("augment.finetune"), "augment.finetune.flip_p", "1");
    Augmentation a = FineTuneAugmentations.fromConfig(p).face();
    int horizontal = 0;
    int vertical = 0;
    for (long seed = 0; seed < 200; seed++) {
      double[] out = denorm(a.apply(c, new SplittableRandom(seed)));
      if (maxDiff(out, hmirror(in, s)) < EPS) {
        horizontal++;
      } else if (maxDiff(out, vmirror(in, s)) < EPS) {
        vertical++;
      }
    }
    assertEquals(200, horizontal + vertical, "every output is one of the two mirrors");
    // binomial(200, 1/2): mean 100, sd ~7.1; 4.5 sd
    assertTrue(horizontal > 68 && horizontal < 132, "horizontal " + horizontal);
  }

  @Test
  void randomResizedCropWithScaleOneAndRatioOneIsTheIdentity() {
    int s = 9;
    CropImage c = Fixtures.random(s, 6);
    double[] in = chw(c);
    for (long seed = 0; seed < 20; seed++) {
      float[] out = strong(strongOff(), s).apply(c, new SplittableRandom(seed));
      assertEquals(0, maxDiff(denorm(out), in), EPS);
      Map<String, String> w = with(weakOff("augment.weak"), "augment.weak.crop_p", "1",
          "augment.weak.face_crop_scale_min", "1", "augment.weak.crop_scale_max", "1",
          "augment.weak.crop_ratio_min", "1", "augment.weak.crop_ratio_max", "1");
      assertEquals(0, maxDiff(denorm(weak(w, s).apply(c, new SplittableRandom(seed))), in), EPS);
    }
  }

  @Test
  void randomResizedCropBoxesRespectScaleAndRatio() {
    int s = 32;
    double area = s * s;
    for (long seed = 0; seed < 300; seed++) {
      int[] b = Image.rrcParams(new SplittableRandom(seed), s, 0.2, 0.5, 0.75, 4.0 / 3.0);
      int left = b[0];
      int top = b[1];
      int w = b[2];
      int h = b[3];
      assertTrue(left >= 0 && top >= 0 && left + w <= s && top + h <= s, "inside: " + seed);
      // w and h are rounded: |w·h − target| ≤ (w + h + 1) / 2 + 1/4
      double slack = (0.5 * (w + h + 1) + 0.25) / area;
      double frac = w * h / area;
      assertTrue(frac >= 0.2 - slack && frac <= 0.5 + slack, "area fraction " + frac);
      // the drawn ratio W/H had W in [w − 1/2, w + 1/2] and H in [h − 1/2, h + 1/2]
      assertTrue((w + 0.5) / (h - 0.5) >= 0.75 && (w - 0.5) / (h + 0.5) <= 4.0 / 3.0,
          "box " + w + "x" + h);
    }
    // ratio 2 never fits a square at scale 1: torchvision's fallback is the centre crop with the
    // ratio clamped, w = 32, h = round(32 / 2) = 16, top = (32 − 16) / 2 = 8
    assertArrayEquals(new int[] {0, 8, 32, 16},
        Image.rrcParams(new SplittableRandom(1), s, 1.0, 1.0, 2.0, 2.0));
  }

  @Test
  void aResizedCropOfALinearRampIsTheRampOfTheCropWindow() {
    int s = 8;
    // value = x / 7 in every channel (bytes 0, 36, ..., 252 → x·36/255)
    CropImage c = Fixtures.of(s, (y, x, ch) -> 36 * x);
    float[] out = Image.resizedCrop(Image.fromCrop(c), s, 2, 2, 4, 4, false);
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        // output pixel centre x + 0.5 maps to source 2 + (x + 0.5) · 4 / 8 − 0.5
        double sx = 2 + (x + 0.5) * 0.5 - 0.5;
        assertEquals(sx * 36 / 255.0, out[at(s, 1, y, x)], 1e-6);
      }
    }
  }

  // ------------------------------------------------------------------ colour

  @Test
  void grayscaleMakesTheChannelsEqualAndKeepsLuminance() {
    int s = 5;
    CropImage c = Fixtures.random(s, 7);
    float[] out = strong(with(strongOff(), "augment.strong.gray_p", "1"), s)
        .apply(c, new SplittableRandom(0));
    double[] o = denorm(out);
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        double lum = 0.299 * Fixtures.unit(c, 0, y, x) + 0.587 * Fixtures.unit(c, 1, y, x)
            + 0.114 * Fixtures.unit(c, 2, y, x);
        for (int ch = 0; ch < 3; ch++) {
          assertEquals(lum, o[at(s, ch, y, x)], 1e-6);
        }
        double lumOut = 0.299 * o[at(s, 0, y, x)] + 0.587 * o[at(s, 1, y, x)]
            + 0.114 * o[at(s, 2, y, x)];
        assertEquals(lum, lumOut, 1e-6);
      }
    }
  }

  private static Map<String, String> jitterOnly(String op) {
    Map<String, String> m = with(strongOff(), "augment.strong.jitter_p", "1",
        "augment.strong.brightness", "0", "augment.strong.contrast", "0",
        "augment.strong.saturation", "0", "augment.strong.hue", "0");
    return with(m, "augment.strong." + op, op.equals("hue") ? "0.1" : "0.5");
  }

  @Test
  void brightnessFactorBScalesTheImageByBWithinClipping() {
    int s = 6;
    CropImage dark = Fixtures.random(s, 8, 10, 150); // ≤ 0.59: never clipped at b ≤ 1.5
    CropImage bright = Fixtures.random(s, 9, 0, 255);
    StrongAugment a = strong(jitterOnly("brightness"), s);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (long seed = 0; seed < 200; seed++) {
      double[] in = chw(dark);
      double[] out = denorm(a.apply(dark, new SplittableRandom(seed)));
      double b = mean(out) / mean(in);
      assertTrue(b >= 0.5 - 1e-6 && b <= 1.5 + 1e-6, "factor " + b);
      for (int i = 0; i < in.length; i++) {
        assertEquals(b * in[i], out[i], 1e-5);
      }
      lo = Math.min(lo, b);
      hi = Math.max(hi, b);
      // a bright image: every value is min(1, b · x) with the same seed's b
      double[] inB = chw(bright);
      double[] outB = denorm(a.apply(bright, new SplittableRandom(seed)));
      for (int i = 0; i < inB.length; i++) {
        assertEquals(Math.min(1, b * inB[i]), outB[i], 1e-5);
      }
    }
    assertTrue(lo < 0.6 && hi > 1.4, "factors span [0.5, 1.5]: " + lo + ".." + hi);
  }

  @Test
  void contrastScalesDeviationsFromTheGreyMeanByOneFactor() {
    int s = 6;
    CropImage c = Fixtures.random(s, 10, 80, 175); // 0.31..0.69: m + 1.5 (x − m) stays in [0, 1]
    double[] in = chw(c);
    int n = s * s;
    double grayMean = 0;
    for (int i = 0; i < n; i++) {
      grayMean += 0.299 * in[i] + 0.587 * in[n + i] + 0.114 * in[2 * n + i];
    }
    grayMean /= n;
    StrongAugment a = strong(jitterOnly("contrast"), s);
    for (long seed = 0; seed < 100; seed++) {
      double[] out = denorm(a.apply(c, new SplittableRandom(seed)));
      int far = 0;
      for (int i = 0; i < in.length; i++) {
        far = Math.abs(in[i] - grayMean) > Math.abs(in[far] - grayMean) ? i : far;
      }
      double f = (out[far] - grayMean) / (in[far] - grayMean);
      assertTrue(f >= 0.5 - 1e-4 && f <= 1.5 + 1e-4, "factor " + f);
      for (int i = 0; i < in.length; i++) {
        assertEquals(grayMean + f * (in[i] - grayMean), out[i], 1e-5);
        assertTrue(out[i] >= 0 && out[i] <= 1);
      }
      // the spread of each channel scales by f
      assertEquals(f * f * variance(in), variance(out), 1e-6);
    }
    // the kernel with a factor that clips: clamp(m + 3 (x − m))
    float[] img = Image.fromCrop(c);
    Image.contrast(img, s, 3f);
    for (int i = 0; i < in.length; i++) {
      assertEquals(Math.min(1, Math.max(0, grayMean + 3 * (in[i] - grayMean))), img[i], 1e-5);
    }
  }

  @Test
  void saturationScalesEachPixelsDistanceFromItsGreyByOneFactor() {
    int s = 6;
    CropImage c = Fixtures.random(s, 11, 80, 175);
    double[] in = chw(c);
    int n = s * s;
    StrongAugment a = strong(jitterOnly("saturation"), s);
    for (long seed = 0; seed < 100; seed++) {
      double[] out = denorm(a.apply(c, new SplittableRandom(seed)));
      int far = 0;
      double farDev = 0;
      for (int i = 0; i < n; i++) {
        double g = 0.299 * in[i] + 0.587 * in[n + i] + 0.114 * in[2 * n + i];
        if (Math.abs(in[i] - g) > farDev) {
          farDev = Math.abs(in[i] - g);
          far = i;
        }
      }
      double g0 = 0.299 * in[far] + 0.587 * in[n + far] + 0.114 * in[2 * n + far];
      double f = (out[far] - g0) / (in[far] - g0);
      assertTrue(f >= 0.5 - 1e-3 && f <= 1.5 + 1e-3, "factor " + f);
      for (int i = 0; i < n; i++) {
        double g = 0.299 * in[i] + 0.587 * in[n + i] + 0.114 * in[2 * n + i];
        for (int ch = 0; ch < 3; ch++) {
          assertEquals(g + f * (in[ch * n + i] - g), out[ch * n + i], 1e-5);
        }
      }
    }
    // factor 0 is grayscale
    float[] img = Image.fromCrop(c);
    Image.saturation(img, s, 0f);
    for (int i = 0; i < n; i++) {
      double g = 0.299 * in[i] + 0.587 * in[n + i] + 0.114 * in[2 * n + i];
      assertEquals(g, img[i], 1e-6);
      assertEquals(g, img[2 * n + i], 1e-6);
    }
  }

  /** Hue in turns [0, 1) of an RGB triple (max − min > 0), computed here from the HSV formula. */
  private static double hueOf(double r, double g, double b) {
    double max = Math.max(r, Math.max(g, b));
    double min = Math.min(r, Math.min(g, b));
    double d = max - min;
    double h;
    if (max == r) {
      h = (g - b) / d;
    } else if (max == g) {
      h = 2 + (b - r) / d;
    } else {
      h = 4 + (r - g) / d;
    }
    h /= 6;
    return h - Math.floor(h);
  }

  @Test
  void hueRotationMovesPrimariesAndKeepsValueAndSaturation() {
    // one pixel each: red → +1/3 turn is green, +1/6 is yellow; (0.5, 0.25, 0.25) + 1/2 is
    // (0.25, 0.5, 0.5)
    float[] red = {1, 0, 0};
    Image.hue(red, 1, 1f / 3);
    assertArrayEquals(new float[] {0, 1, 0}, red, 1e-6f);
    float[] red2 = {1, 0, 0};
    Image.hue(red2, 1, 1f / 6);
    assertArrayEquals(new float[] {1, 1, 0}, red2, 1e-6f);
    float[] dull = {0.5f, 0.25f, 0.25f};
    Image.hue(dull, 1, 0.5f);
    assertArrayEquals(new float[] {0.25f, 0.5f, 0.5f}, dull, 1e-6f);

    int s = 6;
    CropImage c = Fixtures.random(s, 12);
    double[] in = chw(c);
    int n = s * s;
    StrongAugment a = strong(jitterOnly("hue"), s);
    double largest = 0;
    for (long seed = 0; seed < 100; seed++) {
      double[] out = denorm(a.apply(c, new SplittableRandom(seed)));
      double shift = Double.NaN;
      for (int i = 0; i < n; i++) {
        double r = in[i];
        double g = in[n + i];
        double b = in[2 * n + i];
        double ro = out[i];
        double go = out[n + i];
        double bo = out[2 * n + i];
        assertTrue(Math.min(ro, Math.min(go, bo)) >= -1e-6 && Math.max(ro, Math.max(go, bo)) <= 1 + 1e-6);
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        assertEquals(max, Math.max(ro, Math.max(go, bo)), 1e-5, "V is kept");
        assertEquals(min, Math.min(ro, Math.min(go, bo)), 1e-5, "S is kept with V");
        if (max - min > 0.2) {
          double dh = hueOf(ro, go, bo) - hueOf(r, g, b);
          dh -= Math.rint(dh); // circular difference in [−0.5, 0.5]
          if (Double.isNaN(shift)) {
            shift = dh;
          }
          assertEquals(shift, dh, 1e-4, "one shift for every pixel");
        }
      }
      assertTrue(Math.abs(shift) <= 0.1 + 1e-4, "shift " + shift);
      largest = Math.max(largest, Math.abs(shift));
    }
    assertTrue(largest > 0.08, "shifts reach the bound 0.1: " + largest);
  }

  @Test
  void zeroJitterStrengthsLeaveTheImageUnchanged() {
    int s = 5;
    CropImage c = Fixtures.random(s, 13);
    Map<String, String> p = with(strongOff(), "augment.strong.jitter_p", "1",
        "augment.strong.brightness", "0", "augment.strong.contrast", "0",
        "augment.strong.saturation", "0", "augment.strong.hue", "0");
    assertEquals(0, maxDiff(denorm(strong(p, s).apply(c, new SplittableRandom(3))), chw(c)), EPS);
  }

  @Test
  void fullJitterKeepsValuesInRange() {
    int s = 8;
    CropImage c = Fixtures.random(s, 14);
    Map<String, String> p = with(strongOff(), "augment.strong.jitter_p", "1");
    for (long seed = 0; seed < 50; seed++) {
      for (double v : denorm(strong(p, s).apply(c, new SplittableRandom(seed)))) {
        assertTrue(v >= -1e-6 && v <= 1 + 1e-6, "value " + v);
      }
    }
  }

  // ------------------------------------------------------------------ blur

  /** 1-D Gaussian weights exp(−i²/2σ²), normalised, for i in −r..r (computed here). */
  private static double[] gauss(int k, double sigma) {
    int r = k / 2;
    double[] w = new double[k];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      w[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += w[i + r];
    }
    for (int i = 0; i < k; i++) {
      w[i] /= sum;
    }
    return w;
  }

  private static CropImage impulse(int s) {
    int mid = s / 2;
    return Fixtures.of(s, (y, x, c) -> y == mid && x == mid ? 255 : 0);
  }

  @Test
  void gaussianBlurSpreadsAnImpulseAsTheKernel() {
    int s = 15;
    int mid = 7;
    Map<String, String> p = with(strongOff(), "augment.strong.blur_p", "1",
        "augment.strong.blur_sigma_min", "1.5", "augment.strong.blur_sigma_max", "1.5");
    // at the reference size: kernel 9, sigma 1.5
    double[] out = denorm(strong(p, s).apply(impulse(s), new SplittableRandom(0)));
    double[] g = gauss(9, 1.5);
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        int dy = y - mid;
        int dx = x - mid;
        double want = Math.abs(dy) <= 4 && Math.abs(dx) <= 4 ? g[dy + 4] * g[dx + 4] : 0;
        for (int c = 0; c < 3; c++) {
          assertEquals(want, out[at(s, c, y, x)], 1e-6, "(" + y + "," + x + ")");
        }
      }
    }
    // a crop half the reference size: kernel round(4.5) = 5 (odd), sigma 0.75
    double[] half = denorm(strong(p, 2 * s).apply(impulse(s), new SplittableRandom(0)));
    double[] g5 = gauss(5, 0.75);
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        int dy = y - mid;
        int dx = x - mid;
        double want = Math.abs(dy) <= 2 && Math.abs(dx) <= 2 ? g5[dy + 2] * g5[dx + 2] : 0;
        assertEquals(want, half[at(s, 0, y, x)], 1e-6);
      }
    }
  }

  @Test
  void blurLowersPixelVariance() {
    int s = 12;
    CropImage c = Fixtures.random(s, 15);
    double before = variance(chw(c));
    Map<String, String> p = with(strongOff(), "augment.strong.blur_p", "1",
        "augment.strong.blur_sigma_min", "0.5"); // sigma 0.1 is a delta in float
    for (long seed = 0; seed < 20; seed++) {
      double after = variance(denorm(strong(p, s).apply(c, new SplittableRandom(seed))));
      assertTrue(after < before, after + " < " + before);
    }
    Map<String, String> w = with(weakOff("augment.weak"), "augment.weak.blur_p", "1");
    for (long seed = 0; seed < 20; seed++) {
      double after = variance(denorm(weak(w, 96).apply(c, new SplittableRandom(seed))));
      assertTrue(after < before, after + " < " + before);
    }
  }

  @Test
  void theWeakBlurFamilyKernelsSpreadAnImpulseAsExpected() {
    int s = 9;
    int mid = 4;
    float[] img = Image.fromCrop(impulse(s));
    // box 3: 1/9 on the 3×3 neighbourhood
    float[] box = Image.separable(img, s, Image.boxKernel(3));
    // median 3: an isolated impulse disappears
    float[] med = Image.median(img, s, 3);
    // motion blur of length 5 at angle 0: 1/5 on the row through the impulse
    float[] motion = Image.motionBlur(img, s, 5, 0);
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        boolean near = Math.abs(y - mid) <= 1 && Math.abs(x - mid) <= 1;
        assertEquals(near ? 1.0 / 9 : 0, box[at(s, 2, y, x)], 1e-6);
        assertEquals(0, med[at(s, 1, y, x)], 0);
        boolean onLine = y == mid && Math.abs(x - mid) <= 2;
        assertEquals(onLine ? 0.2 : 0, motion[at(s, 0, y, x)], 1e-6);
      }
    }
    // Gaussian 5 with OpenCV's sigma for that size, 0.3 · ((5 − 1)/2 − 1) + 0.8 = 1.1
    double[] g = gauss(5, 1.1);
    float[] gb = Image.separable(img, s, Image.gaussianKernel(5, 1.1));
    assertEquals(g[2] * g[2], gb[at(s, 0, mid, mid)], 1e-6);
    assertEquals(g[0] * g[3], gb[at(s, 0, mid + 1, mid - 2)], 1e-6);
  }

  @Test
  void theWeakViewPicksEachBlurOfTheFamilyAboutEquallyOften() {
    int s = 9;
    int mid = 4;
    CropImage imp = impulse(s);
    Map<String, String> p = with(weakOff("augment.weak"), "augment.weak.blur_p", "1",
        "augment.weak.gaussian_blur_max", "5", "augment.weak.motion_blur_max", "3");
    WeakAugment a = weak(p, s);
    double[] g = gauss(5, 1.1);
    int gaussian = 0;
    int motion = 0;
    int median = 0;
    int box = 0;
    for (long seed = 0; seed < 200; seed++) {
      double[] out = denorm(a.apply(imp, new SplittableRandom(seed)));
      double centre = out[at(s, 0, mid, mid)];
      double sum = 0;
      int nonzero = 0;
      for (int i = 0; i < s * s; i++) {
        sum += out[i];
        nonzero += Math.abs(out[i]) > 1e-6 ? 1 : 0;
      }
      if (nonzero == 0) {
        median++;
      } else if (Math.abs(centre - g[2] * g[2]) < 1e-5 && nonzero == 25) {
        gaussian++;
      } else if (Math.abs(centre - 1.0 / 9) < 1e-5 && nonzero == 9) {
        box++;
      } else if (Math.abs(centre - 1.0 / 3) < 1e-5 && nonzero == 3) {
        motion++;
      }
      assertTrue(nonzero == 0 || Math.abs(sum - 1) < 1e-5, "a blur keeps the sum");
    }
    assertEquals(200, gaussian + motion + median + box, "every output is one of the four blurs");
    // binomial(200, 1/4): mean 50, sd ~6.1; 4.5 sd
    for (int n : new int[] {gaussian, motion, median, box}) {
      assertTrue(n > 22 && n < 78, gaussian + " " + motion + " " + median + " " + box);
    }
  }

  // ------------------------------------------------------------------ shift-scale-rotate

  @Test
  void shiftScaleRotateWithZeroParametersIsTheIdentity() {
    int s = 10;
    CropImage c = Fixtures.random(s, 16);
    Map<String, String> p = with(weakOff("augment.weak"), "augment.weak.ssr_p", "1",
        "augment.weak.shift", "0", "augment.weak.scale", "0", "augment.weak.rotate", "0");
    for (long seed = 0; seed < 10; seed++) {
      assertEquals(0, maxDiff(denorm(weak(p, s).apply(c, new SplittableRandom(seed))), chw(c)), EPS);
    }
    // negative control: the default ranges move pixels
    Map<String, String> q = with(weakOff("augment.weak"), "augment.weak.ssr_p", "1");
    assertTrue(maxDiff(denorm(weak(q, s).apply(c, new SplittableRandom(0))), chw(c)) > 0.01);
  }

  @Test
  void aQuarterTurnRotatesCounterClockwiseAndKeepsAFourFoldPattern() {
    int s = 8;
    CropImage c = Fixtures.random(s, 17);
    double[] in = chw(c);
    double[] out = Fixtures.d(Image.shiftScaleRotate(Image.fromCrop(c), s, 0, 0, 1, 90));
    for (int ch = 0; ch < 3; ch++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          // counter-clockwise on screen: the top-right corner moves to the top-left
          assertEquals(in[at(s, ch, x, s - 1 - y)], out[at(s, ch, y, x)], 1e-5);
        }
      }
    }
    // concentric squares look the same after a quarter turn
    CropImage squares = Fixtures.of(s, (y, x, ch) ->
        40 * (int) Math.max(Math.abs(x - 3.5), Math.abs(y - 3.5)) + 10 * ch);
    double[] sq = chw(squares);
    double[] turned = Fixtures.d(Image.shiftScaleRotate(Image.fromCrop(squares), s, 0, 0, 1, 90));
    assertEquals(0, maxDiff(sq, turned), 1e-5);
    // negative control: a random image is not symmetric
    assertTrue(maxDiff(in, out) > 0.1);
  }

  @Test
  void aShiftMovesPixelsByTheFractionOfTheSide() {
    int s = 8;
    CropImage c = Fixtures.random(s, 18);
    double[] in = chw(c);
    // shift x by 0.25 · 8 = 2 pixels: out(y, x) = in(y, x − 2)
    double[] out = Fixtures.d(Image.shiftScaleRotate(Image.fromCrop(c), s, 0.25, 0, 1, 0));
    for (int y = 0; y < s; y++) {
      for (int x = 2; x < s; x++) {
        assertEquals(in[at(s, 0, y, x - 2)], out[at(s, 0, y, x)], 1e-6);
      }
    }
  }

  // ------------------------------------------------------------------ normalisation

  @Test
  void normaliseMapsZeroToMinusOneAndOneToOne() {
    float[] v = Normalize.paper().apply(new float[] {0f, 1f, 0.5f, 0.25f});
    assertArrayEquals(new float[] {-1f, 1f, 0f, -0.5f}, v, 1e-7f);
    float[] w = new Normalize(0.25, 2.0).apply(new float[] {0f, 1f});
    assertArrayEquals(new float[] {(float) ((0 - 0.25) / 2), (float) ((1 - 0.25) / 2)}, w, 1e-7f);
    CropImage blackWhite = Fixtures.of(1, (y, x, ch) -> ch == 0 ? 0 : 255);
    assertArrayEquals(new float[] {-1f, 1f, 1f}, EvalTransform.INSTANCE.apply(blackWhite, null), 1e-7f);
    EvalTransform custom = EvalTransform.fromConfig(Map.of("augment.normalize_mean", "0.25",
        "augment.normalize_std", "2"));
    assertArrayEquals(new float[] {-0.125f, 0.375f, 0.375f}, custom.apply(blackWhite, null), 1e-7f);
    assertFalse(custom.normalize().equals(Normalize.paper()));
  }

  @Test
  void theViewsUseTheConfiguredNormalisation() {
    int s = 4;
    CropImage c = Fixtures.random(s, 19);
    double[] in = chw(c);
    Map<String, String> p = with(strongOff(), "augment.normalize_mean", "0.2",
        "augment.normalize_std", "0.4");
    float[] out = PretrainAugmentations.fromConfig(p).strongFace().apply(c, new SplittableRandom(0));
    for (int i = 0; i < in.length; i++) {
      assertEquals((in[i] - 0.2) / 0.4, out[i], 1e-5);
    }
    WeakAugment w = (WeakAugment) PretrainAugmentations.fromConfig(p).weakBody();
    assertEquals(new Normalize(0.2, 0.4), w.normalize());
    assertEquals(PartKind.BODY, w.part());
  }
}
