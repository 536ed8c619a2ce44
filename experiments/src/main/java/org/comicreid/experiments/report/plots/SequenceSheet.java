package org.comicreid.experiments.report.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.comicreid.core.dataset.Box;

/**
 * The paper's Appendix A view of one 4-panel sequence: the panels side by side twice, on top with
 * each character instance's face and body boxes in the colour of its predicted cluster, below in
 * the colour of its ground-truth identity, under a caption (the sequence id and, e.g., the adjusted
 * Rand index).
 *
 * <p>Colours: identities take {@link Palette} colours in order of first appearance (panel order,
 * then the order of the instances given). Each cluster then takes the colour of the identity it
 * shares the most instances with, greedily from the largest overlap (ties to the earlier cluster,
 * then identity), one cluster per identity; the other clusters take the next unused colours. So a
 * clustering that equals the truth looks the same in both rows, and an error shows as a colour
 * that differs between them. Every box carries a tag with its label (cluster number or identity
 * name), so that colours that repeat after {@link Palette#size()} labels stay readable.
 *
 * <p>Panels are scaled to a common height ({@code panelHeight}, 180 px by default), boxes with
 * them; a body box is drawn 3 px wide, a face box 2 px. A sheet without instances has no data
 * ({@link #hasData()} is false) and renders as the "no data" image.
 */
public final class SequenceSheet extends Chart {

  /** Gap between panels and around the sheet, in pixels. */
  static final int GAP = 8;

  /**
   * One character instance.
   *
   * @param panel index of its panel in the sequence (0-based)
   * @param face face box in its panel's pixels, or null
   * @param body body box in its panel's pixels, or null
   * @param predicted the cluster it was assigned to
   * @param truth its ground-truth identity
   */
  public record Instance(int panel, Box face, Box body, String predicted, String truth) {
    /** @throws IllegalArgumentException when it has neither box or lacks a label */
    public Instance {
      Objects.requireNonNull(predicted, "predicted");
      Objects.requireNonNull(truth, "truth");
      if (face == null && body == null) {
        throw new IllegalArgumentException("an instance on panel " + panel
            + " needs a face or a body box");
      }
    }
  }

  private final String sequenceId;
  private final String caption;
  private final List<BufferedImage> panels;
  private final List<Instance> instances;
  private final int panelHeight;
  private final Map<String, Color> truthColours;
  private final Map<String, Color> predictedColours;
  private final boolean showTruth;

  /** A sheet with panels 180 px high. */
  public SequenceSheet(String sequenceId, String caption, List<BufferedImage> panels,
      List<Instance> instances) {
    this(sequenceId, caption, panels, instances, 180);
  }

  /**
   * @param caption the second caption line (e.g. {@code adjusted Rand 0.667}), may be empty
   * @throws IllegalArgumentException when there are no panels, an instance's panel index is out
   *     of range, or {@code panelHeight} is below 32
   */
  public SequenceSheet(String sequenceId, String caption, List<BufferedImage> panels,
      List<Instance> instances, int panelHeight) {
    this(sequenceId, caption, panels, instances, panelHeight, true);
  }

  /**
   * A sheet of new sequences, whose identities are unknown: one row, the panels with each
   * instance's boxes in the colour of its predicted cluster (identities take {@link Palette}
   * colours in order of first appearance); the instances' {@code truth} is ignored.
   */
  public static SequenceSheet predictedOnly(String sequenceId, String caption,
      List<BufferedImage> panels, List<Instance> instances) {
    List<Instance> own = new ArrayList<>();
    for (Instance i : instances) {
      own.add(new Instance(i.panel(), i.face(), i.body(), i.predicted(), i.predicted()));
    }
    return new SequenceSheet(sequenceId, caption, panels, own, 180, false);
  }

  private SequenceSheet(String sequenceId, String caption, List<BufferedImage> panels,
      List<Instance> instances, int panelHeight, boolean showTruth) {
    this.showTruth = showTruth;
    this.sequenceId = Objects.requireNonNull(sequenceId, "sequenceId");
    this.caption = Objects.requireNonNull(caption, "caption");
    this.panels = List.copyOf(panels);
    this.instances = List.copyOf(instances);
    if (this.panels.isEmpty()) {
      throw new IllegalArgumentException("sequence " + sequenceId + ": a sheet needs panels");
    }
    if (panelHeight < 32) {
      throw new IllegalArgumentException("panel height " + panelHeight + " is below 32");
    }
    for (Instance i : this.instances) {
      if (i.panel() < 0 || i.panel() >= this.panels.size()) {
        throw new IllegalArgumentException("sequence " + sequenceId + ": an instance is on panel "
            + i.panel() + ", expected 0.." + (this.panels.size() - 1));
      }
    }
    this.panelHeight = panelHeight;
    List<Instance> ordered = new ArrayList<>(this.instances);
    ordered.sort(Comparator.comparingInt(Instance::panel)); // stable: given order within a panel
    this.truthColours = truthColours(ordered);
    this.predictedColours = predictedColours(ordered, truthColours);
  }

  private static Map<String, Color> truthColours(List<Instance> ordered) {
    Map<String, Color> out = new LinkedHashMap<>();
    for (Instance i : ordered) {
      out.computeIfAbsent(i.truth(), t -> Palette.colour(out.size()));
    }
    return out;
  }

  private static Map<String, Color> predictedColours(List<Instance> ordered,
      Map<String, Color> truth) {
    List<String> clusters = new ArrayList<>();
    List<String> identities = new ArrayList<>(truth.keySet());
    Map<String, Map<String, Integer>> overlap = new HashMap<>();
    for (Instance i : ordered) {
      if (!clusters.contains(i.predicted())) {
        clusters.add(i.predicted());
      }
      overlap.computeIfAbsent(i.predicted(), k -> new HashMap<>()).merge(i.truth(), 1, Integer::sum);
    }
    record Pair(int cluster, int identity, int count) {}
    List<Pair> pairs = new ArrayList<>();
    for (int c = 0; c < clusters.size(); c++) {
      for (int t = 0; t < identities.size(); t++) {
        int n = overlap.get(clusters.get(c)).getOrDefault(identities.get(t), 0);
        if (n > 0) {
          pairs.add(new Pair(c, t, n));
        }
      }
    }
    pairs.sort(Comparator.comparingInt((Pair p) -> -p.count()).thenComparingInt(Pair::cluster)
        .thenComparingInt(Pair::identity));
    Map<String, Color> out = new HashMap<>();
    boolean[] identityTaken = new boolean[identities.size()];
    for (Pair p : pairs) {
      String c = clusters.get(p.cluster());
      if (!out.containsKey(c) && !identityTaken[p.identity()]) {
        out.put(c, truth.get(identities.get(p.identity())));
        identityTaken[p.identity()] = true;
      }
    }
    int next = truth.size();
    Map<String, Color> ordered2 = new LinkedHashMap<>();
    for (String c : clusters) {
      Color col = out.get(c);
      ordered2.put(c, col != null ? col : Palette.colour(next++));
    }
    return ordered2;
  }

  /** The colour of a predicted cluster's boxes. */
  public Color predictedColour(String cluster) {
    return predictedColours.get(cluster);
  }

  /** The colour of a ground-truth identity's boxes. */
  public Color truthColour(String identity) {
    return truthColours.get(identity);
  }

  private int panelWidth(int p) {
    BufferedImage img = panels.get(p);
    return Math.max(1, (int) Math.round(img.getWidth() * (double) panelHeight / img.getHeight()));
  }

  private int captionHeight() {
    return metrics(TITLE).getHeight() + (caption.isEmpty() ? 0 : metrics(FONT).getHeight()) + 6;
  }

  private int rowTitleHeight() {
    return metrics(FONT).getHeight() + 2;
  }

  /**
   * Where panel {@code panel} is drawn in row {@code row} (0 = predicted clusters, 1 = ground
   * truth), in image pixels.
   */
  public Rectangle panelArea(int row, int panel) {
    int x = GAP;
    for (int p = 0; p < panel; p++) {
      x += panelWidth(p) + GAP;
    }
    int y = GAP + captionHeight() + rowTitleHeight() + row * (panelHeight + GAP + rowTitleHeight());
    return new Rectangle(x, y, panelWidth(panel), panelHeight);
  }

  @Override
  public int width() {
    int w = GAP;
    for (int p = 0; p < panels.size(); p++) {
      w += panelWidth(p) + GAP;
    }
    return Math.max(w, 320);
  }

  @Override
  public int height() {
    return GAP + captionHeight() + rows() * (rowTitleHeight() + panelHeight + GAP);
  }

  /** The rows drawn: predicted clusters, and the ground truth unless {@link #predictedOnly}. */
  public int rows() {
    return showTruth ? 2 : 1;
  }

  @Override
  String title() {
    return "sequence " + sequenceId;
  }

  @Override
  public boolean hasData() {
    return !instances.isEmpty();
  }

  @Override
  void draw(Graphics2D g) {
    g.setFont(TITLE);
    g.setColor(INK);
    FontMetrics tf = g.getFontMetrics();
    g.drawString(Labels.fit("sequence " + sequenceId, tf, width() - 2 * GAP), GAP, GAP + tf.getAscent());
    g.setFont(FONT);
    FontMetrics fm = g.getFontMetrics();
    if (!caption.isEmpty()) {
      g.drawString(Labels.fit(caption, fm, width() - 2 * GAP), GAP,
          GAP + tf.getHeight() + fm.getAscent());
    }
    String[] rowTitles = showTruth ? new String[] {"predicted clusters", "ground-truth identities"}
        : new String[] {"assigned identities"};
    for (int row = 0; row < rows(); row++) {
      Rectangle first = panelArea(row, 0);
      g.setFont(FONT);
      g.setColor(INK);
      g.drawString(rowTitles[row], first.x, first.y - 4);
      for (int p = 0; p < panels.size(); p++) {
        Rectangle a = panelArea(row, p);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(panels.get(p), a.x, a.y, a.width, a.height, null);
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1));
        g.drawRect(a.x - 1, a.y - 1, a.width + 1, a.height + 1);
      }
      for (Instance i : instances) {
        Color c = row == 0 ? predictedColours.get(i.predicted()) : truthColours.get(i.truth());
        String tag = row == 0 ? "c" + i.predicted() : i.truth();
        drawInstance(g, i, panelArea(row, i.panel()), c, tag);
      }
    }
  }

  private void drawInstance(Graphics2D g, Instance i, Rectangle a, Color c, String tag) {
    BufferedImage img = panels.get(i.panel());
    double sx = a.width / (double) img.getWidth();
    double sy = a.height / (double) img.getHeight();
    java.awt.Shape saved = g.getClip();
    g.setClip(a.x, a.y, a.width, a.height);
    g.setColor(c);
    Rectangle tagAt = null;
    if (i.body() != null) {
      g.setStroke(new BasicStroke(3));
      Rectangle r = scaled(i.body(), a, sx, sy);
      g.drawRect(r.x, r.y, r.width, r.height);
      tagAt = r;
    }
    if (i.face() != null) {
      g.setStroke(new BasicStroke(2));
      Rectangle r = scaled(i.face(), a, sx, sy);
      g.drawRect(r.x, r.y, r.width, r.height);
      if (tagAt == null) {
        tagAt = r;
      }
    }
    g.setFont(SMALL);
    FontMetrics fm = g.getFontMetrics();
    String t = Labels.fit(tag, fm, 60);
    int w = fm.stringWidth(t) + 4;
    int h = fm.getAscent() + 2;
    // the tag sits on the box's top edge at its right end, inside the panel
    int tx = Math.max(a.x, Math.min(tagAt.x + tagAt.width - w, a.x + a.width - w));
    int ty = Math.max(a.y, tagAt.y - h);
    g.setColor(c);
    g.fillRect(tx, ty, w, h);
    g.setColor(luminance(c) > 150 ? Color.BLACK : Color.WHITE);
    g.drawString(t, tx + 2, ty + fm.getAscent());
    g.setClip(saved);
  }

  private static Rectangle scaled(Box b, Rectangle a, double sx, double sy) {
    int x1 = a.x + (int) Math.round(b.x1() * sx);
    int y1 = a.y + (int) Math.round(b.y1() * sy);
    int x2 = a.x + (int) Math.round(b.x2() * sx);
    int y2 = a.y + (int) Math.round(b.y2() * sy);
    return new Rectangle(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
  }

  private static double luminance(Color c) {
    return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
  }
}
