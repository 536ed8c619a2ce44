package org.comicreid.learning.augment;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.comicreid.learning.data.CropImage;

/**
 * Plain-array image operations on square float images in CHW layout with values in [0, 1]
 * (package-private kernels of the augmentations).
 */
final class Image {

  private Image() {}

  static float[] fromCrop(CropImage crop) {
    int s = crop.size();
    int n = s * s;
    float[] out = new float[3 * n];
    byte[] rgb = crop.rgb();
    for (int i = 0; i < n; i++) {
      out[i] = (rgb[i * 3] & 0xff) / 255f;
      out[n + i] = (rgb[i * 3 + 1] & 0xff) / 255f;
      out[2 * n + i] = (rgb[i * 3 + 2] & 0xff) / 255f;
    }
    return out;
  }

  /** Mirrors a coordinate into [0, n-1] (OpenCV BORDER_REFLECT_101). */
  static int reflect101(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    i = Math.floorMod(i, period);
    return i < n ? i : period - i;
  }

  /** Bilinear sample of channel plane {@code c} at continuous pixel coordinates, edge-clamped. */
  static float sampleClamp(float[] img, int s, int c, double x, double y) {
    x = Math.min(Math.max(x, 0), s - 1);
    y = Math.min(Math.max(y, 0), s - 1);
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    int x1 = Math.min(x0 + 1, s - 1);
    int y1 = Math.min(y0 + 1, s - 1);
    double fx = x - x0;
    double fy = y - y0;
    int base = c * s * s;
    double top = img[base + y0 * s + x0] * (1 - fx) + img[base + y0 * s + x1] * fx;
    double bot = img[base + y1 * s + x0] * (1 - fx) + img[base + y1 * s + x1] * fx;
    return (float) (top * (1 - fy) + bot * fy);
  }

  /**
   * Crops the rectangle (left, top, w, h) in source pixels and resizes it to s×s with bilinear
   * sampling at pixel centres; {@code flip} mirrors horizontally.
   */
  static float[] resizedCrop(float[] img, int s, double left, double top, double w, double h,
      boolean flip) {
    float[] out = new float[img.length];
    int n = s * s;
    for (int y = 0; y < s; y++) {
      double sy = top + (y + 0.5) * h / s - 0.5;
      for (int x = 0; x < s; x++) {
        int ox = flip ? s - 1 - x : x;
        double sx = left + (ox + 0.5) * w / s - 0.5;
        for (int c = 0; c < 3; c++) {
          out[c * n + y * s + x] = sampleClamp(img, s, c, sx, sy);
        }
      }
    }
    return out;
  }

  /** Horizontal mirror. */
  static float[] hflip(float[] img, int s) {
    float[] out = new float[img.length];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < s; y++) {
        int row = c * s * s + y * s;
        for (int x = 0; x < s; x++) {
          out[row + x] = img[row + s - 1 - x];
        }
      }
    }
    return out;
  }

  /** Vertical mirror (rows reversed). */
  static float[] vflip(float[] img, int s) {
    float[] out = new float[img.length];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < s; y++) {
        System.arraycopy(img, c * s * s + (s - 1 - y) * s, out, c * s * s + y * s, s);
      }
    }
    return out;
  }

  /**
   * torchvision {@code RandomResizedCrop.get_params} on an s×s image: up to 10 tries, each drawing
   * an area fraction uniform in [minScale, maxScale] and a log-uniform aspect ratio in [minRatio,
   * maxRatio] (two doubles); the first box that fits then draws its top and left (two ints). After
   * 10 misses, the centre crop with the ratio clamped to the range. Returns {left, top, w, h}.
   */
  static int[] rrcParams(SplittableRandom rnd, int s, double minScale, double maxScale,
      double minRatio, double maxRatio) {
    double area = (double) s * s;
    double logMin = Math.log(minRatio);
    double logMax = Math.log(maxRatio);
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (minScale + rnd.nextDouble() * (maxScale - minScale));
      double aspect = Math.exp(logMin + rnd.nextDouble() * (logMax - logMin));
      int w = (int) Math.round(Math.sqrt(target * aspect));
      int h = (int) Math.round(Math.sqrt(target / aspect));
      if (w > 0 && h > 0 && w <= s && h <= s) {
        int top = rnd.nextInt(s - h + 1);
        int left = rnd.nextInt(s - w + 1);
        return new int[] {left, top, w, h};
      }
    }
    int w = s;
    int h = s;
    if (1.0 < minRatio) {
      h = Math.max(1, (int) Math.round(s / minRatio));
    } else if (1.0 > maxRatio) {
      w = Math.max(1, (int) Math.round(s * maxRatio));
    }
    return new int[] {(s - w) / 2, (s - h) / 2, w, h};
  }

  static float gray(float r, float g, float b) {
    return 0.299f * r + 0.587f * g + 0.114f * b;
  }

  static void grayscale(float[] img, int s) {
    int n = s * s;
    for (int i = 0; i < n; i++) {
      float v = gray(img[i], img[n + i], img[2 * n + i]);
      img[i] = v;
      img[n + i] = v;
      img[2 * n + i] = v;
    }
  }

  static void clamp01(float[] img) {
    for (int i = 0; i < img.length; i++) {
      img[i] = Math.min(1f, Math.max(0f, img[i]));
    }
  }

  static void brightness(float[] img, float f) {
    for (int i = 0; i < img.length; i++) {
      img[i] *= f;
    }
    clamp01(img);
  }

  /** Blend with the mean grey level (torchvision adjust_contrast). */
  static void contrast(float[] img, int s, float f) {
    int n = s * s;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += gray(img[i], img[n + i], img[2 * n + i]);
    }
    float m = (float) (mean / n);
    for (int i = 0; i < img.length; i++) {
      img[i] = m + f * (img[i] - m);
    }
    clamp01(img);
  }

  /** Blend each pixel with its grey value (torchvision adjust_saturation). */
  static void saturation(float[] img, int s, float f) {
    int n = s * s;
    for (int i = 0; i < n; i++) {
      float g = gray(img[i], img[n + i], img[2 * n + i]);
      for (int c = 0; c < 3; c++) {
        img[c * n + i] = g + f * (img[c * n + i] - g);
      }
    }
    clamp01(img);
  }

  /** Rotates hue by {@code shift} turns (in [-0.5, 0.5]) through HSV. */
  static void hue(float[] img, int s, float shift) {
    int n = s * s;
    for (int i = 0; i < n; i++) {
      float r = img[i];
      float g = img[n + i];
      float b = img[2 * n + i];
      float max = Math.max(r, Math.max(g, b));
      float min = Math.min(r, Math.min(g, b));
      float delta = max - min;
      if (delta <= 0) {
        continue;
      }
      float h;
      if (max == r) {
        h = ((g - b) / delta) / 6f;
      } else if (max == g) {
        h = ((b - r) / delta + 2f) / 6f;
      } else {
        h = ((r - g) / delta + 4f) / 6f;
      }
      h = h + shift;
      h = h - (float) Math.floor(h);
      float sat = delta / max;
      float v = max;
      float h6 = h * 6f;
      int sector = Math.min(5, (int) Math.floor(h6));
      float f = h6 - sector;
      float p = v * (1 - sat);
      float q = v * (1 - sat * f);
      float t = v * (1 - sat * (1 - f));
      float[] rgb = switch (sector) {
        case 0 -> new float[] {v, t, p};
        case 1 -> new float[] {q, v, p};
        case 2 -> new float[] {p, v, t};
        case 3 -> new float[] {p, q, v};
        case 4 -> new float[] {t, p, v};
        default -> new float[] {v, p, q};
      };
      img[i] = rgb[0];
      img[n + i] = rgb[1];
      img[2 * n + i] = rgb[2];
    }
  }

  /** Separable convolution with a symmetric 1-D kernel, reflect-101 borders. */
  static float[] separable(float[] img, int s, float[] kernel) {
    int r = kernel.length / 2;
    float[] tmp = new float[img.length];
    float[] out = new float[img.length];
    for (int c = 0; c < 3; c++) {
      int base = c * s * s;
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          float acc = 0;
          for (int k = -r; k <= r; k++) {
            acc += kernel[k + r] * img[base + y * s + reflect101(x + k, s)];
          }
          tmp[base + y * s + x] = acc;
        }
      }
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          float acc = 0;
          for (int k = -r; k <= r; k++) {
            acc += kernel[k + r] * tmp[base + reflect101(y + k, s) * s + x];
          }
          out[base + y * s + x] = acc;
        }
      }
    }
    return out;
  }

  static float[] gaussianKernel(int size, double sigma) {
    float[] k = new float[size];
    int r = size / 2;
    double sum = 0;
    for (int i = 0; i < size; i++) {
      double v = Math.exp(-0.5 * ((i - r) * (i - r)) / (sigma * sigma));
      k[i] = (float) v;
      sum += v;
    }
    for (int i = 0; i < size; i++) {
      k[i] /= (float) sum;
    }
    return k;
  }

  static float[] boxKernel(int size) {
    float[] k = new float[size];
    Arrays.fill(k, 1f / size);
    return k;
  }

  /** k×k median per channel (k odd), reflect-101 borders. */
  static float[] median(float[] img, int s, int k) {
    float[] out = new float[img.length];
    int r = k / 2;
    float[] win = new float[k * k];
    for (int c = 0; c < 3; c++) {
      int base = c * s * s;
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          int i = 0;
          for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
              win[i++] = img[base + reflect101(y + dy, s) * s + reflect101(x + dx, s)];
            }
          }
          Arrays.sort(win);
          out[base + y * s + x] = win[win.length / 2];
        }
      }
    }
    return out;
  }

  /** Averages along a line of {@code size} pixels through the centre at angle {@code theta}. */
  static float[] motionBlur(float[] img, int s, int size, double theta) {
    float[] out = new float[img.length];
    int r = size / 2;
    double dx = Math.cos(theta);
    double dy = Math.sin(theta);
    int n = s * s;
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        for (int c = 0; c < 3; c++) {
          float acc = 0;
          for (int k = -r; k <= r; k++) {
            int sx = reflect101((int) Math.round(x + k * dx), s);
            int sy = reflect101((int) Math.round(y + k * dy), s);
            acc += img[c * n + sy * s + sx];
          }
          out[c * n + y * s + x] = acc / (2 * r + 1);
        }
      }
    }
    return out;
  }

  /**
   * Shift-scale-rotate about the centre (albumentations ShiftScaleRotate semantics, bilinear,
   * reflect-101 border): output pixel p samples the source at A⁻¹(p - centre - shift) + centre.
   */
  static float[] shiftScaleRotate(float[] img, int s, double shiftX, double shiftY, double scale,
      double angleDeg) {
    float[] out = new float[img.length];
    int n = s * s;
    double a = Math.toRadians(angleDeg);
    double cos = Math.cos(a) / scale;
    double sin = Math.sin(a) / scale;
    double cx = (s - 1) / 2.0;
    double cy = (s - 1) / 2.0;
    double tx = shiftX * s;
    double ty = shiftY * s;
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        double px = x - cx - tx;
        double py = y - cy - ty;
        double sx = cos * px - sin * py + cx;
        double sy = sin * px + cos * py + cy;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        int xa = reflect101(x0, s);
        int xb = reflect101(x0 + 1, s);
        int ya = reflect101(y0, s);
        int yb = reflect101(y0 + 1, s);
        for (int c = 0; c < 3; c++) {
          int base = c * n;
          double top = img[base + ya * s + xa] * (1 - fx) + img[base + ya * s + xb] * fx;
          double bot = img[base + yb * s + xa] * (1 - fx) + img[base + yb * s + xb] * fx;
          out[base + y * s + x] = (float) (top * (1 - fy) + bot * fy);
        }
      }
    }
    return out;
  }

  /**
   * The kernel size {@code k} (odd) meant for a {@code reference}-pixel image, scaled to an s-pixel
   * one: the odd number nearest {@code k · s / reference} (rounded half up, then up to odd), at
   * least 3; a kernel of 1 (no blur) stays 1. Equals {@code k} when {@code s == reference}.
   */
  static int scaledKernel(int k, int s, int reference) {
    if (k <= 1) {
      return 1;
    }
    int size = (int) Math.round((double) k * s / reference);
    if (size % 2 == 0) {
      size++;
    }
    return Math.max(3, size);
  }
}
