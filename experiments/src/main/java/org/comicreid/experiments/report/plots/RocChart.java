package org.comicreid.experiments.report.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.comicreid.core.threshold.RocPoint;

/**
 * A ROC curve (false positive rate on x, true positive rate on y, both 0..1) through the given
 * points in their order, the chance diagonal, and the chosen threshold's operating point marked
 * with a filled {@link #MARKER} disc and labelled with its threshold, TPR and FPR.
 *
 * <p>The caller gives the operating point: for a clustering threshold {@code t} it is the rates of
 * pairs with distance strictly below {@code t} (which need not be one of the curve's points when
 * the threshold came from another rule than the ROC). No points gives the "no data" image.
 */
public final class RocChart extends Chart {

  /** Fill colour of the chosen operating point. */
  public static final Color MARKER = new Color(0xD6, 0x27, 0x28);
  /** Colour of the curve. */
  public static final Color CURVE = Palette.colour(0);
  /** Colour of the chance diagonal. */
  public static final Color DIAGONAL = new Color(0x99, 0x99, 0x99);
  /** Radius of the marker disc in pixels. */
  public static final int MARKER_RADIUS = 5;

  /**
   * The chosen operating point.
   *
   * @param rule the rule that chose the threshold (shown in the label), e.g. {@code mean_std}
   * @param threshold the distance threshold
   * @param fpr its false positive rate, in [0, 1]
   * @param tpr its true positive rate, in [0, 1]
   */
  public record Chosen(String rule, double threshold, double fpr, double tpr) {
    /** @throws IllegalArgumentException when a rate is outside [0, 1] or the threshold is NaN */
    public Chosen {
      Objects.requireNonNull(rule, "rule");
      checkRate("chosen point fpr", fpr);
      checkRate("chosen point tpr", tpr);
      if (Double.isNaN(threshold)) {
        throw new IllegalArgumentException("chosen point threshold is NaN");
      }
    }

    String label() {
      return String.format(Locale.ROOT, "%s t=%.3f  TPR %.3f  FPR %.3f",
          rule.isEmpty() ? "" : rule, threshold, tpr, fpr).strip();
    }
  }

  private final String title;
  private final List<RocPoint> points;
  private final Chosen chosen;
  private final int size;

  /** A 480 x 480 chart. */
  public RocChart(String title, List<RocPoint> points, Chosen chosen) {
    this(title, points, chosen, 480);
  }

  /**
   * @param chosen the marked point, or null for none
   * @param size width and height in pixels, at least 240
   * @throws IllegalArgumentException when a point's rate is not in [0, 1] (naming its index)
   */
  public RocChart(String title, List<RocPoint> points, Chosen chosen, int size) {
    this.title = Objects.requireNonNull(title, "title");
    this.points = List.copyOf(points);
    this.chosen = chosen;
    for (int i = 0; i < this.points.size(); i++) {
      checkRate("ROC point " + i + " fpr", this.points.get(i).fpr());
      checkRate("ROC point " + i + " tpr", this.points.get(i).tpr());
    }
    if (size < 240) {
      throw new IllegalArgumentException("ROC chart size " + size + " is below the minimum 240");
    }
    this.size = size;
  }

  private static void checkRate(String what, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(what + " is " + v + ", expected a rate in [0, 1]");
    }
  }

  @Override
  public int width() {
    return size;
  }

  @Override
  public int height() {
    return size;
  }

  @Override
  String title() {
    return title;
  }

  @Override
  public boolean hasData() {
    return !points.isEmpty();
  }

  /** Where the unit square is drawn: (0,0) at its bottom left, (1,1) at its top right. */
  public Rectangle plotArea() {
    return frame().area;
  }

  private Frame frame() {
    int left = 8 + 18 + metrics(SMALL).stringWidth("0.0") + 8;
    int top = 36;
    int side = Math.min(size - left - 16, size - top - 42);
    Labels.Ticks t = Labels.ticks(0, 1, 5, true);
    return new Frame(new Rectangle(left, top, side, side), t, t);
  }

  @Override
  void draw(Graphics2D g) {
    Frame f = frame();
    drawTitle(g, title);
    f.drawGrid(g, true);
    f.drawAxisTitles(g, "false positive rate", "true positive rate", 0);
    g.setColor(DIAGONAL);
    g.setStroke(new BasicStroke(1));
    g.drawLine(f.px(0), f.py(0), f.px(1), f.py(1));
    g.setColor(CURVE);
    g.setStroke(new BasicStroke(2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int i = 1; i < points.size(); i++) {
      RocPoint a = points.get(i - 1);
      RocPoint b = points.get(i);
      g.drawLine(f.px(a.fpr()), f.py(a.tpr()), f.px(b.fpr()), f.py(b.tpr()));
    }
    if (points.size() == 1) {
      g.fillRect(f.px(points.get(0).fpr()) - 2, f.py(points.get(0).tpr()) - 2, 5, 5);
    }
    f.drawFrame(g);
    if (chosen != null) {
      drawChosen(g, f);
    }
  }

  private void drawChosen(Graphics2D g, Frame f) {
    int cx = f.px(chosen.fpr());
    int cy = f.py(chosen.tpr());
    int r = MARKER_RADIUS;
    g.setColor(MARKER);
    g.fillOval(cx - r, cy - r, 2 * r + 1, 2 * r + 1);
    g.setColor(INK);
    g.setStroke(new BasicStroke(1));
    g.drawOval(cx - r - 1, cy - r - 1, 2 * r + 2, 2 * r + 2);
    g.setFont(SMALL);
    FontMetrics fm = g.getFontMetrics();
    String label = chosen.label();
    int w = fm.stringWidth(label) + 6;
    int h = fm.getHeight() + 2;
    // right of and below the point, flipped to stay inside the plot area
    int lx = cx + r + 4;
    if (lx + w > f.area.x + f.area.width) {
      lx = cx - r - 4 - w;
    }
    lx = Math.max(f.area.x + 1, lx);
    int ly = cy + r + 2;
    if (ly + h > f.area.y + f.area.height) {
      ly = cy - r - 2 - h;
    }
    g.setColor(Color.WHITE);
    g.fillRect(lx, ly, w, h);
    g.setColor(MARKER);
    g.drawRect(lx, ly, w, h);
    g.setColor(INK);
    g.drawString(label, lx + 3, ly + 1 + fm.getAscent());
  }
}
