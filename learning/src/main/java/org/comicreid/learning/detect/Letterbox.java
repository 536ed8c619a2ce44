package org.comicreid.learning.detect;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Arrays;
import org.comicreid.core.dataset.Box;

/**
 * The YOLOX/DASS input geometry: an image of {@code w x h} pixels is scaled by
 * {@code r = min(W / w, H / h)} (W, H the model input size), placed at the top-left corner of a
 * {@code W x H} canvas, and the rest of the canvas is filled with {@value #PAD_VALUE} in every
 * channel. Boxes found on the canvas are mapped back by dividing by r.
 *
 * <p><b>Rounding of the resized size.</b> The resized image is {@code round(w r) x round(h r)}.
 * YOLOX's {@code preproc} uses {@code int(w r)} (truncation) instead; the two differ by at most one
 * pixel, and rounding avoids losing the last row or column when {@code w r} is an integer that
 * floating point puts just below itself. Boxes are divided by r (not by the per-axis ratio of the
 * rounded sizes), as DASS does.
 *
 * <p><b>Resampling.</b> {@link #toBgrChw} resizes with plain bilinear interpolation on pixel
 * centres (source {@code x = (i + 0.5) w / round(w r) - 0.5}, clamped to the image, no
 * anti-aliasing when shrinking), which is what OpenCV's {@code INTER_LINEAR} used by YOLOX does;
 * each value is then rounded to an integer, as an 8-bit resize would. OpenCV's fixed-point
 * arithmetic can differ from this by one grey level.
 */
public final class Letterbox {

  /** The value of every channel of the padding. */
  public static final float PAD_VALUE = 114f;

  private final int imageWidth;
  private final int imageHeight;
  private final int inputWidth;
  private final int inputHeight;
  private final double scale;
  private final int resizedWidth;
  private final int resizedHeight;

  private Letterbox(int imageWidth, int imageHeight, int inputWidth, int inputHeight) {
    if (imageWidth <= 0 || imageHeight <= 0) {
      throw new IllegalArgumentException(
          "letterbox: image size must be positive, got " + imageWidth + "x" + imageHeight);
    }
    if (inputWidth <= 0 || inputHeight <= 0) {
      throw new IllegalArgumentException(
          "letterbox: input size must be positive, got " + inputWidth + "x" + inputHeight);
    }
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
    this.scale = Math.min((double) inputWidth / imageWidth, (double) inputHeight / imageHeight);
    this.resizedWidth = clamp((int) Math.round(imageWidth * scale), inputWidth);
    this.resizedHeight = clamp((int) Math.round(imageHeight * scale), inputHeight);
  }

  /** The letterbox of a {@code imageWidth x imageHeight} image on a model input of W x H. */
  public static Letterbox of(int imageWidth, int imageHeight, int inputWidth, int inputHeight) {
    return new Letterbox(imageWidth, imageHeight, inputWidth, inputHeight);
  }

  /** The letterbox of {@code image} on a model input of W x H. */
  public static Letterbox of(BufferedImage image, int inputWidth, int inputHeight) {
    return new Letterbox(image.getWidth(), image.getHeight(), inputWidth, inputHeight);
  }

  private static int clamp(int v, int max) {
    return Math.max(1, Math.min(max, v));
  }

  /** The scale r = min(W / w, H / h). */
  public double scale() {
    return scale;
  }

  public int imageWidth() {
    return imageWidth;
  }

  public int imageHeight() {
    return imageHeight;
  }

  public int inputWidth() {
    return inputWidth;
  }

  public int inputHeight() {
    return inputHeight;
  }

  /** Width of the resized image on the canvas, {@code round(w r)}. */
  public int resizedWidth() {
    return resizedWidth;
  }

  /** Height of the resized image on the canvas, {@code round(h r)}. */
  public int resizedHeight() {
    return resizedHeight;
  }

  /**
   * The model input for {@code image}: {@code 3 x H x W} floats, plane 0 blue, 1 green, 2 red,
   * values 0-255 with no normalisation, index {@code (c H + y) W + x}. Alpha is dropped (as
   * OpenCV's {@code imread} in colour mode does); a {@code TYPE_BYTE_GRAY} image gives its raw
   * grey level in the three planes.
   *
   * @throws IllegalArgumentException if {@code image} is not of this letterbox's image size
   */
  public float[] toBgrChw(BufferedImage image) {
    if (image.getWidth() != imageWidth || image.getHeight() != imageHeight) {
      throw new IllegalArgumentException("letterbox: made for a " + imageWidth + "x" + imageHeight
          + " image, got " + image.getWidth() + "x" + image.getHeight());
    }
    int[] rgb = readRgb(image);
    int plane = inputWidth * inputHeight;
    float[] out = new float[3 * plane];
    Arrays.fill(out, PAD_VALUE);

    Axis xs = new Axis(imageWidth, resizedWidth);
    Axis ys = new Axis(imageHeight, resizedHeight);
    for (int oy = 0; oy < resizedHeight; oy++) {
      int row0 = ys.lo[oy] * imageWidth;
      int row1 = ys.hi[oy] * imageWidth;
      double fy = ys.frac[oy];
      for (int ox = 0; ox < resizedWidth; ox++) {
        double fx = xs.frac[ox];
        int p00 = rgb[row0 + xs.lo[ox]];
        int p01 = rgb[row0 + xs.hi[ox]];
        int p10 = rgb[row1 + xs.lo[ox]];
        int p11 = rgb[row1 + xs.hi[ox]];
        int o = oy * inputWidth + ox;
        // shift 0 is blue, 8 green, 16 red in 0xRRGGBB; plane c takes shift 8c.
        for (int c = 0; c < 3; c++) {
          int s = 8 * c;
          double top = ((p00 >> s) & 0xff) * (1 - fx) + ((p01 >> s) & 0xff) * fx;
          double bottom = ((p10 >> s) & 0xff) * (1 - fx) + ((p11 >> s) & 0xff) * fx;
          out[c * plane + o] = Math.round(top * (1 - fy) + bottom * fy);
        }
      }
    }
    return out;
  }

  /** Pixels as 0xRRGGBB (alpha bits are ignored by the caller). */
  private static int[] readRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      // getRGB would convert the linear grey colour space to sRGB and brighten the values.
      Raster raster = image.getRaster();
      int[] grey = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      int[] out = new int[grey.length];
      for (int i = 0; i < grey.length; i++) {
        int g = grey[i] & 0xff;
        out[i] = (g << 16) | (g << 8) | g;
      }
      return out;
    }
    return image.getRGB(0, 0, w, h, null, 0, w);
  }

  /** Source indices and weights of the bilinear resize along one axis. */
  private static final class Axis {
    final int[] lo;
    final int[] hi;
    final double[] frac;

    Axis(int source, int target) {
      lo = new int[target];
      hi = new int[target];
      frac = new double[target];
      double step = (double) source / target;
      for (int i = 0; i < target; i++) {
        double s = Math.max(0, (i + 0.5) * step - 0.5);
        int i0 = (int) Math.floor(s);
        if (i0 >= source - 1) {
          lo[i] = source - 1;
          hi[i] = source - 1;
          frac[i] = 0;
        } else {
          lo[i] = i0;
          hi[i] = i0 + 1;
          frac[i] = s - i0;
        }
      }
    }
  }

  /**
   * A box on the model input (letterboxed pixels) in the original image's pixels: every
   * coordinate divided by r, then clipped to {@code [0, w] x [0, h]}.
   */
  public Box unscale(Box inputBox) {
    return new Box(inputBox.x1() / scale, inputBox.y1() / scale,
        inputBox.x2() / scale, inputBox.y2() / scale).clip(imageWidth, imageHeight);
  }

  @Override
  public String toString() {
    return "Letterbox[" + imageWidth + "x" + imageHeight + " -> " + resizedWidth + "x"
        + resizedHeight + " on " + inputWidth + "x" + inputHeight + ", r=" + scale + "]";
  }
}
