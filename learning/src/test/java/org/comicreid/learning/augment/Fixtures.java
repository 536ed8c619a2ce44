package org.comicreid.learning.augment;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.comicreid.learning.data.CropImage;

/** Test images and settings shared by the augmentation tests (plain Java, no code under test). */
final class Fixtures {

  private Fixtures() {}

  /** A crop of uniform random bytes. */
  static CropImage random(int size, long seed) {
    byte[] b = new byte[size * size * 3];
    new Random(seed).nextBytes(b);
    return new CropImage(size, b);
  }

  /** A crop of random bytes in [lo, hi] (both 0..255). */
  static CropImage random(int size, long seed, int lo, int hi) {
    Random r = new Random(seed);
    byte[] b = new byte[size * size * 3];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (lo + r.nextInt(hi - lo + 1));
    }
    return new CropImage(size, b);
  }

  /** A crop whose byte at (y, x, c) is {@code f.value(y, x, c)}. */
  static CropImage of(int size, PixelFn f) {
    byte[] b = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < 3; c++) {
          b[(y * size + x) * 3 + c] = (byte) f.value(y, x, c);
        }
      }
    }
    return new CropImage(size, b);
  }

  /** Byte of a pixel. */
  interface PixelFn {
    int value(int y, int x, int c);
  }

  /** The crop's value at (c, y, x) in [0, 1], computed here as byte / 255. */
  static double unit(CropImage crop, int c, int y, int x) {
    return (crop.rgb()[(y * crop.size() + x) * 3 + c] & 0xff) / 255.0;
  }

  /** Undoes the paper normalisation: x = 0.5 · v + 0.5. */
  static double[] denorm(float[] out) {
    double[] d = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      d[i] = 0.5 * out[i] + 0.5;
    }
    return d;
  }

  /** Index of (c, y, x) in a CHW image of side s. */
  static int at(int s, int c, int y, int x) {
    return c * s * s + y * s + x;
  }

  /** The crop as a [0, 1] CHW array (computed here). */
  static double[] chw(CropImage crop) {
    int s = crop.size();
    double[] d = new double[3 * s * s];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          d[at(s, c, y, x)] = unit(crop, c, y, x);
        }
      }
    }
    return d;
  }

  /** Strong settings that change nothing: no flip, whole-image crop, no jitter, gray or blur. */
  static Map<String, String> strongOff() {
    Map<String, String> m = new HashMap<>();
    m.put("augment.strong.flip_p", "0");
    m.put("augment.strong.crop_scale_min", "1");
    m.put("augment.strong.crop_scale_max", "1");
    m.put("augment.strong.crop_ratio_min", "1");
    m.put("augment.strong.crop_ratio_max", "1");
    m.put("augment.strong.jitter_p", "0");
    m.put("augment.strong.gray_p", "0");
    m.put("augment.strong.blur_p", "0");
    return m;
  }

  /** Weak (or fine-tune) settings that change nothing. */
  static Map<String, String> weakOff(String section) {
    Map<String, String> m = new HashMap<>();
    for (String k : new String[] {"crop_p", "flip_p", "ssr_p", "blur_p", "gray_p"}) {
      m.put(section + "." + k, "0");
    }
    return m;
  }

  /** {@code base} with more entries (k1, v1, k2, v2, ...). */
  static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> m = new HashMap<>(base);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The strong view of {@code params} with its blur referring to {@code reference} pixels. */
  static StrongAugment strong(Map<String, String> params, int reference) {
    return new StrongAugment(StrongSpec.fromConfig(params), Normalize.paper(), reference);
  }

  /** The weak view of {@code params} (section augment.weak) for faces, reference {@code reference}. */
  static WeakAugment weak(Map<String, String> params, int reference) {
    return new WeakAugment(WeakSpec.fromConfig(params, WeakSpec.WEAK), Normalize.paper(),
        org.comicreid.core.dataset.PartKind.FACE, reference);
  }

  /** Largest absolute difference. */
  static double maxDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  /** Horizontal mirror of a CHW array (computed here). */
  static double[] hmirror(double[] img, int s) {
    double[] out = new double[img.length];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          out[at(s, c, y, x)] = img[at(s, c, y, s - 1 - x)];
        }
      }
    }
    return out;
  }

  /** Vertical mirror of a CHW array (computed here). */
  static double[] vmirror(double[] img, int s) {
    double[] out = new double[img.length];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          out[at(s, c, y, x)] = img[at(s, c, s - 1 - y, x)];
        }
      }
    }
    return out;
  }

  /** Mean of an array. */
  static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }

  /** Population variance of an array. */
  static double variance(double[] a) {
    double m = mean(a);
    double s = 0;
    for (double v : a) {
      s += (v - m) * (v - m);
    }
    return s / a.length;
  }

  /** Float array as doubles. */
  static double[] d(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
