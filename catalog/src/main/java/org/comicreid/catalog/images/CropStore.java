package org.comicreid.catalog.images;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.core.pairing.FaceCrops;
import org.comicreid.core.provenance.ContentHash;

/**
 * Cuts face and body crops out of panel images and caches them as PNG files named by the sha256 of
 * what determines them (the panel file's content hash, the box, the part, the size, the face
 * scale and {@link #VERSION}), so a crop is made once however many stages, attempts and runs ask
 * for it. Files are written to a temporary name and renamed, so a crop file is always complete.
 *
 * <p>Faces (Appendix B, FACTS "Face crop from a box"): a square of side {@code max(w,h) * scale}
 * centred on the face box, clipped to the panel, resized to {@code size x size}. Bodies: the box
 * clipped to the panel, its longest side scaled to {@code size}, zero-padded (black) to a centred
 * {@code size x size} square (the authors' evaluation transform).
 */
public final class CropStore {
  /** Bump when the cropping changes, so old cache entries are not reused. */
  public static final String VERSION = "crop-v1";

  private final Path dir;
  private final Map<String, String> panelHashes = new ConcurrentHashMap<>();
  private final Map<String, BufferedImage> panels =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BufferedImage> e) {
          return size() > 32;
        }
      });

  /** A store whose files live under {@code dir}. */
  public CropStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create crop cache " + this.dir, e);
    }
  }

  /**
   * The crop's file, cutting and writing it on first use.
   *
   * @param panelImage the panel image file
   * @param box the face or body box in panel pixels
   * @param kind face ({@link CropSpec.Rule#SQUARE}) or body ({@link CropSpec.Rule#PAD})
   * @param size output side in pixels
   * @param faceScale face crops: the side factor (1.2 in the paper); ignored for bodies
   */
  public Path crop(String panelImage, Box box, PartKind kind, int size, double faceScale) {
    return crop(new CropSpec(panelImage, box,
        kind == PartKind.FACE ? CropSpec.Rule.SQUARE : CropSpec.Rule.PAD, size, faceScale));
  }

  /** The file of an encoded {@link CropSpec}, cutting and writing it on first use. */
  public Path crop(String encodedSpec) {
    return crop(CropSpec.decode(encodedSpec));
  }

  /** The crop's file, cutting and writing it on first use. */
  public Path crop(CropSpec spec) {
    String panelImage = spec.image();
    Box box = spec.box();
    int size = spec.size();
    boolean square = spec.rule() == CropSpec.Rule.SQUARE;
    String key = ContentHash.sha256(String.format(Locale.ROOT, "%s|%s|%s|%.3f,%.3f,%.3f,%.3f|%d|%.4f",
        VERSION, panelHash(panelImage), square ? PartKind.FACE : PartKind.BODY, box.x1(), box.y1(),
        box.x2(), box.y2(), size, spec.scale()));
    Path file = dir.resolve(key.substring(0, 2)).resolve(key + ".png");
    if (Files.exists(file)) {
      return file;
    }
    BufferedImage panel = panel(panelImage);
    BufferedImage out = square ? face(panel, box, size, spec.scale()) : body(panel, box, size);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), key, ".tmp");
      ImageIO.write(out, "png", tmp.toFile());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write crop " + file, e);
    }
    return file;
  }

  /** A square crop's pixels: {@code side x side} RGB bytes, row-major. */
  public record Square(int side, byte[] rgb) {}

  /** Reads a square crop file once: its side and its RGB bytes. */
  public static Square square(Path cropFile) {
    BufferedImage img = read(cropFile);
    int side = img.getWidth();
    if (img.getHeight() != side) {
      throw new ReidInputException("crop " + cropFile + " is not square: " + side + "x" + img.getHeight());
    }
    return new Square(side, rgb(img, side));
  }

  /** Reads a crop file as {@code size x size} RGB bytes, row-major. */
  public static byte[] rgb(Path cropFile, int size) {
    BufferedImage img = read(cropFile);
    if (img.getWidth() != size || img.getHeight() != size) {
      throw new ReidInputException("crop " + cropFile + " is " + img.getWidth() + "x"
          + img.getHeight() + ", expected " + size + "x" + size);
    }
    return rgb(img, size);
  }

  private static byte[] rgb(BufferedImage img, int size) {
    byte[] out = new byte[size * size * 3];
    int[] row = new int[size];
    for (int y = 0; y < size; y++) {
      img.getRGB(0, y, size, 1, row, 0, size);
      for (int x = 0; x < size; x++) {
        int p = row[x];
        int o = (y * size + x) * 3;
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return out;
  }

  /** Reads a crop file's pixels as ARGB ints (alpha 255). */
  public static int[] argb(Path cropFile) {
    BufferedImage img = read(cropFile);
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  static BufferedImage face(BufferedImage panel, Box face, int size, double scale) {
    Box c = FaceCrops.faceCropBox(face, scale, panel.getWidth(), panel.getHeight());
    return scaled(panel, c, size, size, size);
  }

  static BufferedImage body(BufferedImage panel, Box body, int size) {
    Box c = body.clip(panel.getWidth(), panel.getHeight());
    double w = Math.max(1, c.width());
    double h = Math.max(1, c.height());
    double f = size / Math.max(w, h);
    int tw = Math.max(1, (int) Math.round(w * f));
    int th = Math.max(1, (int) Math.round(h * f));
    return scaled(panel, c, tw, th, size);
  }

  /** Draws region {@code c} of {@code src} scaled to tw x th, centred on a black size x size square. */
  private static BufferedImage scaled(BufferedImage src, Box c, int tw, int th, int size) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      int sx1 = (int) Math.floor(c.x1());
      int sy1 = (int) Math.floor(c.y1());
      int sx2 = Math.max(sx1 + 1, (int) Math.ceil(c.x2()));
      int sy2 = Math.max(sy1 + 1, (int) Math.ceil(c.y2()));
      int dx = (size - tw) / 2;
      int dy = (size - th) / 2;
      g.drawImage(src, dx, dy, dx + tw, dy + th, sx1, sy1, sx2, sy2, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private String panelHash(String path) {
    return panelHashes.computeIfAbsent(path, p -> {
      Path f = Path.of(p);
      if (!Files.isRegularFile(f)) {
        throw new ReidInputException("panel image " + p + " does not exist");
      }
      return ContentHash.sha256(f);
    });
  }

  private BufferedImage panel(String path) {
    BufferedImage img = panels.get(path);
    if (img == null) {
      img = read(Path.of(path));
      panels.put(path, img);
    }
    return img;
  }

  /** Reads an image file (a panel), failing with the file's name when it cannot be decoded. */
  public static BufferedImage image(Path file) {
    return read(file);
  }

  private static BufferedImage read(Path file) {
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      if (img == null) {
        throw new ReidInputException("cannot decode image " + file);
      }
      return img;
    } catch (IOException e) {
      throw new ReidInputException("cannot read image " + file + ": " + e.getMessage());
    }
  }

}
