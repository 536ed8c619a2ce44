package org.comicreid.core.pairing;

import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;

/** Square face crops around a detected face box (paper Appendix B, authors' evaluation code). */
public final class FaceCrops {
  /** The face crop scale used by the paper and the authors' code. */
  public static final double PAPER_SCALE = 1.2;

  private FaceCrops() {}

  /**
   * The crop box of a face: a square of side {@code max(w, h) * scale} centred on the face box's
   * centre, then clipped to {@code [0,imageW] x [0,imageH]} (so a crop at an image border is no
   * longer square).
   *
   * @param face the face box
   * @param scale side multiplier, finite and &gt; 0 (1.2 in the paper)
   * @param imageW image width in pixels, &gt; 0
   * @param imageH image height in pixels, &gt; 0
   */
  public static Box faceCropBox(Box face, double scale, int imageW, int imageH) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new ReidInputException("face crop scale must be finite and > 0, got " + scale);
    }
    if (imageW <= 0 || imageH <= 0) {
      throw new ReidInputException("image size must be positive, got " + imageW + "x" + imageH);
    }
    double side = Math.max(face.width(), face.height()) * scale;
    double cx = (face.x1() + face.x2()) / 2;
    double cy = (face.y1() + face.y2()) / 2;
    return new Box(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2).clip(imageW, imageH);
  }
}
