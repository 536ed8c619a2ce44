package org.comicreid.catalog.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Pixel sizes of image files, read from their headers by an ImageIO {@link ImageReader} without
 * decoding pixels, and cached per path: a dataset names the same panel image on many rows.
 */
final class ImageHeaders {

  /**
   * What is known about one image file.
   *
   * @param path absolute, normalized path
   * @param width width in pixels (0 when unreadable)
   * @param height height in pixels (0 when unreadable)
   * @param bytes file size in bytes
   * @param problem why the image cannot be used, or null
   */
  record Info(String path, int width, int height, long bytes, String problem) {
    boolean ok() {
      return problem == null;
    }

    /** Pixel size and file size: what the content hash records of an image. */
    String fingerprint() {
      return width + "x" + height + "," + bytes;
    }

    /** True when {@code [x1,y1,x2,y2]} lies inside the image, give or take {@code tol} pixels. */
    boolean contains(double x1, double y1, double x2, double y2, double tol) {
      return x1 >= -tol && y1 >= -tol && x2 <= width + tol && y2 <= height + tol;
    }
  }

  private final Map<String, Info> cache = new HashMap<>();

  /** The image at {@code file} (absolute, normalized), read once. */
  Info read(Path file) {
    String key = file.toString();
    Info info = cache.get(key);
    if (info == null) {
      info = load(file, key);
      cache.put(key, info);
    }
    return info;
  }

  /** Number of distinct files read. */
  int size() {
    return cache.size();
  }

  private static Info load(Path file, String key) {
    if (!Files.isRegularFile(file)) {
      return new Info(key, 0, 0, 0, "image " + key + " not found");
    }
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (IOException e) {
      return new Info(key, 0, 0, 0, "cannot read image " + key + ": " + e.getMessage());
    }
    try (ImageInputStream iis = new FileImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        return new Info(key, 0, 0, bytes, "image " + key + " is not in a format ImageIO can read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
          return new Info(key, 0, 0, bytes, "image " + key + " has size " + w + "x" + h);
        }
        return new Info(key, w, h, bytes, null);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return new Info(key, 0, 0, bytes, "cannot read the header of image " + key + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }
}
