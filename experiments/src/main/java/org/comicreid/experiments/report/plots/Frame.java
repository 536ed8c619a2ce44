package org.comicreid.experiments.report.plots;

import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;

/**
 * A plot area with linear x and y axes: maps data to pixels (rounded the same way everywhere) and
 * draws the grid, the frame, the tick labels and the axis titles around it.
 */
final class Frame {
  final Rectangle area;
  final Labels.Ticks x;
  final Labels.Ticks y;

  Frame(Rectangle area, Labels.Ticks x, Labels.Ticks y) {
    this.area = area;
    this.x = x;
    this.y = y;
  }

  /** Pixel column of data x (the left edge of the area is {@code x.min}). */
  int px(double v) {
    return (int) Math.round(area.x + (v - x.min()) / (x.max() - x.min()) * area.width);
  }

  /** Pixel row of data y (the bottom edge of the area is {@code y.min}). */
  int py(double v) {
    return (int) Math.round(area.y + area.height - (v - y.min()) / (y.max() - y.min()) * area.height);
  }

  /** Horizontal grid lines and y tick labels; vertical ones and x labels when {@code xTicks}. */
  void drawGrid(Graphics2D g, boolean xTicks) {
    g.setStroke(new BasicStroke(1));
    g.setFont(Chart.SMALL);
    FontMetrics fm = g.getFontMetrics();
    for (double v : y.values()) {
      int yy = py(v);
      g.setColor(Chart.GRID);
      g.drawLine(area.x, yy, area.x + area.width, yy);
      g.setColor(Chart.INK);
      String s = Labels.tick(v, y.step());
      g.drawString(s, area.x - 6 - fm.stringWidth(s), yy + fm.getAscent() / 2 - 1);
    }
    if (xTicks) {
      for (double v : x.values()) {
        int xx = px(v);
        g.setColor(Chart.GRID);
        g.drawLine(xx, area.y, xx, area.y + area.height);
        g.setColor(Chart.INK);
        String s = Labels.tick(v, x.step());
        g.drawString(s, xx - fm.stringWidth(s) / 2, area.y + area.height + 4 + fm.getAscent());
      }
    }
  }

  /** The frame around the area. */
  void drawFrame(Graphics2D g) {
    g.setStroke(new BasicStroke(1));
    g.setColor(Chart.INK);
    g.drawRect(area.x, area.y, area.width, area.height);
  }

  /** The x title under the tick labels and the y title rotated along the left edge. */
  void drawAxisTitles(Graphics2D g, String xTitle, String yTitle, int imageLeft) {
    g.setFont(Chart.FONT);
    g.setColor(Chart.INK);
    FontMetrics fm = g.getFontMetrics();
    if (!xTitle.isEmpty()) {
      g.drawString(xTitle, area.x + (area.width - fm.stringWidth(xTitle)) / 2,
          area.y + area.height + 20 + fm.getAscent());
    }
    if (!yTitle.isEmpty()) {
      AffineTransform saved = g.getTransform();
      g.translate(imageLeft + 4 + fm.getAscent(), area.y + (area.height + fm.stringWidth(yTitle)) / 2);
      g.rotate(-Math.PI / 2);
      g.drawString(yTitle, 0, 0);
      g.setTransform(saved);
    }
  }
}
