package org.comicreid.experiments.report.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartTest {

  @TempDir Path tmp;

  /** Height in pixels of the run of {@code c} in the column through the bar's middle. */
  private static int drawnHeight(BufferedImage img, BarChart chart, int row, int col, Color c) {
    Rectangle b = chart.barBounds(row, col);
    return Pixels.countInColumn(img, b.x + b.width / 2, c);
  }

  @Test
  void barHeightsAreProportionalToTheirValues() {
    BarChart chart = new BarChart("map", "value", List.of("a", "b"), List.of("m1", "m2"),
        new double[][] {{0.8, 0.4}, {0.4, 0.0}}, null);
    BufferedImage img = Pixels.decode(chart.png());
    int h08 = drawnHeight(img, chart, 0, 0, Palette.colour(0));
    int h04 = drawnHeight(img, chart, 1, 0, Palette.colour(0));
    int h04b = drawnHeight(img, chart, 0, 1, Palette.colour(1));
    assertTrue(h08 > 50, "the 0.8 bar is " + h08 + " px");
    assertTrue(Math.abs(h08 - 2 * h04) <= 2, "0.8 -> " + h08 + " px, 0.4 -> " + h04 + " px");
    assertTrue(Math.abs(h04 - h04b) <= 1, "two 0.4 bars: " + h04 + " and " + h04b);
    // a full bar spans the plot height: the axis really is 0..1
    assertTrue(Math.abs(h08 - 0.8 * chart.plotArea().height) <= 2, h08 + " vs " + chart.plotArea());
    // the 0 bar draws nothing of its colour in its column
    assertEquals(0, drawnHeight(img, chart, 1, 1, Palette.colour(1)));
  }

  @Test
  void anotherRangeMovesTheBaseline() {
    BarChart chart = new BarChart("t", "v", List.of("a"), List.of("m"), new double[][] {{0.75}}, null)
        .withRange(0.5, 1.0);
    BufferedImage img = Pixels.decode(chart.png());
    int h = drawnHeight(img, chart, 0, 0, Palette.colour(0));
    // bars start at the bottom of the axis (0.5): 0.75 fills half the plot height
    assertTrue(Math.abs(h - chart.plotArea().height / 2) <= 2, h + " of " + chart.plotArea().height);
  }

  @Test
  void errorBarsAreDrawnAboveAndBelowTheValue() {
    BarChart chart = new BarChart("t", "v", List.of("a"), List.of("m"), new double[][] {{0.5}},
        new double[][] {{0.1}});
    BufferedImage img = Pixels.decode(chart.png());
    Rectangle b = chart.barBounds(0, 0);
    int x = b.x + b.width / 2;
    int top = chart.plotArea().y;
    int h = chart.plotArea().height;
    int yHi = (int) Math.round(top + h - 0.6 * h);
    int yLo = (int) Math.round(top + h - 0.4 * h);
    assertEquals(Chart.INK, Pixels.at(img, x, yHi), "cap at 0.6");
    assertEquals(Chart.INK, Pixels.at(img, x + 2, yHi), "cap width");
    assertEquals(Chart.INK, Pixels.at(img, x, yLo), "line through the bar down to 0.4");
    assertFalse(Chart.INK.equals(Pixels.at(img, x, yHi - 4)), "nothing above the cap");
  }

  @Test
  void tenByTenFitsWithoutOverlappingBars() {
    List<String> rows = new ArrayList<>();
    List<String> cols = new ArrayList<>();
    double[][] v = new double[10][10];
    for (int i = 0; i < 10; i++) {
      rows.add("finetune.loss=triplet_margin,finetune.miner=multi_similarity,seed=" + i);
      cols.add("local.semi_supervised.metric_" + i);
      for (int j = 0; j < 10; j++) {
        v[i][j] = (i + j) / 20.0;
      }
    }
    BarChart chart = new BarChart("sweep", "value", rows, cols, v, null);
    for (int i = 0; i < 10; i++) {
      for (int j = 0; j < 10; j++) {
        Rectangle b = chart.barBounds(i, j);
        assertTrue(chart.plotArea().contains(b.x, chart.plotArea().y + 1)
            && b.x + b.width < chart.plotArea().x + chart.plotArea().width, "bar " + i + "," + j);
        if (j > 0) {
          assertTrue(b.x > chart.barBounds(i, j - 1).x + chart.barBounds(i, j - 1).width - 1);
        }
      }
      if (i > 0) {
        Rectangle prevLast = chart.barBounds(i - 1, 9);
        // groups are separated by a gap wider than a text line: rotated labels cannot overlap
        assertTrue(chart.barBounds(i, 0).x - (prevLast.x + prevLast.width) >= 12);
      }
    }
    BufferedImage img = Pixels.decode(chart.png());
    assertEquals(chart.width(), img.getWidth());
    assertEquals(chart.height(), img.getHeight());
    // long labels forced the bottom margin to grow (rotated, not cut into each other)
    assertTrue(img.getHeight() - (chart.plotArea().y + chart.plotArea().height) > 100);
    // the value 0.95 bar of the last group, last column, is drawn in the palette's 10th colour
    int h = drawnHeight(img, chart, 9, 9, Palette.colour(9));
    assertTrue(Math.abs(h - 0.9 * chart.plotArea().height) <= 2, h + " px");
  }

  @Test
  void nanValuesDrawNoBarAndAllNanIsTheNoDataImage() {
    BarChart some = new BarChart("t", "v", List.of("a", "b"), List.of("m"),
        new double[][] {{Double.NaN}, {0.5}}, null);
    assertTrue(some.hasData());
    BufferedImage img = Pixels.decode(some.png());
    assertEquals(0, drawnHeight(img, some, 0, 0, Palette.colour(0)));
    BarChart none = new BarChart("t", "v", List.of("a"), List.of("m"), new double[][] {{Double.NaN}},
        null);
    assertFalse(none.hasData());
    assertEquals(0, Pixels.count(Pixels.decode(none.png()), Palette.colour(0)), "no bar in 'no data'");
  }

  @Test
  void malformedInputIsRejectedWithWhatIsWrong() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BarChart("t", "v", List.of("a"), List.of("m"), new double[][] {{1.5}}, null));
    assertTrue(e.getMessage().contains("row 'a' column 'm'") && e.getMessage().contains("1.5"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new BarChart("t", "v", List.of("a", "b"), List.of("m"), new double[][] {{0.5}}, null));
    assertTrue(e.getMessage().contains("1 rows, expected 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BarChart("t", "v", List.of("a"),
        List.of("m"), new double[][] {{0.5}}, new double[][] {{-0.1}}));
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
  }

  @Test
  void theSameInputGivesTheSameBytesAndWriteIsAtomic() throws Exception {
    BarChart chart = new BarChart("t", "v", List.of("a"), List.of("m"), new double[][] {{0.3}}, null);
    byte[] a = chart.png();
    assertArrayEquals(a, chart.png());
    Path f = chart.write(tmp.resolve("sub").resolve("bars.png"));
    assertArrayEquals(a, Files.readAllBytes(f));
    try (var s = Files.list(f.getParent())) {
      assertEquals(List.of(f.getFileName()), s.map(Path::getFileName).toList(), "no temp file left");
    }
  }
}
