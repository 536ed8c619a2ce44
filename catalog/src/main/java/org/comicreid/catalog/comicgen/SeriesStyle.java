package org.comicreid.catalog.comicgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.util.SplittableRandom;

/**
 * How one series draws its panels behind the characters: a background (flat, gradient, halftone
 * dots, floor and wall, or diagonal stripes) in the series' own colours, and a border.
 *
 * @param floor fraction of the panel height where a FLOOR background's wall meets the floor
 */
record SeriesStyle(Kind kind, Color paper, Color accent, double floor, int borderWidth,
    Color borderColour) {

  enum Kind { FLAT, GRADIENT, DOTS, FLOOR, STRIPES }

  static SeriesStyle random(SplittableRandom r) {
    Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
    float hue = (float) r.nextDouble();
    Color paper = Color.getHSBColor(hue, (float) (0.06 + 0.22 * r.nextDouble()),
        (float) (0.90 + 0.10 * r.nextDouble()));
    // getHSBColor uses the fractional part of the hue
    float hue2 = (float) (hue + 0.1 * (r.nextDouble() - 0.5));
    Color accent = Color.getHSBColor(hue2, (float) (0.15 + 0.3 * r.nextDouble()),
        (float) (0.70 + 0.2 * r.nextDouble()));
    double floor = 0.62 + 0.16 * r.nextDouble();
    int border = 2 + r.nextInt(3);
    int grey = r.nextInt(60);
    return new SeriesStyle(kind, paper, accent, floor, border, new Color(grey, grey, grey));
  }

  /** Paints the background of a {@code w x h} panel; {@code r} varies it a little per panel. */
  void paintBackground(Graphics2D g, int w, int h, SplittableRandom r) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(paper);
    g.fillRect(0, 0, w, h);
    switch (kind) {
      case FLAT -> { }
      case GRADIENT -> {
        g.setPaint(new GradientPaint(0, 0, paper, 0, h, mix(paper, accent, 0.55)));
        g.fillRect(0, 0, w, h);
      }
      case DOTS -> {
        int step = Math.max(6, h / 24);
        double radius = step * (0.18 + 0.1 * r.nextDouble());
        g.setColor(mix(paper, accent, 0.45));
        for (int y = 0; y < h + step; y += step) {
          int shift = (y / step) % 2 == 0 ? 0 : step / 2;
          for (int x = -step; x < w + step; x += step) {
            g.fill(new Ellipse2D.Double(x + shift - radius, y - radius, 2 * radius, 2 * radius));
          }
        }
      }
      case FLOOR -> {
        int y = (int) Math.round(h * (floor + 0.06 * (r.nextDouble() - 0.5)));
        g.setColor(mix(paper, accent, 0.6));
        g.fillRect(0, y, w, h - y);
        g.setColor(mix(paper, accent, 0.9));
        g.setStroke(new BasicStroke(Math.max(1f, h / 160f)));
        g.drawLine(0, y, w, y);
      }
      case STRIPES -> {
        int step = Math.max(10, h / 8);
        g.setColor(mix(paper, accent, 0.25));
        g.setStroke(new BasicStroke(step / 2.5f));
        int offset = r.nextInt(step);
        for (int x = -h - step + offset; x < w + step; x += step) {
          g.drawLine(x, h, x + h, 0);
        }
      }
      default -> throw new IllegalStateException("unknown background " + kind);
    }
  }

  /** Paints the panel border over everything. */
  void paintBorder(Graphics2D g, int w, int h) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setColor(borderColour);
    for (int i = 0; i < borderWidth; i++) {
      g.drawRect(i, i, w - 1 - 2 * i, h - 1 - 2 * i);
    }
  }

  static Color mix(Color a, Color b, double t) {
    return new Color(
        (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
        (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
        (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
  }
}
