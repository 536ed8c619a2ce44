package org.comicreid.core.baselines;

import org.comicreid.core.ReidInputException;

/**
 * The colour-histogram baseline (paper F.4): per-channel histograms of R, G and B concatenated, 32
 * bins each giving 96 values.
 *
 * <p>A channel value {@code v} in 0..255 falls in bin {@code v * bins / 256}. Each channel's
 * histogram is L1-normalised (divided by the number of pixels counted), so the image size does not
 * matter and every channel block sums to 1; when no pixel is counted the vector is all zeros.
 * With {@code skipPadding}, pixels with alpha 0 and pixels that are exactly black (0,0,0) are not
 * counted, so the zero padding of letterboxed body crops does not swamp the first bins; genuinely
 * black pixels of the image are then skipped too.
 */
public final class ColorHistogram {
  /** The paper's bins per channel. */
  public static final int PAPER_BINS = 32;

  private ColorHistogram() {}

  /** The histogram counting every pixel. */
  public static float[] of(int[] argbPixels, int bins) {
    return of(argbPixels, bins, false);
  }

  /**
   * The histogram.
   *
   * @param argbPixels pixels as {@code 0xAARRGGBB}
   * @param bins bins per channel, 1..256
   * @param skipPadding ignore alpha-0 and exactly-black pixels
   * @return {@code 3 * bins} values: R bins, then G bins, then B bins
   */
  public static float[] of(int[] argbPixels, int bins, boolean skipPadding) {
    if (bins < 1 || bins > 256) {
      throw new ReidInputException("histogram bins must be in 1..256, got " + bins);
    }
    long[] counts = new long[3 * bins];
    long n = 0;
    for (int p : argbPixels) {
      int a = p >>> 24;
      int r = (p >> 16) & 0xff;
      int g = (p >> 8) & 0xff;
      int b = p & 0xff;
      if (skipPadding && (a == 0 || (r | g | b) == 0)) {
        continue;
      }
      counts[r * bins / 256]++;
      counts[bins + g * bins / 256]++;
      counts[2 * bins + b * bins / 256]++;
      n++;
    }
    float[] out = new float[3 * bins];
    if (n > 0) {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) ((double) counts[i] / n);
      }
    }
    return out;
  }
}
