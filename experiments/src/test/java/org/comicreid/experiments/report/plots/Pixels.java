package org.comicreid.experiments.report.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Test helpers that read charts back from their PNG bytes, as a viewer would. */
final class Pixels {
  private Pixels() {}

  /** Decodes PNG bytes, checking the PNG signature. */
  static BufferedImage decode(byte[] png) {
    assertEquals((byte) 0x89, png[0]);
    assertEquals((byte) 'P', png[1]);
    assertEquals((byte) 'N', png[2]);
    assertEquals((byte) 'G', png[3]);
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertNotNull(img, "not a decodable PNG");
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Color at(BufferedImage img, int x, int y) {
    return new Color(img.getRGB(x, y) & 0xFFFFFF);
  }

  /** Pixels of exactly colour {@code c} in column {@code x}. */
  static int countInColumn(BufferedImage img, int x, Color c) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
        n++;
      }
    }
    return n;
  }

  /** Pixels of exactly colour {@code c} in the whole image. */
  static int count(BufferedImage img, Color c) {
    int n = 0;
    for (int x = 0; x < img.getWidth(); x++) {
      n += countInColumn(img, x, c);
    }
    return n;
  }

  /** Pixels of exactly colour {@code c} in a square of half-side {@code r} around (x, y). */
  static int countNear(BufferedImage img, int x, int y, int r, Color c) {
    int n = 0;
    for (int i = x - r; i <= x + r; i++) {
      for (int j = y - r; j <= y + r; j++) {
        if (i >= 0 && j >= 0 && i < img.getWidth() && j < img.getHeight()
            && (img.getRGB(i, j) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }
}
