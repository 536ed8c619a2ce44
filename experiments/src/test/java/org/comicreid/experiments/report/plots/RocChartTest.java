package org.comicreid.experiments.report.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.comicreid.core.threshold.RocPoint;
import org.comicreid.core.threshold.ThresholdSelection;
import org.junit.jupiter.api.Test;

class RocChartTest {

  /** Image pixel of a rate pair, from the plot area alone (y grows downwards). */
  private static int[] pixel(Rectangle a, double fpr, double tpr) {
    return new int[] {(int) Math.round(a.x + fpr * a.width),
        (int) Math.round(a.y + a.height - tpr * a.height)};
  }

  @Test
  void theChosenPointIsMarkedWhereItsRatesAre() {
    // hand-made distances: pos {0.1, 0.2, 0.5}, neg {0.3, 0.6, 0.7, 0.8}; t = 0.4 calls the two
    // smallest positives and the smallest negative "same": TPR 2/3, FPR 1/4
    List<RocPoint> roc = ThresholdSelection.roc(new double[] {0.1, 0.2, 0.5},
        new double[] {0.3, 0.6, 0.7, 0.8});
    RocChart chart = new RocChart("ROC", roc, new RocChart.Chosen("mean_std", 0.4, 0.25, 2.0 / 3));
    BufferedImage img = Pixels.decode(chart.png());
    Rectangle a = chart.plotArea();
    assertEquals(a.width, a.height, "the unit square is square");
    int[] p = pixel(a, 0.25, 2.0 / 3);
    assertEquals(RocChart.MARKER, Pixels.at(img, p[0], p[1]));
    // the disc is there in full, and only there
    int disc = Pixels.countNear(img, p[0], p[1], RocChart.MARKER_RADIUS, RocChart.MARKER);
    assertTrue(disc >= 60, "marker disc has " + disc + " pixels");
    int[] q = pixel(a, 0.75, 0.2);
    assertEquals(0, Pixels.countNear(img, q[0], q[1], RocChart.MARKER_RADIUS, RocChart.MARKER));
  }

  @Test
  void theCurveAndTheDiagonalAreDrawn() {
    List<RocPoint> roc = List.of(new RocPoint(0, 0, Double.NEGATIVE_INFINITY),
        new RocPoint(0, 1, 0.5), new RocPoint(1, 1, 0.9));
    RocChart chart = new RocChart("ROC", roc, null);
    BufferedImage img = Pixels.decode(chart.png());
    Rectangle a = chart.plotArea();
    // the curve goes up the left edge to (0,1), then along the top edge
    int[] up = pixel(a, 0, 0.5);
    int[] along = pixel(a, 0.5, 1);
    assertTrue(Pixels.countNear(img, up[0], up[1], 1, RocChart.CURVE) > 0, "left edge");
    assertTrue(Pixels.countNear(img, along[0], along[1], 1, RocChart.CURVE) > 0, "top edge");
    int[] mid = pixel(a, 0.3, 0.3);
    assertEquals(RocChart.DIAGONAL, Pixels.at(img, mid[0], mid[1]), "chance diagonal");
    int[] off = pixel(a, 0.5, 0.25);
    assertFalse(RocChart.CURVE.equals(Pixels.at(img, off[0], off[1])), "nothing under the diagonal");
    assertEquals(0, Pixels.count(img, RocChart.MARKER), "no chosen point given, none drawn");
  }

  @Test
  void ratesOutsideTheUnitIntervalAreRejectedAndNoPointsIsNoData() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RocChart("ROC", List.of(new RocPoint(0, Double.NaN, 1)), null));
    assertTrue(e.getMessage().contains("ROC point 0 tpr is NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RocChart.Chosen("r", 0.5, 1.5, 0.5));
    assertTrue(e.getMessage().contains("fpr is 1.5"), e.getMessage());
    RocChart empty = new RocChart("ROC", List.of(), null);
    assertFalse(empty.hasData());
    BufferedImage img = Pixels.decode(empty.png());
    assertEquals(0, Pixels.count(img, RocChart.CURVE));
    assertEquals(0, Pixels.count(img, RocChart.DIAGONAL));
  }
}
