package org.comicreid.experiments.report.plots;

import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.util.List;
import java.util.Objects;

/**
 * Grouped bars: one group per row (e.g. a sweep member) with one bar per column (e.g. a metric),
 * coloured by column with a legend of the columns, optional error bars of +-std, on a value axis of
 * 0..1 unless {@link #withRange} sets another.
 *
 * <p>The image grows with the data: bars are 10 px wide (8 px from 60 bars on) and a group is
 * its bars plus a gap, so ~10 rows x ~10 columns fit without overlap. Row labels are written
 * horizontally when they fit their group and rotated to read upwards otherwise; labels longer than
 * 28 characters' room are shortened with a middle ellipsis. A NaN value draws no bar; NaN std
 * draws no error bar. No finite value at all gives the "no data" image.
 */
public final class BarChart extends Chart {

  private static final int PLOT_HEIGHT = 300;
  private static final int LABEL_ROOM = 170;

  private final String title;
  private final String valueTitle;
  private final List<String> rows;
  private final List<String> columns;
  private final double[][] values;
  private final double[][] std;
  private final double min;
  private final double max;

  /**
   * A chart on the 0..1 value axis.
   *
   * @param values {@code values[row][column]}
   * @param std {@code std[row][column]} (&gt;= 0 or NaN), or null for no error bars
   * @throws IllegalArgumentException when the shapes do not match the names, a std is negative,
   *     there are no rows or columns, or a value (or value +- std) lies outside 0..1
   */
  public BarChart(String title, String valueTitle, List<String> rows, List<String> columns,
      double[][] values, double[][] std) {
    this(title, valueTitle, rows, columns, values, std, 0, 1);
  }

  private BarChart(String title, String valueTitle, List<String> rows, List<String> columns,
      double[][] values, double[][] std, double min, double max) {
    this.title = Objects.requireNonNull(title, "title");
    this.valueTitle = Objects.requireNonNull(valueTitle, "valueTitle");
    this.rows = List.copyOf(rows);
    this.columns = List.copyOf(columns);
    if (this.rows.isEmpty() || this.columns.isEmpty()) {
      throw new IllegalArgumentException("a bar chart needs rows and columns, got "
          + this.rows.size() + " rows and " + this.columns.size() + " columns");
    }
    this.values = copy("values", values);
    this.std = std == null ? null : copy("std", std);
    if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("bar chart value range [" + min + ", " + max
          + "] is not a finite range with min < max");
    }
    this.min = min;
    this.max = max;
    for (int r = 0; r < this.rows.size(); r++) {
      for (int c = 0; c < this.columns.size(); c++) {
        double v = this.values[r][c];
        double s = this.std == null ? Double.NaN : this.std[r][c];
        if (s < 0) {
          throw new IllegalArgumentException(where(r, c) + ": std " + s + " is negative");
        }
        if (Double.isInfinite(v) || (Double.isFinite(v) && (v < min || v > max))) {
          throw new IllegalArgumentException(where(r, c) + ": value " + v + " is outside the value"
              + " axis [" + min + ", " + max + "] (set another with withRange)");
        }
      }
    }
  }

  /** The same chart on the value axis {@code [min, max]} (bars start at 0 when it is inside). */
  public BarChart withRange(double min, double max) {
    return new BarChart(title, valueTitle, rows, columns, values, std, min, max);
  }

  private String where(int r, int c) {
    return "bar chart row '" + rows.get(r) + "' column '" + columns.get(c) + "'";
  }

  private double[][] copy(String what, double[][] m) {
    if (m.length != rows.size()) {
      throw new IllegalArgumentException("bar chart " + what + " has " + m.length + " rows, expected "
          + rows.size());
    }
    double[][] out = new double[m.length][];
    for (int r = 0; r < m.length; r++) {
      if (m[r].length != columns.size()) {
        throw new IllegalArgumentException("bar chart " + what + " row " + r + " ('" + rows.get(r)
            + "') has " + m[r].length + " columns, expected " + columns.size());
      }
      out[r] = m[r].clone();
    }
    return out;
  }

  private int barWidth() {
    return rows.size() * columns.size() >= 60 ? 8 : 10;
  }

  private int groupWidth() {
    int bw = barWidth();
    return columns.size() * bw + Math.max(12, bw * 3 / 2);
  }

  private int left() {
    return 8 + 18 + metrics(SMALL).stringWidth("0.00") + 8 + 4;
  }

  private int legendWidth() {
    FontMetrics fm = metrics(FONT);
    int w = 0;
    for (String c : columns) {
      w = Math.max(w, fm.stringWidth(Labels.fit(c, fm, LABEL_ROOM)));
    }
    return w + 36;
  }

  private boolean rotated() {
    FontMetrics fm = metrics(SMALL);
    for (String r : rows) {
      if (fm.stringWidth(Labels.fit(r, fm, LABEL_ROOM)) > groupWidth() - 4) {
        return true;
      }
    }
    return false;
  }

  private int labelHeight() {
    FontMetrics fm = metrics(SMALL);
    if (!rotated()) {
      return fm.getHeight() + 6;
    }
    int w = 0;
    for (String r : rows) {
      w = Math.max(w, fm.stringWidth(Labels.fit(r, fm, LABEL_ROOM)));
    }
    return w + 10;
  }

  @Override
  public int width() {
    int plot = Math.max(240, rows.size() * groupWidth());
    return Math.max(420, left() + plot + 12 + legendWidth());
  }

  @Override
  public int height() {
    int legend = columns.size() * (metrics(FONT).getHeight() + 4) + 40;
    return Math.max(36 + PLOT_HEIGHT, legend) + labelHeight() + 8;
  }

  @Override
  String title() {
    return title;
  }

  @Override
  public boolean hasData() {
    for (double[] row : values) {
      for (double v : row) {
        if (Double.isFinite(v)) {
          return true;
        }
      }
    }
    return false;
  }

  private Frame frame() {
    int plot = Math.max(240, rows.size() * groupWidth());
    Rectangle area = new Rectangle(left(), 36, plot, PLOT_HEIGHT);
    Labels.Ticks yt = Labels.ticks(min, max, 5, false);
    return new Frame(area, new Labels.Ticks(0, 1, 1, new double[0]), yt);
  }

  /** Where the data is drawn, in image pixels. */
  public Rectangle plotArea() {
    return frame().area;
  }

  /**
   * The pixels the bar of ({@code row}, {@code column}) covers; its height is 0 for a NaN value.
   */
  public Rectangle barBounds(int row, int column) {
    Frame f = frame();
    int bw = barWidth();
    int gw = groupWidth();
    int groups = rows.size() * gw;
    int x0 = f.area.x + (f.area.width - groups) / 2 + row * gw + (gw - columns.size() * bw) / 2
        + column * bw;
    double v = values[row][column];
    if (!Double.isFinite(v)) {
      return new Rectangle(x0, f.py(base()), bw - 1, 0);
    }
    int yv = f.py(v);
    int yb = f.py(base());
    return new Rectangle(x0, Math.min(yv, yb), bw - 1, Math.abs(yb - yv));
  }

  private double base() {
    return Math.max(min, Math.min(max, 0));
  }

  @Override
  void draw(Graphics2D g) {
    Frame f = frame();
    drawTitle(g, title);
    f.drawGrid(g, false);
    f.drawAxisTitles(g, "", valueTitle, 0);
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        Rectangle b = barBounds(r, c);
        if (b.height > 0) {
          g.setColor(Palette.colour(c));
          g.fillRect(b.x, b.y, b.width, b.height);
        }
      }
    }
    if (std != null) {
      drawErrorBars(g, f);
    }
    f.drawFrame(g);
    drawRowLabels(g, f);
    drawLegend(g, f);
  }

  private void drawErrorBars(Graphics2D g, Frame f) {
    g.setColor(INK);
    g.setStroke(new BasicStroke(1));
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        double v = values[r][c];
        double s = std[r][c];
        if (!Double.isFinite(v) || !Double.isFinite(s)) {
          continue;
        }
        Rectangle b = barBounds(r, c);
        int x = b.x + b.width / 2;
        int lo = f.py(Math.max(min, v - s));
        int hi = f.py(Math.min(max, v + s));
        g.drawLine(x, lo, x, hi);
        g.drawLine(x - 2, lo, x + 2, lo);
        g.drawLine(x - 2, hi, x + 2, hi);
      }
    }
  }

  private void drawRowLabels(Graphics2D g, Frame f) {
    g.setFont(SMALL);
    g.setColor(INK);
    FontMetrics fm = g.getFontMetrics();
    boolean rotate = rotated();
    int y0 = f.area.y + f.area.height + 4;
    for (int r = 0; r < rows.size(); r++) {
      String s = Labels.fit(rows.get(r), fm, LABEL_ROOM);
      Rectangle first = barBounds(r, 0);
      Rectangle last = barBounds(r, columns.size() - 1);
      int centre = (first.x + last.x + last.width) / 2;
      if (!rotate) {
        g.drawString(s, centre - fm.stringWidth(s) / 2, y0 + fm.getAscent());
      } else {
        AffineTransform saved = g.getTransform();
        g.translate(centre + fm.getAscent() / 2 - 1, y0 + fm.stringWidth(s));
        g.rotate(-Math.PI / 2);
        g.drawString(s, 0, 0);
        g.setTransform(saved);
      }
    }
  }

  private void drawLegend(Graphics2D g, Frame f) {
    g.setFont(FONT);
    FontMetrics fm = g.getFontMetrics();
    int x = f.area.x + f.area.width + 12;
    int y = f.area.y + 4;
    for (int c = 0; c < columns.size(); c++) {
      g.setColor(Palette.colour(c));
      g.fillRect(x, y + 1, 12, fm.getAscent() - 2);
      g.setColor(INK);
      g.drawString(Labels.fit(columns.get(c), fm, LABEL_ROOM), x + 18, y + fm.getAscent());
      y += fm.getHeight() + 4;
    }
  }
}
