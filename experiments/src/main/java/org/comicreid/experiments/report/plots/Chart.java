package org.comicreid.experiments.report.plots;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * A figure that renders to an RGB image of a fixed size and is saved as PNG. Subclasses draw; this
 * class owns the canvas set-up (headless, white background, text antialiasing only), the PNG
 * encoding and the atomic write.
 */
public abstract class Chart {

  static {
    // before any AWT class touches the display: plots are drawn on workers without one
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Text colour of titles, labels and ticks. */
  static final Color INK = new Color(0x22, 0x22, 0x22);
  /** Colour of the grid lines. */
  static final Color GRID = new Color(0xE4, 0xE4, 0xE4);
  static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  /** Width of the image in pixels. */
  public abstract int width();

  /** Height of the image in pixels. */
  public abstract int height();

  /** Whether there is anything to draw; when false, {@link #render()} draws a "no data" image. */
  public abstract boolean hasData();

  /** Draws the figure on {@code g}, a white canvas of {@link #width()} x {@link #height()}. */
  abstract void draw(Graphics2D g);

  /** The title, shown on the "no data" image too. */
  abstract String title();

  /** The figure as an image of {@link #width()} x {@link #height()}. */
  public final BufferedImage render() {
    BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    try {
      if (hasData()) {
        draw(g);
      } else {
        drawNoData(g);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** The figure as PNG bytes. */
  public final byte[] png() {
    return encode(render());
  }

  /**
   * Writes the PNG to {@code file}: to a temporary sibling first, then renamed onto it, so a reader
   * never sees half a file. Creates missing parent directories.
   *
   * @return {@code file}
   */
  public final Path write(Path file) {
    return writePng(png(), file);
  }

  /** PNG bytes of an image. */
  public static byte[] encode(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new IllegalStateException("this JDK has no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a PNG in memory", e);
    }
    return out.toByteArray();
  }

  /** Writes PNG bytes to {@code file} atomically (temporary sibling, then rename). */
  static Path writePng(byte[] png, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp-" + ProcessHandle.current().pid()
        + "-" + Thread.currentThread().getId());
    try {
      Files.createDirectories(abs.getParent());
      Files.write(tmp, png);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the original failure is the one to report
      }
      throw new UncheckedIOException("cannot write " + abs + ": " + e.getMessage(), e);
    }
  }

  /** A white canvas with antialiased text and crisp (not antialiased) shapes. */
  static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    return g;
  }

  /** Font metrics without an image to draw on (for layouts computed before rendering). */
  static FontMetrics metrics(Font font) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(scratch);
    try {
      return g.getFontMetrics(font);
    } finally {
      g.dispose();
    }
  }

  /** The title at the top centre and "no data" in the middle. */
  private void drawNoData(Graphics2D g) {
    drawTitle(g, title());
    g.setFont(FONT);
    g.setColor(INK);
    String s = "no data";
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, (width() - fm.stringWidth(s)) / 2, height() / 2);
    g.setColor(GRID);
    g.drawRect(8, 28, width() - 17, height() - 37);
  }

  /** The title centred on the top line. */
  void drawTitle(Graphics2D g, String title) {
    g.setFont(TITLE);
    g.setColor(INK);
    FontMetrics fm = g.getFontMetrics();
    String t = Labels.fit(title, fm, width() - 16);
    g.drawString(t, (width() - fm.stringWidth(t)) / 2, 8 + fm.getAscent());
  }
}
