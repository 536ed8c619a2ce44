package org.comicreid.catalog.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;
import org.comicreid.catalog.synthetic.Designs.Accessory;
import org.comicreid.catalog.synthetic.Designs.CharacterDesign;
import org.comicreid.catalog.synthetic.Designs.HairStyle;
import org.comicreid.catalog.synthetic.Designs.Pattern;
import org.comicreid.catalog.synthetic.Designs.SeriesStyle;
import org.comicreid.catalog.synthetic.Designs.Shading;
import org.comicreid.catalog.synthetic.SyntheticWorld.Bubble;
import org.comicreid.catalog.synthetic.SyntheticWorld.Panel;
import org.comicreid.catalog.synthetic.SyntheticWorld.Scene;
import org.comicreid.core.dataset.Box;

/** Draws a planned panel with Java2D: flat colours, black outlines in the series line weight. */
final class PanelRenderer {

  private static final Color INK = new Color(0x141414);

  BufferedImage render(Panel panel, Scene scene) {
    int w = panel.width();
    int h = panel.height();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    SplittableRandom r = new SplittableRandom(scene.renderSeed());
    SeriesStyle style = scene.style();
    background(g, style, w, h, r);
    for (Figure f : scene.figures()) {
      figure(g, f, style);
    }
    for (Box p : scene.props()) {
      prop(g, p, style, r);
    }
    for (Bubble b : scene.bubbles()) {
      bubble(g, b, style, r);
    }
    g.setColor(INK);
    g.setStroke(new BasicStroke(style.lineWeight() + 1.5f));
    g.draw(new Rectangle2D.Double(0.5, 0.5, w - 1, h - 1));
    g.dispose();
    light(img, scene.tint(), scene.grayscale());
    return img;
  }

  private static void background(Graphics2D g, SeriesStyle s, int w, int h, SplittableRandom r) {
    g.setColor(new Color(s.paper()));
    g.fillRect(0, 0, w, h);
    Color bg = new Color(s.backgroundColor());
    g.setStroke(new BasicStroke(Math.max(1f, s.lineWeight() * 0.6f)));
    switch (s.background()) {
      case PLAIN -> { }
      case SKY -> {
        g.setPaint(new GradientPaint(0, 0, bg, 0, h * 0.7f, new Color(s.paper())));
        g.fillRect(0, 0, w, (int) (h * 0.7));
        g.setColor(darker(bg, 0.7));
        double horizon = h * (0.6 + 0.1 * r.nextDouble());
        g.draw(new Line2D.Double(0, horizon, w, horizon));
        for (int i = 0; i < 2; i++) {
          double cx = r.nextDouble() * w;
          double cy = h * 0.15 * r.nextDouble() + 5;
          g.setColor(Color.WHITE);
          Shape cloud = new Ellipse2D.Double(cx, cy, w * 0.2, h * 0.08);
          g.fill(cloud);
          g.setColor(darker(bg, 0.6));
          g.draw(cloud);
        }
      }
      case ROOM -> {
        double floor = h * (0.62 + 0.1 * r.nextDouble());
        g.setColor(bg);
        g.fill(new Rectangle2D.Double(0, 0, w, floor));
        g.setColor(darker(bg, 0.75));
        g.fill(new Rectangle2D.Double(0, floor, w, h - floor));
        g.setColor(INK);
        g.draw(new Line2D.Double(0, floor, w, floor));
        double wx = r.nextDouble() * w * 0.7;
        Shape window = new Rectangle2D.Double(wx, h * 0.12, w * 0.22, h * 0.25);
        g.setColor(new Color(0xCFE6F5));
        g.fill(window);
        g.setColor(INK);
        g.draw(window);
      }
      case HALFTONE -> {
        g.setColor(bg);
        double step = 7 + r.nextInt(4);
        for (double y = step / 2; y < h; y += step) {
          for (double x = step / 2; x < w; x += step) {
            double rad = 1.0 + 1.6 * (y / h);
            g.fill(new Ellipse2D.Double(x - rad, y - rad, 2 * rad, 2 * rad));
          }
        }
      }
      case STREET -> {
        double x = -r.nextDouble() * 20;
        while (x < w) {
          double bw = w * (0.15 + 0.2 * r.nextDouble());
          double top = h * (0.1 + 0.4 * r.nextDouble());
          Shape b = new Rectangle2D.Double(x, top, bw, h);
          g.setColor(r.nextBoolean() ? bg : darker(bg, 0.85));
          g.fill(b);
          g.setColor(INK);
          g.draw(b);
          g.setColor(darker(bg, 0.6));
          for (double wy = top + 6; wy < h * 0.7; wy += 12) {
            for (double wx = x + 5; wx < x + bw - 8; wx += 10) {
              g.fill(new Rectangle2D.Double(wx, wy, 4, 5));
            }
          }
          x += bw;
        }
      }
    }
  }

  private static void figure(Graphics2D g0, Figure f, SeriesStyle style) {
    Graphics2D g = (Graphics2D) g0.create();
    g.translate(f.cx(), f.footY());
    g.scale(f.mirror() ? -f.size() : f.size(), f.size());
    CharacterDesign d = f.design();
    BasicStroke ink = new BasicStroke((float) (style.lineWeight() / f.size()),
        BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    Color skin = new Color(d.skin());
    Color shirt = new Color(d.shirtColor());
    Color pants = new Color(d.pantsColor());

    // legs and shoes
    for (int side = -1; side <= 1; side += 2) {
      double hx = side * 0.05 * d.build();
      double[] foot = f.foot(side);
      Shape leg = limb(hx, Figure.HIP_Y, foot[0], foot[1] - 0.02, 0.085 * d.build());
      fillInk(g, leg, pants, ink, style, f);
      Shape shoe = new Ellipse2D.Double(foot[0] - 0.035, foot[1] - 0.04, 0.1, 0.05);
      fillInk(g, shoe, new Color(d.shoeColor()), ink, style, f);
    }
    // back arm behind the torso
    arm(g, f, -1, shirt, skin, ink, style);
    // torso with its pattern
    double sy = f.shoulderY();
    double tw = f.torsoHalfW();
    double hw = f.hipHalfW();
    Path2D torso = new Path2D.Double();
    torso.moveTo(-tw, sy);
    torso.lineTo(tw, sy);
    torso.lineTo(hw, Figure.HIP_Y + 0.02);
    torso.lineTo(-hw, Figure.HIP_Y + 0.02);
    torso.closePath();
    fill(g, torso, shirt, style, f);
    pattern(g, torso, d, f);
    g.setColor(INK);
    g.setStroke(ink);
    g.draw(torso);
    if (d.accessories().contains(Accessory.BELT)) {
      Shape belt = new Rectangle2D.Double(-hw - 0.005, Figure.HIP_Y - 0.015, 2 * hw + 0.01, 0.03);
      fillInk(g, belt, new Color(d.accessoryColor()).darker(), ink, style, f);
      fillInk(g, new Rectangle2D.Double(-0.015, Figure.HIP_Y - 0.015, 0.03, 0.03),
          new Color(0xE8D040), ink, style, f);
    }
    if (d.accessories().contains(Accessory.BADGE)) {
      Path2D star = star(0.055, sy + 0.07, 0.03);
      fillInk(g, star, new Color(0xF2C230), ink, style, f);
    }
    // neck and head
    fillInk(g, new Rectangle2D.Double(-0.03, f.headBottom() - 0.02, 0.06, 0.06), skin, ink,
        style, f);
    hairBack(g, f, ink, style);
    Shape head = head(f);
    fillInk(g, head, skin, ink, style, f);
    face(g, f, ink);
    hairFront(g, f, ink, style);
    if (d.accessories().contains(Accessory.SCARF)) {
      Shape scarf = new RoundRectangle2D.Double(-tw * 0.85, f.headBottom() - 0.015,
          tw * 1.7, 0.05, 0.03, 0.03);
      fillInk(g, scarf, new Color(d.accessoryColor()), ink, style, f);
      fillInk(g, new Rectangle2D.Double(tw * 0.3, f.headBottom() + 0.02, 0.04, 0.1),
          new Color(d.accessoryColor()), ink, style, f);
    }
    if (d.accessories().contains(Accessory.HAT)) {
      double top = -1;
      double brimY = f.headCy() - f.headHalfH() * 0.55;
      double hwid = f.headHalfW();
      Shape crown = new RoundRectangle2D.Double(-hwid * 0.8, top, hwid * 1.6, brimY - top,
          0.03, 0.03);
      Shape brim = new Ellipse2D.Double(-hwid * 1.45, brimY - 0.02, hwid * 2.9, 0.045);
      Color hat = new Color(d.accessoryColor()).darker();
      fillInk(g, brim, hat, ink, style, f);
      fillInk(g, crown, hat, ink, style, f);
    }
    // front arm over everything
    arm(g, f, 1, shirt, skin, ink, style);
    g.dispose();
  }

  private static void arm(Graphics2D g, Figure f, int side, Color shirt, Color skin,
      BasicStroke ink, SeriesStyle style) {
    double sx = side * f.torsoHalfW();
    double sy = f.shoulderY() + 0.025;
    double[] hand = f.hand(side);
    double ex = sx + (hand[0] - sx) * 0.55;
    double ey = sy + (hand[1] - sy) * 0.55;
    fillInk(g, limb(sx, sy, hand[0], hand[1], 0.05), skin, ink, style, f);
    fillInk(g, limb(sx, sy, ex, ey, 0.065), shirt, ink, style, f);
    double hr = Figure.HAND_R;
    fillInk(g, new Ellipse2D.Double(hand[0] - hr, hand[1] - hr, 2 * hr, 2 * hr), skin, ink,
        style, f);
  }

  private static Shape limb(double x1, double y1, double x2, double y2, double width) {
    return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
        .createStrokedShape(new Line2D.Double(x1, y1, x2, y2));
  }

  private static Shape head(Figure f) {
    double hw = f.headHalfW();
    double hh = f.headHalfH();
    double cy = f.headCy();
    return switch (f.design().head()) {
      case ROUND, OVAL, LONG -> new Ellipse2D.Double(-hw, cy - hh, 2 * hw, 2 * hh);
      case SQUARE -> new RoundRectangle2D.Double(-hw, cy - hh, 2 * hw, 2 * hh, 0.06, 0.06);
      case PEAR -> {
        Path2D p = new Path2D.Double();
        p.moveTo(-hw * 0.7, cy - hh);
        p.lineTo(hw * 0.7, cy - hh);
        p.curveTo(hw * 1.1, cy, hw * 1.05, cy + hh, 0, cy + hh);
        p.curveTo(-hw * 1.05, cy + hh, -hw * 1.1, cy, -hw * 0.7, cy - hh);
        p.closePath();
        yield p;
      }
    };
  }

  private static void hairBack(Graphics2D g, Figure f, BasicStroke ink, SeriesStyle style) {
    HairStyle hs = f.design().hair();
    Color hair = new Color(f.design().hairColor());
    double hw = f.headHalfW() + f.hairSide();
    double cy = f.headCy();
    double hh = f.headHalfH();
    if (hs == HairStyle.LONG) {
      fillInk(g, new RoundRectangle2D.Double(-hw, cy - hh, 2 * hw, 2.3 * hh + 0.08, 0.08, 0.08),
          hair, ink, style, f);
    } else if (hs == HairStyle.PONYTAIL) {
      Path2D tail = new Path2D.Double();
      tail.moveTo(-hw * 0.8, cy - hh * 0.6);
      tail.curveTo(-hw * 2.0, cy - hh * 0.2, -hw * 1.9, cy + hh * 1.4, -hw * 1.3, cy + hh * 1.6);
      tail.curveTo(-hw * 1.4, cy + hh * 0.9, -hw * 1.2, cy, -hw * 0.7, cy - hh * 0.1);
      tail.closePath();
      fillInk(g, tail, hair, ink, style, f);
    } else if (hs == HairStyle.BOB) {
      fillInk(g, new RoundRectangle2D.Double(-hw, cy - hh - 0.02, 2 * hw, 1.7 * hh + 0.02,
          0.1, 0.1), hair, ink, style, f);
    } else if (hs == HairStyle.CURLY) {
      for (int i = 0; i < 7; i++) {
        double a = Math.PI * (1.05 + i * 0.15);
        double x = Math.cos(a) * (hw - 0.005);
        double y = cy + Math.sin(a) * (hh + 0.005) + 0.01;
        fillInk(g, new Ellipse2D.Double(x - 0.04, y - 0.04, 0.08, 0.08), hair, ink, style, f);
      }
    }
  }

  private static void hairFront(Graphics2D g, Figure f, BasicStroke ink, SeriesStyle style) {
    HairStyle hs = f.design().hair();
    Color hair = new Color(f.design().hairColor());
    double hw = f.headHalfW();
    double cy = f.headCy();
    double hh = f.headHalfH();
    double top = cy - hh;
    switch (hs) {
      case SPIKY -> {
        Path2D p = new Path2D.Double();
        p.moveTo(-hw, top + hh * 0.5);
        int spikes = 5;
        for (int i = 0; i <= spikes; i++) {
          double x = -hw + 2 * hw * i / spikes;
          p.lineTo(x, i % 2 == 0 ? -1.0 : top + 0.01);
          if (i < spikes) {
            p.lineTo(x + hw / spikes, top + 0.015);
          }
        }
        p.lineTo(hw, top + hh * 0.5);
        p.closePath();
        fillInk(g, p, hair, ink, style, f);
      }
      case MOHAWK -> {
        Shape m = new RoundRectangle2D.Double(-0.025, -1.0, 0.05, hh + 0.07, 0.03, 0.03);
        fillInk(g, m, hair, ink, style, f);
      }
      case BOB, LONG, PONYTAIL, CURLY -> {
        Shape fringe = new Arc2D.Double(-hw - 0.01, top - 0.02, 2 * hw + 0.02, hh * 1.3 + 0.02,
            0, 180, Arc2D.CHORD);
        fillInk(g, fringe, hair, ink, style, f);
      }
      case BALD -> {
        g.setColor(new Color(255, 255, 255, 140));
        g.fill(new Ellipse2D.Double(hw * 0.1, top + 0.02, hw * 0.5, hh * 0.35));
      }
    }
  }

  private static void face(Graphics2D g, Figure f, BasicStroke ink) {
    CharacterDesign d = f.design();
    double cy = f.headCy() + f.headHalfH() * 0.1;
    double hw = f.headHalfW();
    double ex = hw * 0.35;
    double dx = hw * 0.25; // the face looks to the figure's front (+x)
    g.setColor(INK);
    g.setStroke(ink);
    for (int side = -1; side <= 1; side += 2) {
      double x = dx + side * ex;
      switch (d.eyes()) {
        case DOT -> g.fill(new Ellipse2D.Double(x - 0.012, cy - 0.012, 0.024, 0.024));
        case OVAL -> {
          g.setColor(Color.WHITE);
          Shape e = new Ellipse2D.Double(x - 0.02, cy - 0.03, 0.04, 0.05);
          g.fill(e);
          g.setColor(INK);
          g.draw(e);
          g.fill(new Ellipse2D.Double(x - 0.004, cy - 0.015, 0.018, 0.022));
        }
        case LASHES -> {
          g.fill(new Ellipse2D.Double(x - 0.015, cy - 0.015, 0.03, 0.03));
          g.draw(new Line2D.Double(x - 0.02, cy - 0.02, x - 0.03, cy - 0.035));
          g.draw(new Line2D.Double(x + 0.02, cy - 0.02, x + 0.03, cy - 0.035));
        }
        case SLIT -> g.draw(new Line2D.Double(x - 0.02, cy, x + 0.02, cy));
      }
      double by = cy - 0.045;
      double tilt = f.brow() * 0.015 * side;
      g.draw(new Line2D.Double(x - 0.022, by + tilt, x + 0.022, by - tilt));
    }
    if (d.accessories().contains(Accessory.GLASSES)) {
      for (int side = -1; side <= 1; side += 2) {
        g.draw(new Ellipse2D.Double(dx + side * ex - 0.032, cy - 0.03, 0.064, 0.055));
      }
      g.draw(new Line2D.Double(dx - ex + 0.032, cy - 0.01, dx + ex - 0.032, cy - 0.01));
    }
    double my = f.headCy() + f.headHalfH() * 0.6;
    double mx = dx;
    switch (f.mouth()) {
      case 0 -> g.draw(new Arc2D.Double(mx - 0.035, my - 0.035, 0.07, 0.05, 200, 140, Arc2D.OPEN));
      case 1 -> g.draw(new Arc2D.Double(mx - 0.03, my, 0.06, 0.04, 20, 140, Arc2D.OPEN));
      case 2 -> {
        Shape m = new Ellipse2D.Double(mx - 0.018, my - 0.015, 0.036, 0.03);
        g.setColor(new Color(0x7A1F1F));
        g.fill(m);
        g.setColor(INK);
        g.draw(m);
      }
      default -> g.draw(new Line2D.Double(mx - 0.025, my, mx + 0.025, my));
    }
  }

  private static void pattern(Graphics2D g0, Shape torso, CharacterDesign d, Figure f) {
    if (d.shirtPattern() == Pattern.PLAIN) {
      return;
    }
    Graphics2D g = (Graphics2D) g0.create();
    g.clip(torso);
    g.setColor(new Color(d.patternColor()));
    Rectangle2D b = torso.getBounds2D();
    switch (d.shirtPattern()) {
      case STRIPES -> {
        for (double y = b.getMinY() + 0.02; y < b.getMaxY(); y += 0.05) {
          g.fill(new Rectangle2D.Double(b.getMinX(), y, b.getWidth(), 0.022));
        }
      }
      case DOTS -> {
        for (double y = b.getMinY() + 0.025; y < b.getMaxY(); y += 0.05) {
          for (double x = b.getMinX() + 0.02; x < b.getMaxX(); x += 0.05) {
            g.fill(new Ellipse2D.Double(x - 0.012, y - 0.012, 0.024, 0.024));
          }
        }
      }
      case CHECKS -> {
        Color c = g.getColor();
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
        for (double x = b.getMinX(); x < b.getMaxX(); x += 0.06) {
          g.fill(new Rectangle2D.Double(x, b.getMinY(), 0.025, b.getHeight()));
        }
        for (double y = b.getMinY(); y < b.getMaxY(); y += 0.06) {
          g.fill(new Rectangle2D.Double(b.getMinX(), y, b.getWidth(), 0.025));
        }
      }
      default -> { }
    }
    g.dispose();
  }

  private static void fillInk(Graphics2D g, Shape s, Color c, BasicStroke ink, SeriesStyle style,
      Figure f) {
    fill(g, s, c, style, f);
    g.setColor(INK);
    g.setStroke(ink);
    g.draw(s);
  }

  /** Fills in the series' shading style: flat, hatched on the shadow side, or a gradient. */
  private static void fill(Graphics2D g, Shape s, Color c, SeriesStyle style, Figure f) {
    Rectangle2D b = s.getBounds2D();
    if (style.shading() == Shading.GRADIENT) {
      g.setPaint(new GradientPaint((float) b.getMinX(), (float) b.getMinY(), brighter(c),
          (float) b.getMaxX(), (float) b.getMaxY(), darker(c, 0.7)));
      g.fill(s);
      return;
    }
    g.setColor(c);
    g.fill(s);
    if (style.shading() == Shading.HATCHED && b.getWidth() > 0.04) {
      Graphics2D h = (Graphics2D) g.create();
      Area shadow = new Area(s);
      shadow.intersect(new Area(new Rectangle2D.Double(b.getCenterX(), b.getMinY(),
          b.getWidth(), b.getHeight())));
      h.clip(shadow);
      h.setColor(darker(c, 0.55));
      h.setStroke(new BasicStroke((float) (0.6 / f.size())));
      double step = 3.0 / f.size();
      for (double x = b.getMinX() - b.getHeight(); x < b.getMaxX(); x += step) {
        h.draw(new Line2D.Double(x, b.getMaxY(), x + b.getHeight(), b.getMinY()));
      }
      h.dispose();
    }
  }

  private static void prop(Graphics2D g, Box p, SeriesStyle style, SplittableRandom r) {
    Color c = new Color(style.palette()[r.nextInt(style.palette().length)]);
    g.setStroke(new BasicStroke(style.lineWeight(), BasicStroke.CAP_ROUND,
        BasicStroke.JOIN_ROUND));
    Shape s;
    if (p.width() < p.height() * 0.2) {
      s = new Rectangle2D.Double(p.x1(), p.y1(), p.width(), p.height());
      c = darker(c, 0.6);
    } else if (r.nextBoolean()) {
      s = new Rectangle2D.Double(p.x1(), p.y1(), p.width(), p.height());
      c = new Color(0xA0703A);
    } else {
      Area bush = new Area();
      int blobs = 4;
      for (int i = 0; i < blobs; i++) {
        double bx = p.x1() + p.width() * i / blobs;
        bush.add(new Area(new Ellipse2D.Double(bx - 4, p.y1(), p.width() / blobs + 8,
            p.height() * 0.6)));
      }
      bush.add(new Area(new Rectangle2D.Double(p.x1(), p.y1() + p.height() * 0.3, p.width(),
          p.height() * 0.7)));
      s = bush;
      c = new Color(0x3E8A3A);
    }
    g.setColor(c);
    g.fill(s);
    g.setColor(INK);
    g.draw(s);
    if (s instanceof Rectangle2D && c.getRed() == 0xA0) {
      g.draw(new Line2D.Double(p.x1(), p.y1(), p.x2(), p.y2()));
      g.draw(new Line2D.Double(p.x2(), p.y1(), p.x1(), p.y2()));
    }
  }

  private static void bubble(Graphics2D g, Bubble b, SeriesStyle style, SplittableRandom r) {
    Box e = b.ellipse();
    Area shape = new Area(new Ellipse2D.Double(e.x1(), e.y1(), e.width(), e.height()));
    double cx = (e.x1() + e.x2()) / 2;
    Path2D tail = new Path2D.Double();
    tail.moveTo(cx - e.width() * 0.1, e.y2() - e.height() * 0.2);
    tail.lineTo(cx + e.width() * 0.08, e.y2() - e.height() * 0.2);
    double tx = cx + (b.tailX() - cx) * 0.35;
    double ty = Math.min(b.tailY(), e.y2() + e.height() * 0.6);
    tail.lineTo(tx, ty);
    tail.closePath();
    shape.add(new Area(tail));
    g.setColor(Color.WHITE);
    g.fill(shape);
    g.setColor(INK);
    g.setStroke(new BasicStroke(Math.max(1f, style.lineWeight() * 0.8f)));
    g.draw(shape);
    g.setStroke(new BasicStroke(1.2f));
    int lines = Math.max(1, (int) (e.height() / 9));
    double lh = e.height() / (lines + 1);
    for (int i = 1; i <= lines; i++) {
      double y = e.y1() + i * lh;
      double half = Math.sqrt(Math.max(0, 1 - Math.pow((y - (e.y1() + e.y2()) / 2)
          / (e.height() / 2), 2))) * e.width() / 2 * 0.7;
      double x = cx - half;
      while (x < cx + half - 3) {
        double word = 3 + r.nextDouble() * 8;
        double end = Math.min(cx + half, x + word);
        Path2D scribble = new Path2D.Double();
        scribble.moveTo(x, y);
        for (double sx = x; sx < end; sx += 1.5) {
          scribble.lineTo(sx, y + (r.nextDouble() - 0.5) * 2.5);
        }
        g.draw(scribble);
        x = end + 2 + r.nextDouble() * 2;
      }
    }
  }

  /** Per-panel lighting (colour multiply + add), then optionally grayscale. */
  private static void light(BufferedImage img, double[] tint, boolean gray) {
    int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < px.length; i++) {
      int p = px[i];
      double rr = ((p >> 16) & 0xFF) * tint[0] + tint[3];
      double gg = ((p >> 8) & 0xFF) * tint[1] + tint[3];
      double bb = (p & 0xFF) * tint[2] + tint[3];
      if (gray) {
        double y = 0.299 * rr + 0.587 * gg + 0.114 * bb;
        rr = y;
        gg = y;
        bb = y;
      }
      px[i] = (clamp(rr) << 16) | (clamp(gg) << 8) | clamp(bb);
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static Color darker(Color c, double f) {
    return new Color((int) (c.getRed() * f), (int) (c.getGreen() * f), (int) (c.getBlue() * f));
  }

  private static Color brighter(Color c) {
    return new Color(Math.min(255, c.getRed() + 40), Math.min(255, c.getGreen() + 40),
        Math.min(255, c.getBlue() + 40));
  }

  private static Path2D star(double cx, double cy, double r) {
    Path2D p = new Path2D.Double();
    for (int i = 0; i < 10; i++) {
      double a = -Math.PI / 2 + i * Math.PI / 5;
      double rad = i % 2 == 0 ? r : r * 0.45;
      double x = cx + Math.cos(a) * rad;
      double y = cy + Math.sin(a) * rad;
      if (i == 0) {
        p.moveTo(x, y);
      } else {
        p.lineTo(x, y);
      }
    }
    p.closePath();
    return p;
  }

}
