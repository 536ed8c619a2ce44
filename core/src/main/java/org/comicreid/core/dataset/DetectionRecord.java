package org.comicreid.core.dataset;

/**
 * One detected (or annotated) face or body box.
 *
 * @param id catalog id
 * @param panelId the panel it is on
 * @param kind face or body
 * @param box the box in panel pixels, or, when {@code imagePath} is set, in that image's pixels
 * @param score detector confidence in [0,1]
 * @param imagePath for an already-cropped face or body image (the "instances" layout), that
 *     image file, whose whole area {@code box} covers; empty when the box is on the panel image
 */
public record DetectionRecord(long id, long panelId, PartKind kind, Box box, double score, String imagePath) {
  public DetectionRecord {
    imagePath = imagePath == null ? "" : imagePath;
  }

  /** A box on the panel image. */
  public DetectionRecord(long id, long panelId, PartKind kind, Box box, double score) {
    this(id, panelId, kind, box, score, "");
  }

  /** True when the box refers to an already-cropped image rather than the panel image. */
  public boolean precropped() {
    return !imagePath.isEmpty();
  }
}
