package org.comicreid.catalog.comicgen;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.DomElement;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.view.ViewBox;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.comicreid.core.ReidInputException;

/**
 * Renders comicgen SVG parts with JSVG and keeps each one, per (file, colours, size, mirroring),
 * for the rest of a series. A part is drawn the way comicgen draws it: the file's own viewBox
 * fitted into the character's canvas (xMidYMid meet), the canvas scaled to {@code cw x ch} pixels;
 * mirroring flips the canvas about its vertical centre. Rendering is deterministic, so the cache
 * changes only the speed, never the pixels.
 */
final class Sprites {

  /** Alpha (0-255) from which a pixel counts as art of its layer (for boxes and visibility). */
  static final int ALPHA_MIN = 32;

  /**
   * One rendered part: the non-transparent pixels of the layer, placed relative to the canvas
   * origin.
   *
   * @param image the pixels (ARGB), trimmed to everything with alpha > 0
   * @param x column of the image's left edge, in canvas pixels (may be negative: art that
   *     overflows the canvas is kept, as comicgen's overflow:visible shows it)
   * @param y row of the image's top edge, in canvas pixels
   * @param art bounding box of the pixels with alpha >= {@link #ALPHA_MIN}, in canvas pixels
   *     (exclusive right and bottom); null when the part has none
   * @param artPixels how many pixels have alpha >= {@link #ALPHA_MIN}
   */
  record Sprite(BufferedImage image, int x, int y, PixelBox art, int artPixels) {
    int alpha(int canvasX, int canvasY) {
      int ix = canvasX - x;
      int iy = canvasY - y;
      if (ix < 0 || iy < 0 || ix >= image.getWidth() || iy >= image.getHeight()) {
        return 0;
      }
      return image.getRGB(ix, iy) >>> 24;
    }
  }

  private record Key(Path file, Map<String, String> recolour, int canvasWidth, int canvasHeight,
      int cw, int ch, boolean mirror) {}

  private final Map<Key, Sprite> cache = new ConcurrentHashMap<>();

  /**
   * The part {@code file} drawn on a canvas of {@code canvasWidth x canvasHeight} units scaled to
   * {@code cw x ch} pixels.
   */
  Sprite get(Path file, Map<String, String> recolour, int canvasWidth, int canvasHeight, int cw,
      int ch, boolean mirror) {
    Key key = new Key(file, recolour, canvasWidth, canvasHeight, cw, ch, mirror);
    Sprite s = cache.get(key);
    if (s == null) {
      s = mirror
          ? mirror(get(file, recolour, canvasWidth, canvasHeight, cw, ch, false), cw)
          : render(file, recolour, canvasWidth, canvasHeight, cw, ch);
      Sprite before = cache.putIfAbsent(key, s);
      if (before != null) {
        s = before;
      }
    }
    return s;
  }

  static Sprite render(Path file, Map<String, String> recolour, int canvasWidth, int canvasHeight,
      int cw, int ch) {
    SVGDocument doc = load(file, recolour);
    // room for art that overflows the canvas
    int mx = Math.max(4, cw / 4);
    int my = Math.max(4, ch / 8);
    BufferedImage full = new BufferedImage(cw + 2 * mx, ch + 2 * my, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = full.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.translate(mx, my);
      g.scale(cw / (double) canvasWidth, ch / (double) canvasHeight);
      doc.render((Component) null, g, new ViewBox(0, 0, canvasWidth, canvasHeight));
    } finally {
      g.dispose();
    }
    return trim(full, -mx, -my);
  }

  private static SVGDocument load(Path file, Map<String, String> recolour) {
    LoaderContext.Builder ctx = LoaderContext.builder();
    ctx.preProcessor(root -> prepare(root, recolour));
    SVGDocument doc;
    try (InputStream in = Files.newInputStream(file)) {
      doc = new SVGLoader().load(in, file.toUri(), ctx.build());
    } catch (IOException e) {
      throw new ReidInputException("cannot read comicgen part " + file + ": " + e.getMessage(), e);
    }
    if (doc == null) {
      throw new ReidInputException("comicgen part " + file + " is not a valid SVG document");
    }
    return doc;
  }

  /**
   * Before JSVG builds the document: comicgen's {@code path[fill='#xxx' i]} colour replacement
   * (the same elements, the same rule), and degenerate arcs straightened (see {@link #arcsFixed}).
   */
  private static void prepare(DomElement e, Map<String, String> recolour) {
    if (e.tagName().equalsIgnoreCase("path")) {
      String fill = e.attribute("fill");
      if (fill != null && !recolour.isEmpty()) {
        String to = recolour.get(fill.trim().toLowerCase(Locale.ROOT));
        if (to != null) {
          e.setAttribute("fill", to);
        }
      }
      String d = e.attribute("d");
      if (d != null && (d.indexOf('a') >= 0 || d.indexOf('A') >= 0)) {
        String fixed = arcsFixed(d);
        if (!fixed.equals(d)) {
          e.setAttribute("d", fixed);
        }
      }
    }
    for (DomElement child : e.children()) {
      prepare(child, recolour);
    }
  }

  /** Arc radii beyond this (canvas units; canvases are ~500 wide) are treated as infinite. */
  static final double ARC_RADIUS_LIMIT = 1e6;
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

  /**
   * Path data with every arc whose radius exceeds {@link #ARC_RADIUS_LIMIT} replaced by a line to
   * its end point, which is what such an arc is to well below a pixel. A few comicgen files carry
   * arcs with radii around 1e12 (an export artefact); JSVG turns one of them
   * (aavatar/expression/thinlines/curious.svg) into a stroke across the whole canvas, browsers do
   * not. Data that does not parse is returned unchanged.
   */
  static String arcsFixed(String d) {
    StringBuilder out = new StringBuilder(d.length());
    int i = 0;
    int n = d.length();
    while (i < n) {
      char c = d.charAt(i);
      if (c != 'a' && c != 'A') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      while (true) {
        String[] args = new String[7];
        for (int k = 0; k < 7; k++) {
          i = skipSeparators(d, i);
          if (k == 3 || k == 4) { // flags: one character, maybe not separated from what follows
            if (i >= n || (d.charAt(i) != '0' && d.charAt(i) != '1')) {
              return d;
            }
            args[k] = String.valueOf(d.charAt(i++));
          } else {
            Matcher m = NUMBER.matcher(d);
            if (!m.find(i) || m.start() != i) {
              return d;
            }
            args[k] = m.group();
            i = m.end();
          }
        }
        double rx = Math.abs(Double.parseDouble(args[0]));
        double ry = Math.abs(Double.parseDouble(args[1]));
        if (rx > ARC_RADIUS_LIMIT || ry > ARC_RADIUS_LIMIT) {
          out.append(c == 'a' ? 'l' : 'L').append(args[5]).append(',').append(args[6]);
        } else {
          out.append(c).append(String.join(",", args));
        }
        int next = skipSeparators(d, i);
        if (next < n && "+-.0123456789".indexOf(d.charAt(next)) >= 0) {
          i = next; // another arc of the same command
          out.append(' ');
        } else {
          break;
        }
      }
    }
    return out.toString();
  }

  private static int skipSeparators(String d, int i) {
    while (i < d.length() && (Character.isWhitespace(d.charAt(i)) || d.charAt(i) == ',')) {
      i++;
    }
    return i;
  }

  /** The sub-image of everything with alpha > 0, its position and its art box. */
  private static Sprite trim(BufferedImage full, int originX, int originY) {
    int w = full.getWidth();
    int h = full.getHeight();
    int[] argb = full.getRGB(0, 0, w, h, null, 0, w);
    int x1 = w;
    int y1 = h;
    int x2 = -1;
    int y2 = -1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if ((argb[y * w + x] >>> 24) != 0) {
          x1 = Math.min(x1, x);
          x2 = Math.max(x2, x);
          y1 = Math.min(y1, y);
          y2 = Math.max(y2, y);
        }
      }
    }
    if (x2 < 0) {
      return new Sprite(new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB), 0, 0, null, 0);
    }
    BufferedImage img = new BufferedImage(x2 - x1 + 1, y2 - y1 + 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, img.getWidth(), img.getHeight(), argb, y1 * w + x1, w);
    return withArt(img, x1 + originX, y1 + originY);
  }

  private static Sprite withArt(BufferedImage img, int x, int y) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    int x1 = w;
    int y1 = h;
    int x2 = -1;
    int y2 = -1;
    int count = 0;
    for (int j = 0; j < h; j++) {
      for (int i = 0; i < w; i++) {
        if ((argb[j * w + i] >>> 24) >= ALPHA_MIN) {
          count++;
          x1 = Math.min(x1, i);
          x2 = Math.max(x2, i);
          y1 = Math.min(y1, j);
          y2 = Math.max(y2, j);
        }
      }
    }
    PixelBox art = count == 0 ? null : new PixelBox(x + x1, y + y1, x + x2 + 1, y + y2 + 1);
    return new Sprite(img, x, y, art, count);
  }

  /** The sprite flipped about the vertical centre line of a canvas {@code cw} pixels wide. */
  private static Sprite mirror(Sprite s, int cw) {
    BufferedImage src = s.image();
    int w = src.getWidth();
    int h = src.getHeight();
    int[] argb = src.getRGB(0, 0, w, h, null, 0, w);
    int[] out = new int[argb.length];
    for (int j = 0; j < h; j++) {
      for (int i = 0; i < w; i++) {
        out[j * w + (w - 1 - i)] = argb[j * w + i];
      }
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, w, h, out, 0, w);
    // canvas column c maps to cw - 1 - c
    return withArt(img, cw - s.x() - w, s.y());
  }
}
