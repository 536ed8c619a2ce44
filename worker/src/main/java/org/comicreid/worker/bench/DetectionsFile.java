package org.comicreid.worker.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Writes a character-instances dataset of the paper's scale for the import benchmark: a Table 6
 * CSV ({@code char_index,type,index,x_0,y_0,x_1,y_1,score,series_id,page_id,image_path}) of the
 * requested number of face and body detections, over panels of 1 to 3 characters (a face inside
 * the top of a body, a lone face or a lone body), scores spread over [0.5, 1) like a detector's,
 * and a few distinct panel images that the panels share (the importer checks every box against
 * its image's size; a million distinct files would only measure the file system). Seeded: the
 * same arguments give the same file.
 */
public final class DetectionsFile {
  /** Distinct panel images the panels cycle through. */
  public static final int IMAGES = 16;
  /** Panel image size. */
  public static final int WIDTH = 640;
  public static final int HEIGHT = 480;

  private DetectionsFile() {}

  /** What was written. */
  public record Summary(Path csv, long detections, long panels, long series) {}

  /**
   * Writes {@code dir/detections.csv} and {@code dir/images/*.png} with {@code detections} boxes.
   */
  public static Summary write(Path dir, long detections, long seed) {
    try {
      Files.createDirectories(dir.resolve("images"));
      for (int i = 0; i < IMAGES; i++) {
        Path img = dir.resolve("images").resolve("panel" + i + ".png");
        if (!Files.exists(img)) {
          BufferedImage b = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
          Graphics2D g = b.createGraphics();
          g.setColor(new Color(Color.HSBtoRGB(i / (float) IMAGES, 0.2f, 0.95f)));
          g.fillRect(0, 0, WIDTH, HEIGHT);
          g.dispose();
          ImageIO.write(b, "png", img.toFile());
        }
      }
      Path csv = dir.resolve("detections.csv");
      SplittableRandom rnd = new SplittableRandom(seed);
      long written = 0;
      long panels = 0;
      int seriesCount = (int) Math.max(1, detections / 1200);
      try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
        w.write("char_index,type,index,x_0,y_0,x_1,y_1,score,series_id,page_id,image_path\n");
        while (written < detections) {
          String series = Integer.toString(1000 + (int) (panels % seriesCount));
          long pagePanel = panels / seriesCount;
          String page = (pagePanel / 6) + "_" + (pagePanel % 6);
          String image = "images/panel" + (panels % IMAGES) + ".png";
          int characters = 1 + rnd.nextInt(3);
          int faces = 0;
          int bodies = 0;
          for (int c = 0; c < characters && written < detections; c++) {
            int bw = 60 + rnd.nextInt(140);
            int bh = 120 + rnd.nextInt(220);
            int bx = rnd.nextInt(WIDTH - bw);
            int by = rnd.nextInt(HEIGHT - bh);
            int kind = rnd.nextInt(10); // 0-6 face and body, 7-8 body only, 9 face only
            if (kind <= 6 || kind == 9) {
              int fw = Math.max(8, bw / 3);
              int fx = bx + (bw - fw) / 2;
              row(w, c, "face", faces++, fx, by + 4, fx + fw, by + 4 + fw, rnd, series, page, image);
              written++;
            }
            if (kind <= 8 && written < detections) {
              row(w, c, "body", bodies++, bx, by, bx + bw, by + bh, rnd, series, page, image);
              written++;
            }
          }
          panels++;
        }
      }
      return new Summary(csv, written, panels, Math.min(seriesCount, panels));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark dataset under " + dir, e);
    }
  }

  private static void row(BufferedWriter w, int charIndex, String type, int index, int x0, int y0,
      int x1, int y1, SplittableRandom rnd, String series, String page, String image)
      throws IOException {
    w.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%d,%.2f,%s,%s,%s%n", charIndex, type,
        index, x0, y0, x1, y1, 0.5 + 0.5 * rnd.nextDouble() * 0.999, series, page, image));
  }
}
