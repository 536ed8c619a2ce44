package org.comicreid.experiments.report.plots;

import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Several named series of (step, value) on linear axes, such as a stage's training and validation
 * loss curves: title, tick labels, axis titles and a legend right of the plot.
 *
 * <p>A non-finite value is a gap: the line breaks there. A point with no finite neighbour (a
 * one-point series, or one between gaps) is drawn as a small square so that it shows. A constant
 * series gets a y range around its value; a single step an x range around it. Series whose values
 * are all non-finite are listed in the legend as "(no data)". With no finite value at all the
 * chart is the "no data" image.
 */
public final class LineChart extends Chart {

  /** One named curve; {@code steps} and {@code values} have the same length, steps are finite. */
  public record Series(String name, double[] steps, double[] values) {
    /**
     * @throws IllegalArgumentException when the name is blank, the lengths differ or a step is not
     *     finite
     */
    public Series {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a line chart series needs a name");
      }
      if (steps.length != values.length) {
        throw new IllegalArgumentException("series '" + name + "': " + steps.length + " steps but "
            + values.length + " values");
      }
      for (int i = 0; i < steps.length; i++) {
        if (!Double.isFinite(steps[i])) {
          throw new IllegalArgumentException("series '" + name + "': step " + i + " is " + steps[i]
              + ", expected a finite number");
        }
      }
      steps = steps.clone();
      values = values.clone();
    }

    boolean hasData() {
      for (double v : values) {
        if (Double.isFinite(v)) {
          return true;
        }
      }
      return false;
    }
  }

  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final List<Series> series;
  private final int width;
  private final int height;

  /** A 640 x 400 chart. */
  public LineChart(String title, String xTitle, String yTitle, List<Series> series) {
    this(title, xTitle, yTitle, series, 640, 400);
  }

  /**
   * @throws IllegalArgumentException when two series have the same name or the size is below
   *     240 x 160
   */
  public LineChart(String title, String xTitle, String yTitle, List<Series> series, int width,
      int height) {
    this.title = Objects.requireNonNull(title, "title");
    this.xTitle = Objects.requireNonNull(xTitle, "xTitle");
    this.yTitle = Objects.requireNonNull(yTitle, "yTitle");
    this.series = List.copyOf(series);
    Set<String> names = new HashSet<>();
    for (Series s : this.series) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("two line chart series are named '" + s.name() + "'");
      }
    }
    if (width < 240 || height < 160) {
      throw new IllegalArgumentException("line chart size " + width + "x" + height
          + " is below the minimum 240x160");
    }
    this.width = width;
    this.height = height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  String title() {
    return title;
  }

  @Override
  public boolean hasData() {
    return series.stream().anyMatch(Series::hasData);
  }

  /** Where the data is drawn, in image pixels (valid only when {@link #hasData()}). */
  public Rectangle plotArea() {
    return frame().area;
  }

  private Frame frame() {
    double xlo = Double.POSITIVE_INFINITY;
    double xhi = Double.NEGATIVE_INFINITY;
    double ylo = Double.POSITIVE_INFINITY;
    double yhi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.steps().length; i++) {
        if (Double.isFinite(s.values()[i])) {
          xlo = Math.min(xlo, s.steps()[i]);
          xhi = Math.max(xhi, s.steps()[i]);
          ylo = Math.min(ylo, s.values()[i]);
          yhi = Math.max(yhi, s.values()[i]);
        }
      }
    }
    if (xlo == xhi) {
      xlo -= 1;
      xhi += 1;
    }
    if (ylo == yhi) {
      double pad = ylo == 0 ? 1 : Math.abs(ylo) * 0.1;
      ylo -= pad;
      yhi += pad;
    }
    Labels.Ticks xt = Labels.ticks(xlo, xhi, 6, true);
    Labels.Ticks yt = Labels.ticks(ylo, yhi, 5, true);
    FontMetrics small = metrics(SMALL);
    int yLabels = 0;
    for (double v : yt.values()) {
      yLabels = Math.max(yLabels, small.stringWidth(Labels.tick(v, yt.step())));
    }
    int left = 8 + (yTitle.isEmpty() ? 0 : 18) + yLabels + 8;
    int right = width - legendWidth() - 12;
    int top = 36;
    int bottom = height - (xTitle.isEmpty() ? 24 : 42);
    return new Frame(new Rectangle(left, top, right - left, bottom - top), xt, yt);
  }

  private int legendWidth() {
    FontMetrics fm = metrics(FONT);
    int w = 0;
    for (Series s : series) {
      w = Math.max(w, fm.stringWidth(legendName(s, fm)));
    }
    return w + 30;
  }

  private String legendName(Series s, FontMetrics fm) {
    String n = Labels.fit(s.name(), fm, width / 3);
    return s.hasData() ? n : n + " (no data)";
  }

  @Override
  void draw(Graphics2D g) {
    Frame f = frame();
    drawTitle(g, title);
    f.drawGrid(g, true);
    f.drawAxisTitles(g, xTitle, yTitle, 0);
    g.setClip(f.area.x, f.area.y, f.area.width + 1, f.area.height + 1);
    for (int k = 0; k < series.size(); k++) {
      drawSeries(g, f, series.get(k), Palette.colour(k));
    }
    g.setClip(null);
    f.drawFrame(g);
    drawLegend(g, f);
  }

  private static void drawSeries(Graphics2D g, Frame f, Series s, java.awt.Color colour) {
    g.setColor(colour);
    g.setStroke(new BasicStroke(2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    double[] x = s.steps();
    double[] y = s.values();
    int n = x.length;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(y[i])) {
        continue;
      }
      boolean next = i + 1 < n && Double.isFinite(y[i + 1]);
      boolean prev = i > 0 && Double.isFinite(y[i - 1]);
      if (next) {
        g.drawLine(f.px(x[i]), f.py(y[i]), f.px(x[i + 1]), f.py(y[i + 1]));
      } else if (!prev) {
        g.fillRect(f.px(x[i]) - 2, f.py(y[i]) - 2, 5, 5);
      }
    }
  }

  private void drawLegend(Graphics2D g, Frame f) {
    g.setFont(FONT);
    FontMetrics fm = g.getFontMetrics();
    int x = f.area.x + f.area.width + 12;
    int y = f.area.y + 4;
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      g.setColor(Palette.colour(k));
      g.fillRect(x, y + fm.getAscent() / 2 - 1, 18, 3);
      g.setColor(INK);
      g.drawString(legendName(s, fm), x + 24, y + fm.getAscent());
      y += fm.getHeight() + 4;
    }
  }
}
