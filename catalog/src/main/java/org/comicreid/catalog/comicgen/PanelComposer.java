package org.comicreid.catalog.comicgen;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.comicreid.catalog.comicgen.Cast.Look;
import org.comicreid.catalog.comicgen.ComicgenWorld.Appearance;
import org.comicreid.catalog.comicgen.ComicgenWorld.Framing;
import org.comicreid.catalog.comicgen.Sprites.Sprite;

/**
 * Lays out and draws one panel: scales each character (face and body parts of the same character,
 * angle and canvas), places it by its framing, keeps characters from covering each other more than
 * a little, then draws the series background, the characters and the border. The boxes are read
 * off the placed pixels: a layer's box is the tight box of its pixels with alpha at least
 * {@link Sprites#ALPHA_MIN} that lie on the panel; a face box is the face layers' box, a body box
 * that of all the character's layers. A character seen from behind (angle {@value #BACK_ANGLE})
 * has no face box: its head counts as body.
 */
final class PanelComposer {

  /** A part is on the panel when at least this many of its art pixels are, and ... */
  static final int MIN_VISIBLE_PIXELS = 30;
  /** ... its box is at least this many pixels wide and high. */
  static final int MIN_SIDE = 4;
  /** Canvas height as a multiple of the panel height, by framing. */
  static final double[] FULL_SIZES = {0.80, 0.88, 0.96};
  static final double[] MEDIUM_SIZES = {1.45, 1.7};
  /** Sizes a head-cut character may take, smallest first: big enough to reach the bottom edge. */
  static final double[] HEAD_CUT_SIZES = {1.3, 1.5, 1.7, 2.0, 2.4};
  static final double[] CLOSE_UP_SIZES = {2.6, 3.0};
  /** The angle whose face layer is the back of the head. */
  static final String BACK_ANGLE = "back";
  /** A head-cut character is cut up to this fraction of the panel height below its face. */
  static final double HEAD_CUT_EXTRA = 0.05;
  /** Layouts tried before a panel loses its last character. */
  static final int ATTEMPTS = 16;

  /** One drawn part: the canvas origin of its character is at panel pixel (x, y). */
  record PlacedLayer(Path file, boolean face, int x, int y, Sprite sprite) {}

  /**
   * A character as drawn on the panel. {@code face} and {@code body} are null when that part is
   * not on the panel; the body box covers the whole visible character (its face included).
   */
  record Placed(Appearance who, Framing framing, int canvasWidth, int canvasHeight, boolean mirror,
      List<PlacedLayer> layers, PixelBox face, PixelBox body) {
    PixelBox extent() {
      return body != null ? body : face;
    }
  }

  /** The panel's pixels and its characters, left to right. */
  record Result(BufferedImage image, List<Placed> characters) {}

  private record Figure(Appearance who, Framing framing, int cw, int ch, List<Sprite> faces,
      List<Sprite> bodies, List<PlacedLayerRef> order, PixelBox faceArt, PixelBox bodyArt) {}

  private record PlacedLayerRef(Path file, boolean face, Sprite sprite) {}

  private record Vis(int count, PixelBox box) {}

  private final int w;
  private final int h;
  private final Sprites sprites;

  PanelComposer(int width, int height, Sprites sprites) {
    this.w = width;
    this.h = height;
    this.sprites = sprites;
  }

  Result compose(List<Appearance> script, SeriesStyle style, SplittableRandom r) {
    SplittableRandom paper = r.split();
    List<Placed> placed = layout(script, r);
    List<Placed> drawOrder = new ArrayList<>(placed);
    drawOrder.sort(Comparator.comparingInt(Placed::canvasHeight)); // far (small) ones first
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      style.paintBackground(g, w, h, paper);
      for (Placed p : drawOrder) {
        for (PlacedLayer l : p.layers()) {
          g.drawImage(l.sprite().image(), l.x() + l.sprite().x(), l.y() + l.sprite().y(), null);
        }
      }
      style.paintBorder(g, w, h);
    } finally {
      g.dispose();
    }
    List<Placed> leftToRight = new ArrayList<>(placed);
    leftToRight.sort(Comparator.comparingInt(p -> p.extent().x1() + p.extent().x2()));
    return new Result(img, leftToRight);
  }

  private List<Placed> layout(List<Appearance> script, SplittableRandom r) {
    List<Appearance> who = new ArrayList<>(script);
    List<Framing> framing = new ArrayList<>(who.stream().map(Appearance::framing).toList());
    int[] failures = new int[who.size()];
    int attempt = 0;
    while (true) {
      int k = who.size();
      List<Integer> slots = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        slots.add(i);
      }
      for (int i = k - 1; i > 0; i--) {
        java.util.Collections.swap(slots, i, r.nextInt(i + 1));
      }
      List<Placed> out = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < k; i++) {
        double slotWidth = w / (double) k;
        double centre = slotWidth * (slots.get(i) + 0.5) + (r.nextDouble() - 0.5) * 0.3 * slotWidth;
        Placed p = place(figure(who.get(i), framing.get(i)), centre, r);
        if (p == null) {
          ok = false;
          if (++failures[i] >= 3) {
            framing.set(i, demote(framing.get(i)));
            failures[i] = 0;
          }
        }
        out.add(p);
      }
      if (ok && apart(out)) {
        return out;
      }
      attempt++;
      if (attempt == ATTEMPTS / 2) {
        framing.replaceAll(f -> f == Framing.MEDIUM ? Framing.FULL : f);
      }
      if (attempt >= ATTEMPTS) {
        if (k == 1 && framing.get(0) == Framing.FULL) {
          throw new IllegalStateException("cannot place " + who.get(0) + " on a " + w + "x" + h
              + " panel");
        }
        if (k > 1) {
          who.remove(k - 1);
          framing.remove(k - 1);
        } else {
          framing.set(0, Framing.FULL);
        }
        failures = new int[who.size()];
        attempt = 0;
      }
    }
  }

  private static Framing demote(Framing f) {
    return switch (f) {
      case CLOSE_UP -> Framing.HEAD_CUT;
      case HEAD_CUT, MEDIUM, FULL -> Framing.FULL;
    };
  }

  /** Characters overlap only a little, and nobody's face is behind another character. */
  private static boolean apart(List<Placed> placed) {
    for (int i = 0; i < placed.size(); i++) {
      for (int j = 0; j < placed.size(); j++) {
        if (i == j) {
          continue;
        }
        Placed a = placed.get(i);
        Placed b = placed.get(j);
        PixelBox ea = a.extent();
        PixelBox eb = b.extent();
        if (ea.intersectionArea(eb) > 0.3 * Math.min(ea.area(), eb.area())) {
          return false;
        }
        if (a.face() != null && a.face().intersectionArea(eb) > 0.12 * a.face().area()) {
          return false;
        }
      }
    }
    return true;
  }

  private Figure figure(Appearance a, Framing framing) {
    if (framing == Framing.HEAD_CUT) {
      // the smallest size (from the scripted one on) at which the body, cut below the face,
      // still reaches the bottom edge: a head-cut character does not float
      Figure f = null;
      for (int level = Math.floorMod(a.sizeLevel(), 2); level < HEAD_CUT_SIZES.length; level++) {
        f = figure(a, framing, HEAD_CUT_SIZES[level]);
        if (f.faceArt() == null || f.bodyArt() == null
            || f.bodyArt().y2() - f.faceArt().y2() >= h + HEAD_CUT_EXTRA * h) {
          return f;
        }
      }
      return f;
    }
    double[] sizes = switch (framing) {
      case FULL, HEAD_CUT -> FULL_SIZES;
      case MEDIUM -> MEDIUM_SIZES;
      case CLOSE_UP -> CLOSE_UP_SIZES;
    };
    return figure(a, framing, sizes[Math.floorMod(a.sizeLevel(), sizes.length)]);
  }

  private Figure figure(Appearance a, Framing framing, double u) {
    Look look = a.look();
    int ch = (int) Math.round(u * h);
    int cw = (int) Math.round(ch * (double) look.canvasWidth() / look.canvasHeight());
    List<Sprite> faces = new ArrayList<>();
    List<Sprite> bodies = new ArrayList<>();
    List<PlacedLayerRef> faceRefs = new ArrayList<>();
    List<PlacedLayerRef> bodyRefs = new ArrayList<>();
    for (Path f : look.faceLayers().get(a.angle()).get(a.emotion())) {
      Sprite s = sprites.get(f, look.recolour(), look.canvasWidth(), look.canvasHeight(), cw, ch,
          a.mirror());
      faces.add(s);
      faceRefs.add(new PlacedLayerRef(f, true, s));
    }
    for (Path f : look.bodyLayers().get(a.angle()).get(a.pose())) {
      Sprite s = sprites.get(f, look.recolour(), look.canvasWidth(), look.canvasHeight(), cw, ch,
          a.mirror());
      bodies.add(s);
      bodyRefs.add(new PlacedLayerRef(f, false, s));
    }
    List<PlacedLayerRef> order = new ArrayList<>(look.faceFirst() ? faceRefs : bodyRefs);
    order.addAll(look.faceFirst() ? bodyRefs : faceRefs);
    PixelBox faceArt = null;
    for (Sprite s : faces) {
      faceArt = PixelBox.union(faceArt, s.art());
    }
    PixelBox bodyArt = null;
    for (Sprite s : bodies) {
      bodyArt = PixelBox.union(bodyArt, s.art());
    }
    return new Figure(a, framing, cw, ch, faces, bodies, order, faceArt, bodyArt);
  }

  /** Places {@code f} around {@code centre}; null when its framing does not work out. */
  private Placed place(Figure f, double centre, SplittableRandom r) {
    if (f.faceArt() == null || f.bodyArt() == null) {
      return null;
    }
    PixelBox all = PixelBox.union(f.faceArt(), f.bodyArt());
    int oy = switch (f.framing()) {
      case FULL -> {
        int margin = 2 + r.nextInt(Math.max(1, (int) (0.06 * h)));
        int y = h - margin - all.y2();
        yield all.y1() + y < 2 ? 2 - all.y1() : y;
      }
      case MEDIUM -> {
        int y = 2 + r.nextInt(Math.max(1, (int) (0.08 * h))) - all.y1();
        // a character too short to run off the bottom edge stands on it instead of floating
        yield all.y2() + y < h ? h - 2 - all.y2() : y;
      }
      // the face's art rows all above the top edge
      case HEAD_CUT -> -f.faceArt().y2() - r.nextInt(Math.max(1, (int) (HEAD_CUT_EXTRA * h)));
      // the body's art rows all below the bottom edge
      case CLOSE_UP -> h - f.bodyArt().y1() + r.nextInt(Math.max(1, (int) (0.03 * h)));
    };
    int ox = (int) Math.round(centre - (all.x1() + all.x2()) / 2.0);
    int lo = 2 - all.x1();
    int hi = w - 2 - all.x2();
    ox = lo <= hi ? Math.max(lo, Math.min(hi, ox)) : (int) Math.round((lo + hi) / 2.0);

    Vis face = visible(f.faces(), ox, oy);
    Vis body = visible(f.bodies(), ox, oy);
    int faceTotal = f.faces().stream().mapToInt(Sprite::artPixels).sum();
    int bodyTotal = f.bodies().stream().mapToInt(Sprite::artPixels).sum();
    boolean faceOn = present(face);
    boolean bodyOn = present(body);
    boolean ok = switch (f.framing()) {
      case FULL, MEDIUM -> faceOn && face.count() >= 0.7 * faceTotal
          && bodyOn && body.count() >= 0.3 * bodyTotal;
      case HEAD_CUT -> face.count() == 0 && bodyOn && body.count() >= 0.3 * bodyTotal
          && body.box().y2() >= h - 2;
      case CLOSE_UP -> showsFace(f.who()) && body.count() == 0 && faceOn
          && face.count() >= 0.4 * faceTotal;
    };
    if (!ok) {
      return null;
    }
    List<PlacedLayer> layers = new ArrayList<>();
    for (PlacedLayerRef l : f.order()) {
      layers.add(new PlacedLayer(l.file(), l.face(), ox, oy, l.sprite()));
    }
    // a head seen from behind is part of the body, not a face
    PixelBox faceBox = faceOn && showsFace(f.who()) ? face.box() : null;
    PixelBox bodyBox = bodyOn ? PixelBox.union(faceOn ? face.box() : null, body.box()) : null;
    return new Placed(f.who(), f.framing(), f.cw(), f.ch(), f.who().mirror(), layers, faceBox,
        bodyBox);
  }

  /** False for the angle that shows the back of the head (ethan's "back"): it gets no face box. */
  static boolean showsFace(Appearance a) {
    return !a.angle().equals(BACK_ANGLE);
  }

  private static boolean present(Vis v) {
    return v.count() >= MIN_VISIBLE_PIXELS && v.box().width() >= MIN_SIDE
        && v.box().height() >= MIN_SIDE;
  }

  /** The art pixels of {@code parts} (canvas origin at panel pixel ox, oy) that are on the panel. */
  private Vis visible(List<Sprite> parts, int ox, int oy) {
    int count = 0;
    PixelBox box = null;
    boolean inside = true;
    for (Sprite s : parts) {
      if (s.art() == null) {
        continue;
      }
      PixelBox b = s.art().shift(ox, oy);
      if (!b.inside(w, h)) {
        inside = false;
        break;
      }
      count += s.artPixels();
      box = PixelBox.union(box, b);
    }
    if (inside) {
      return new Vis(count, box);
    }
    count = 0;
    int x1 = Integer.MAX_VALUE;
    int y1 = Integer.MAX_VALUE;
    int x2 = Integer.MIN_VALUE;
    int y2 = Integer.MIN_VALUE;
    for (Sprite s : parts) {
      BufferedImage img = s.image();
      int sx = ox + s.x();
      int sy = oy + s.y();
      int i0 = Math.max(0, -sx);
      int j0 = Math.max(0, -sy);
      int i1 = Math.min(img.getWidth(), w - sx);
      int j1 = Math.min(img.getHeight(), h - sy);
      if (i0 >= i1 || j0 >= j1) {
        continue;
      }
      int rw = i1 - i0;
      int[] argb = img.getRGB(i0, j0, rw, j1 - j0, null, 0, rw);
      for (int j = j0; j < j1; j++) {
        for (int i = i0; i < i1; i++) {
          if ((argb[(j - j0) * rw + (i - i0)] >>> 24) >= Sprites.ALPHA_MIN) {
            count++;
            x1 = Math.min(x1, sx + i);
            x2 = Math.max(x2, sx + i + 1);
            y1 = Math.min(y1, sy + j);
            y2 = Math.max(y2, sy + j + 1);
          }
        }
      }
    }
    return new Vis(count, count == 0 ? null : new PixelBox(x1, y1, x2, y2));
  }
}
