package org.comicreid.catalog.images;

import java.util.Locale;
import java.util.Objects;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;

/**
 * What a crop is, before it is cut: the image, the box, how the box becomes a square, the side.
 * Stages hand crop specs to each other (pair lists them, pretrain, fine-tune and evaluate cut the
 * ones they use through {@link CropStore}), so no crop is made that no stage reads.
 *
 * @param image the image file the box is on (a panel, or an already-cropped face/body image)
 * @param box the box in that image's pixels
 * @param rule {@link Rule#SQUARE}: the paper's face crop (a square of the longest side times
 *     {@code scale}, centred on the box); {@link Rule#PAD}: the box's longest side scaled to
 *     {@code size} and padded to a square (bodies, and every already-cropped image)
 * @param size the crop's side in pixels
 * @param scale the face scale of {@link Rule#SQUARE} (1.2 in the paper); 0 for {@link Rule#PAD}
 */
public record CropSpec(String image, Box box, Rule rule, int size, double scale) {

  /** How a box becomes a square crop. */
  public enum Rule {
    SQUARE,
    PAD
  }

  public CropSpec {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(rule, "rule");
    if (size < 1) {
      throw new IllegalArgumentException("crop size must be positive, got " + size);
    }
    scale = rule == Rule.PAD ? 0.0 : scale;
  }

  /**
   * The crop the pair stage makes of a face or body box: an already-cropped image ({@code
   * precropped}) is padded to its part's side; on a panel, a face follows the paper's rule (scaled
   * by {@code faceScale}, squared, {@code faceSize}) and a body is padded to {@code bodySize}.
   */
  public static CropSpec ofPart(String image, Box box, boolean precropped,
      org.comicreid.core.dataset.PartKind kind, int faceSize, int bodySize, double faceScale) {
    boolean face = kind == org.comicreid.core.dataset.PartKind.FACE;
    if (precropped) {
      return new CropSpec(image, box, Rule.PAD, face ? faceSize : bodySize, 0);
    }
    return face
        ? new CropSpec(image, box, Rule.SQUARE, faceSize, faceScale)
        : new CropSpec(image, box, Rule.PAD, bodySize, 0);
  }

  /** One line, tab- and newline-free (as long as the image path is): {@code rule|size|scale|x1,y1,x2,y2|image}. */
  public String encode() {
    return String.format(Locale.ROOT, "%s|%d|%s|%s,%s,%s,%s|%s", rule.name().toLowerCase(Locale.ROOT),
        size, num(scale), num(box.x1()), num(box.y1()), num(box.x2()), num(box.y2()), image);
  }

  /**
   * Parses {@link #encode()}'s form.
   *
   * @throws ReidInputException naming the text when it is not a crop spec
   */
  public static CropSpec decode(String text) {
    String[] p = text.split("\\|", 5);
    try {
      if (p.length != 5) {
        throw new IllegalArgumentException("expected 5 '|'-separated fields");
      }
      String[] b = p[3].split(",", -1);
      if (b.length != 4) {
        throw new IllegalArgumentException("expected a box x1,y1,x2,y2");
      }
      return new CropSpec(p[4], new Box(Double.parseDouble(b[0]), Double.parseDouble(b[1]),
          Double.parseDouble(b[2]), Double.parseDouble(b[3])),
          Rule.valueOf(p[0].toUpperCase(Locale.ROOT)), Integer.parseInt(p[1]),
          Double.parseDouble(p[2]));
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("not a crop spec (rule|size|scale|x1,y1,x2,y2|image): '" + text
          + "': " + e.getMessage());
    }
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
