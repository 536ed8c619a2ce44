package org.comicreid.experiments.report.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

  private static final double NAN = Double.NaN;

  /** Pixels of colour {@code c} inside the plot area between columns x0 and x1 (inclusive). */
  private static int inArea(BufferedImage img, Rectangle a, int x0, int x1, Color c) {
    int n = 0;
    for (int x = x0; x <= x1; x++) {
      for (int y = a.y + 1; y < a.y + a.height; y++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void aNanValueBreaksTheLineAndEachSeriesHasItsColour() {
    // steps 0..10; the train series is NaN at 4..6, so nothing of it is drawn strictly between 3 and 7
    double[] steps = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] train = {5, 4, 3, 2.5, NAN, NAN, NAN, 2, 1.8, 1.6, 1.5};
    LineChart chart = new LineChart("losses", "step", "loss", List.of(
        new LineChart.Series("loss", steps, train),
        new LineChart.Series("ssl_val.loss", new double[] {5, 10}, new double[] {3, 2.2})));
    BufferedImage img = Pixels.decode(chart.png());
    Rectangle a = chart.plotArea();
    int x3 = (int) Math.round(a.x + 0.3 * a.width);
    int x7 = (int) Math.round(a.x + 0.7 * a.width);
    Color trainColour = Palette.colour(0);
    Color valColour = Palette.colour(1);
    assertEquals(0, inArea(img, a, x3 + 3, x7 - 3, trainColour), "gap where the loss is NaN");
    assertTrue(inArea(img, a, a.x + 2, x3 - 3, trainColour) > 20, "line before the gap");
    assertTrue(inArea(img, a, x7 + 3, a.x + a.width - 2, trainColour) > 20, "line after the gap");
    // the validation series runs from step 5 to 10 in the second colour, none of it before
    assertTrue(inArea(img, a, x3 + 3, x7 - 3, valColour) > 10);
    assertEquals(0, inArea(img, a, a.x + 2, x3, valColour));
  }

  @Test
  void theYAxisCoversTheDataAndHigherValuesAreHigherUp() {
    LineChart chart = new LineChart("t", "step", "loss", List.of(
        new LineChart.Series("loss", new double[] {1, 2}, new double[] {10, 0})));
    BufferedImage img = Pixels.decode(chart.png());
    Rectangle a = chart.plotArea();
    // axis 0..10: the first point (step 1, loss 10) is at the top-left corner of the area
    int yTop = a.y;
    int yBottom = a.y + a.height;
    assertTrue(Pixels.countNear(img, a.x, yTop, 2, Palette.colour(0)) > 0, "(1, 10) top left");
    assertTrue(Pixels.countNear(img, a.x + a.width, yBottom, 2, Palette.colour(0)) > 0,
        "(2, 0) bottom right");
  }

  @Test
  void aSinglePointAndAConstantSeriesAreVisible() {
    LineChart one = new LineChart("t", "step", "loss", List.of(
        new LineChart.Series("loss", new double[] {7}, new double[] {0.5})));
    BufferedImage img = Pixels.decode(one.png());
    Rectangle a = one.plotArea();
    // the lone point sits in the middle of the padded ranges, as a 5x5 square
    assertEquals(25, Pixels.countNear(img, a.x + a.width / 2, a.y + a.height / 2, 4, Palette.colour(0)));
    LineChart flat = new LineChart("t", "step", "loss", List.of(
        new LineChart.Series("loss", new double[] {0, 1, 2}, new double[] {0, 0, 0})));
    BufferedImage f = Pixels.decode(flat.png());
    Rectangle fa = flat.plotArea();
    assertTrue(Pixels.countNear(f, fa.x + fa.width / 2, fa.y + fa.height / 2, 2, Palette.colour(0)) > 0,
        "a constant 0 is drawn across the middle");
  }

  @Test
  void noFiniteValueIsTheNoDataImageAndBadSeriesAreRejected() {
    LineChart none = new LineChart("t", "step", "loss", List.of(
        new LineChart.Series("loss", new double[] {1, 2}, new double[] {NAN, NAN})));
    assertFalse(none.hasData());
    BufferedImage img = Pixels.decode(none.png());
    assertEquals(640, img.getWidth());
    assertEquals(0, Pixels.count(img, Palette.colour(0)));
    assertFalse(new LineChart("t", "x", "y", List.of()).hasData());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LineChart.Series("loss", new double[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().contains("2 steps but 1 values"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new LineChart.Series("loss", new double[] {NAN}, new double[] {1}));
    assertTrue(e.getMessage().contains("step 0 is NaN"), e.getMessage());
    LineChart.Series s = new LineChart.Series("loss", new double[] {1}, new double[] {1});
    e = assertThrows(IllegalArgumentException.class,
        () -> new LineChart("t", "x", "y", List.of(s, s)));
    assertTrue(e.getMessage().contains("named 'loss'"), e.getMessage());
  }
}
