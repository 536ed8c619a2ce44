package org.comicreid.experiments.report.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.comicreid.core.dataset.Box;
import org.junit.jupiter.api.Test;

class SequenceSheetTest {

  /** Grey panels 200 x 100 (drawn at scale 1 with panelHeight 100). */
  private static List<BufferedImage> panels(int n) {
    BufferedImage[] out = new BufferedImage[n];
    for (int i = 0; i < n; i++) {
      out[i] = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = out[i].createGraphics();
      g.setColor(new Color(0x80, 0x80, 0x80));
      g.fillRect(0, 0, 200, 100);
      g.dispose();
    }
    return List.of(out);
  }

  /** The colour at the middle of a box's left edge, in a row of the sheet. */
  private static Color leftEdge(BufferedImage img, SequenceSheet s, int row, int panel, Box b) {
    Rectangle a = s.panelArea(row, panel);
    return Pixels.at(img, a.x + (int) b.x1(), a.y + (int) ((b.y1() + b.y2()) / 2));
  }

  private static final Box BODY_A = new Box(10, 20, 60, 95);
  private static final Box BODY_B = new Box(120, 20, 170, 95);
  private static final Box FACE_A = new Box(20, 25, 45, 45);

  @Test
  void theSameClusterHasOneColourAndDifferentClustersDifferentOnes() {
    // panel 0: Ann (cluster 0) and Bob (cluster 1); panel 1: Ann again, wrongly in cluster 1
    List<SequenceSheet.Instance> inst = List.of(
        new SequenceSheet.Instance(0, FACE_A, BODY_A, "0", "Ann"),
        new SequenceSheet.Instance(0, null, BODY_B, "1", "Bob"),
        new SequenceSheet.Instance(1, null, BODY_A, "1", "Ann"));
    SequenceSheet s = new SequenceSheet("s1", "adjusted Rand 0.000", panels(2), inst, 100);
    BufferedImage img = Pixels.decode(s.png());
    assertEquals(s.width(), img.getWidth());
    assertEquals(s.height(), img.getHeight());
    Color c0 = leftEdge(img, s, 0, 0, BODY_A);
    Color c1 = leftEdge(img, s, 0, 0, BODY_B);
    Color c1again = leftEdge(img, s, 0, 1, BODY_A);
    assertNotEquals(c0, c1, "two clusters, two colours");
    assertEquals(c1, c1again, "one cluster, one colour across panels");
    assertEquals(c0, leftEdge(img, s, 0, 0, FACE_A), "face and body of one instance alike");
    // ground truth row: both Ann boxes alike, Bob's different
    Color ann = leftEdge(img, s, 1, 0, BODY_A);
    assertEquals(ann, leftEdge(img, s, 1, 1, BODY_A));
    assertNotEquals(ann, leftEdge(img, s, 1, 0, BODY_B));
    // colours are palette colours, not the panel's grey
    assertEquals(Palette.colour(0), ann);
    assertEquals(s.predictedColour("0"), c0);
    assertEquals(s.truthColour("Bob"), leftEdge(img, s, 1, 0, BODY_B));
  }

  @Test
  void aPerfectClusteringLooksLikeTheTruth() {
    List<SequenceSheet.Instance> inst = List.of(
        new SequenceSheet.Instance(0, null, BODY_A, "7", "Ann"),
        new SequenceSheet.Instance(0, null, BODY_B, "3", "Bob"),
        new SequenceSheet.Instance(1, null, BODY_B, "7", "Ann"));
    SequenceSheet s = new SequenceSheet("s2", "", panels(2), inst, 100);
    BufferedImage img = Pixels.decode(s.png());
    assertEquals(leftEdge(img, s, 1, 0, BODY_A), leftEdge(img, s, 0, 0, BODY_A));
    assertEquals(leftEdge(img, s, 1, 0, BODY_B), leftEdge(img, s, 0, 0, BODY_B));
    assertEquals(leftEdge(img, s, 1, 1, BODY_B), leftEdge(img, s, 0, 1, BODY_B));
  }

  @Test
  void anExtraClusterTakesAColourNoIdentityHas() {
    // Ann split over clusters 0 and 1: cluster 0 (2 instances) takes Ann's colour, 1 a new one
    List<SequenceSheet.Instance> inst = List.of(
        new SequenceSheet.Instance(0, null, BODY_A, "0", "Ann"),
        new SequenceSheet.Instance(1, null, BODY_A, "0", "Ann"),
        new SequenceSheet.Instance(2, null, BODY_A, "1", "Ann"),
        new SequenceSheet.Instance(2, null, BODY_B, "2", "Bob"));
    SequenceSheet s = new SequenceSheet("s3", "", panels(4), inst, 100);
    assertEquals(s.truthColour("Ann"), s.predictedColour("0"));
    assertEquals(s.truthColour("Bob"), s.predictedColour("2"));
    assertNotEquals(s.truthColour("Ann"), s.predictedColour("1"));
    assertNotEquals(s.truthColour("Bob"), s.predictedColour("1"));
  }

  @Test
  void panelsAreScaledToTheRowHeightWithTheirBoxes() {
    List<SequenceSheet.Instance> inst =
        List.of(new SequenceSheet.Instance(0, null, BODY_A, "0", "Ann"));
    SequenceSheet s = new SequenceSheet("s4", "", panels(4), inst, 50);
    Rectangle a = s.panelArea(0, 0);
    assertEquals(new Rectangle(a.x, a.y, 100, 50), a);
    assertEquals(a.x + 100 + SequenceSheet.GAP, s.panelArea(0, 1).x, "side by side");
    assertTrue(s.panelArea(1, 0).y >= a.y + 50, "truth row below");
    BufferedImage img = Pixels.decode(s.png());
    // BODY_A's left edge at x = 10 / 2 = 5, its middle at y = 57.5 / 2
    assertEquals(Palette.colour(0), Pixels.at(img, a.x + 5, a.y + 29));
  }

  @Test
  void badInstancesAreRejectedAndNoInstancesIsNoData() {
    assertThrows(IllegalArgumentException.class,
        () -> new SequenceSheet.Instance(0, null, null, "0", "Ann"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SequenceSheet("s", "", panels(2),
            List.of(new SequenceSheet.Instance(2, null, BODY_A, "0", "Ann")), 100));
    assertTrue(e.getMessage().contains("panel 2, expected 0..1"), e.getMessage());
    SequenceSheet empty = new SequenceSheet("s", "", panels(2), List.of(), 100);
    assertFalse(empty.hasData());
    assertEquals(0, Pixels.count(Pixels.decode(empty.png()), Palette.colour(0)));
  }
}
