package org.comicreid.learning.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.comicreid.core.dataset.Box;
import org.junit.jupiter.api.Test;

class LetterboxTest {

  static BufferedImage filled(int w, int h, Color c) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  /** Value of plane c (0 B, 1 G, 2 R) at (x, y). */
  static float at(float[] chw, Letterbox lb, int c, int x, int y) {
    return chw[(c * lb.inputHeight() + y) * lb.inputWidth() + x];
  }

  @Test
  void landscapeFillsTheWidth() {
    Letterbox lb = Letterbox.of(800, 500, 640, 640);
    assertEquals(0.8, lb.scale(), 1e-15); // min(640/800, 640/500)
    assertEquals(640, lb.resizedWidth());
    assertEquals(400, lb.resizedHeight());
  }

  @Test
  void portraitFillsTheHeight() {
    Letterbox lb = Letterbox.of(300, 600, 640, 640);
    assertEquals(640.0 / 600, lb.scale(), 1e-15); // min(2.133, 1.0667)
    assertEquals(320, lb.resizedWidth());
    assertEquals(640, lb.resizedHeight());
  }

  @Test
  void nonSquareInputAndUpscaling() {
    Letterbox wide = Letterbox.of(1000, 200, 640, 320);
    assertEquals(0.64, wide.scale(), 1e-15); // min(0.64, 1.6)
    assertEquals(640, wide.resizedWidth());
    assertEquals(128, wide.resizedHeight());

    Letterbox small = Letterbox.of(100, 50, 640, 640);
    assertEquals(6.4, small.scale(), 1e-15); // min(6.4, 12.8): images are enlarged too
    assertEquals(640, small.resizedWidth());
    assertEquals(320, small.resizedHeight());
  }

  @Test
  void resizedSizeIsRoundedNotTruncated() {
    // 998 * 0.64 = 638.72: rounded to 639 (YOLOX's int() would give 638, see the class doc).
    Letterbox lb = Letterbox.of(1000, 998, 640, 640);
    assertEquals(640, lb.resizedWidth());
    assertEquals(639, lb.resizedHeight());
    // 997 * 0.64 = 638.08 -> 638.
    assertEquals(638, Letterbox.of(1000, 997, 640, 640).resizedHeight());
  }

  @Test
  void padIs114AtTheBottomForLandscape() {
    Letterbox lb = Letterbox.of(800, 500, 640, 640);
    float[] chw = lb.toBgrChw(filled(800, 500, Color.WHITE));
    assertEquals(3 * 640 * 640, chw.length);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 640; y++) {
        for (int x = 0; x < 640; x++) {
          float expected = y < 400 ? 255f : 114f;
          assertEquals(expected, at(chw, lb, c, x, y), "plane " + c + " at " + x + "," + y);
        }
      }
    }
  }

  @Test
  void padIs114AtTheRightForPortrait() {
    Letterbox lb = Letterbox.of(300, 600, 640, 640);
    float[] chw = lb.toBgrChw(filled(300, 600, Color.BLACK));
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 640; y += 7) {
        assertEquals(0f, at(chw, lb, c, 0, y));
        assertEquals(0f, at(chw, lb, c, 319, y));
        assertEquals(114f, at(chw, lb, c, 320, y));
        assertEquals(114f, at(chw, lb, c, 639, y));
      }
    }
  }

  @Test
  void planesAreBlueGreenRed() {
    BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xFF0000); // pure red
    img.setRGB(1, 0, 0x0000FF); // pure blue
    img.setRGB(2, 0, new Color(10, 20, 30).getRGB());
    Letterbox lb = Letterbox.of(3, 1, 3, 1); // r = 1, no resampling, no pad
    float[] chw = lb.toBgrChw(img);
    // plane B            plane G            plane R
    assertArrayEquals(new float[] {0, 255, 30, 0, 0, 20, 255, 0, 10}, chw);
  }

  @Test
  void alphaIsDropped() {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, 0x00_10_20_30); // fully transparent, colour kept
    float[] chw = Letterbox.of(1, 1, 1, 1).toBgrChw(img);
    assertArrayEquals(new float[] {0x30, 0x20, 0x10}, chw);
  }

  @Test
  void greyImagesKeepTheirRawLevel() {
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(0, 0, 0, 77);
    img.getRaster().setSample(1, 0, 0, 77);
    img.getRaster().setSample(0, 1, 0, 77);
    img.getRaster().setSample(1, 1, 0, 77);
    // getRGB converts the linear grey space to sRGB: the level would change.
    assertNotEquals(77, img.getRGB(0, 0) & 0xff);
    float[] chw = Letterbox.of(2, 2, 2, 2).toBgrChw(img);
    for (float v : chw) {
      assertEquals(77f, v);
    }
  }

  @Test
  void bilinearOnPixelCentres() {
    // Up by 2: 2x1 grey [0, 101] -> 4x2. Source x of output i is (i + 0.5) / 2 - 0.5:
    // -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to the last pixel)
    // -> 0, 25.25, 75.75, 101, rounded 0, 25, 76, 101; both rows sample source row 0.
    BufferedImage up = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    up.setRGB(0, 0, 0x000000);
    up.setRGB(1, 0, 0x656565); // 101
    Letterbox lbUp = Letterbox.of(2, 1, 4, 2);
    assertEquals(2.0, lbUp.scale());
    float[] u = lbUp.toBgrChw(up);
    float[] row = {0, 25, 76, 101};
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 4; x++) {
          assertEquals(row[x], at(u, lbUp, c, x, y), "up " + c + "," + x + "," + y);
        }
      }
    }

    // Down by 2: 4x1 [0, 100, 200, 40] -> 2x1. Source x = (i + 0.5) * 2 - 0.5 = 0.5, 2.5
    // -> (0 + 100) / 2 = 50 and (200 + 40) / 2 = 120: two neighbours only, no area averaging.
    BufferedImage down = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
    int[] levels = {0, 100, 200, 40};
    for (int x = 0; x < 4; x++) {
      down.setRGB(x, 0, levels[x] * 0x010101);
    }
    Letterbox lbDown = Letterbox.of(4, 1, 2, 1);
    assertEquals(0.5, lbDown.scale());
    assertEquals(2, lbDown.resizedWidth());
    assertEquals(1, lbDown.resizedHeight()); // round(0.5) = 1
    assertArrayEquals(new float[] {50, 120, 50, 120, 50, 120}, lbDown.toBgrChw(down));
  }

  @Test
  void unscaleDividesByRAndClips() {
    Letterbox lb = Letterbox.of(800, 500, 640, 640); // r = 0.8
    assertBox(new Box(100, 50, 200, 150), lb.unscale(new Box(80, 40, 160, 120)));
    // reaching into the pad and past the left edge: clipped to [0, 800] x [0, 500]
    assertBox(new Box(750, 475, 800, 500), lb.unscale(new Box(600, 380, 700, 640)));
    assertBox(new Box(0, 0, 12.5, 25), lb.unscale(new Box(-8, -4, 10, 20)));
  }

  /** To 1e-9 px: division by r = 0.8 is not exact in binary. */
  static void assertBox(Box expected, Box actual) {
    String msg = "expected " + expected + ", got " + actual;
    assertEquals(expected.x1(), actual.x1(), 1e-9, msg);
    assertEquals(expected.y1(), actual.y1(), 1e-9, msg);
    assertEquals(expected.x2(), actual.x2(), 1e-9, msg);
    assertEquals(expected.y2(), actual.y2(), 1e-9, msg);
  }

  @Test
  void rejectsAnImageOfAnotherSize() {
    Letterbox lb = Letterbox.of(800, 500, 640, 640);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lb.toBgrChw(filled(500, 800, Color.WHITE)));
    assertEquals("letterbox: made for a 800x500 image, got 500x800", e.getMessage());
  }
}
