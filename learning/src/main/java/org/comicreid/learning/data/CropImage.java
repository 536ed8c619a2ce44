package org.comicreid.learning.data;

import java.util.Objects;

/**
 * A square RGB crop, {@code size × size} pixels, row-major, three bytes (R, G, B) per pixel. The
 * caller has already resized and padded it to the network input size.
 *
 * @param size side length in pixels
 * @param rgb {@code size * size * 3} bytes
 */
public record CropImage(int size, byte[] rgb) {

  /** Checks the buffer length. */
  public CropImage {
    Objects.requireNonNull(rgb, "rgb");
    if (size <= 0 || rgb.length != size * size * 3) {
      throw new IllegalArgumentException(
          "CropImage: expected " + size + "x" + size + "x3 bytes, got " + rgb.length);
    }
  }

  /** Channel {@code c} of pixel (y, x) scaled to [0, 1]. */
  public float value(int y, int x, int c) {
    return (rgb[(y * size + x) * 3 + c] & 0xff) / 255f;
  }
}
