package org.comicreid.learning.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.PartKind;

/**
 * Post-processing of the raw output of ONE YOLOX head (one kind of part) into boxes on the
 * original image, as YOLOX's {@code postprocess} does for one class.
 *
 * <p>Each row is {@code (cx, cy, w, h, objectness, class scores...)} in letterboxed-input pixels,
 * scores already through their sigmoid:
 *
 * <ol>
 *   <li>score = objectness x (largest class score); a row of exactly 5 columns has no class
 *       columns and its score is the objectness (DASS's heads are "class part-free" and return 5
 *       columns; standard YOLOX heads return 5 + C);
 *   <li>rows with {@code score >= confidence} are kept ({@code NaN} scores are not);
 *   <li>the centre form becomes corners {@code (cx - w/2, cy - h/2, cx + w/2, cy + h/2)};
 *   <li>greedy NMS in input pixels: candidates in order of decreasing score, ties broken by the
 *       lower row index first; a candidate is dropped when its IoU with an already kept box is
 *       {@code > nms} (so an IoU equal to the threshold survives, as in torchvision's {@code nms});
 *   <li>kept boxes are divided by r and clipped to the image ({@link Letterbox#unscale}).
 * </ol>
 *
 * <p>The output is in the NMS order: score descending, ties by row index. Instances are immutable
 * and may be shared between threads.
 */
public final class YoloxDecoder {

  /** Columns before the class scores: cx, cy, w, h, objectness. */
  public static final int BOX_COLUMNS = 5;

  private final double confidence;
  private final double nms;

  /**
   * @param confidence lowest score kept, in [0, 1]
   * @param nms IoU above which the lower-scoring of two boxes is removed, in [0, 1]
   */
  public YoloxDecoder(double confidence, double nms) {
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence: expected a number in [0, 1], got " + confidence);
    }
    if (!(nms >= 0 && nms <= 1)) {
      throw new IllegalArgumentException("nms: expected a number in [0, 1], got " + nms);
    }
    this.confidence = confidence;
    this.nms = nms;
  }

  public double confidence() {
    return confidence;
  }

  public double nms() {
    return nms;
  }

  /** Decodes rows given one array per row (all of one length, at least 5). */
  public List<DetectedBox> decode(float[][] rows, Letterbox letterbox, PartKind kind) {
    if (rows.length == 0) {
      return List.of();
    }
    int columns = rows[0].length;
    float[] flat = new float[rows.length * columns];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != columns) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length
            + " columns, row 0 has " + columns);
      }
      System.arraycopy(rows[i], 0, flat, i * columns, columns);
    }
    return decode(flat, columns, letterbox, kind);
  }

  /**
   * Decodes rows stored one after the other in {@code output} (row-major {@code [N, columns]},
   * e.g. a {@code [1, N, columns]} tensor's data).
   *
   * @throws IllegalArgumentException if {@code columns < 5}, the data is not a whole number of
   *     rows, or a row that passes the confidence threshold has a non-finite centre or a negative
   *     or non-finite size
   */
  public List<DetectedBox> decode(float[] output, int columns, Letterbox letterbox, PartKind kind) {
    Objects.requireNonNull(letterbox, "letterbox");
    Objects.requireNonNull(kind, "kind");
    if (columns < BOX_COLUMNS) {
      throw new IllegalArgumentException("expected rows of at least " + BOX_COLUMNS
          + " columns (cx, cy, w, h, objectness[, class scores]), got " + columns);
    }
    if (output.length % columns != 0) {
      throw new IllegalArgumentException(
          output.length + " values are not a whole number of rows of " + columns + " columns");
    }
    int n = output.length / columns;
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int o = i * columns;
      double score = output[o + 4];
      if (columns > BOX_COLUMNS) {
        double cls = output[o + BOX_COLUMNS];
        for (int k = BOX_COLUMNS + 1; k < columns; k++) {
          cls = Math.max(cls, output[o + k]);
        }
        score *= cls;
      }
      if (!(score >= confidence)) {
        continue;
      }
      double cx = output[o];
      double cy = output[o + 1];
      double w = output[o + 2];
      double h = output[o + 3];
      if (!Double.isFinite(cx) || !Double.isFinite(cy) || !(w >= 0) || !(h >= 0)
          || Double.isInfinite(w) || Double.isInfinite(h)) {
        throw new IllegalArgumentException("row " + i + ": expected a finite centre and a finite,"
            + " non-negative size, got cx=" + cx + " cy=" + cy + " w=" + w + " h=" + h);
      }
      candidates.add(new Candidate(i, score, new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)));
    }
    candidates.sort(Comparator.comparingDouble(Candidate::score).reversed()
        .thenComparingInt(Candidate::row));

    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : candidates) {
      boolean suppressed = false;
      for (Candidate k : kept) {
        if (iou(k.box(), c.box()) > nms) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(c);
      }
    }
    List<DetectedBox> out = new ArrayList<>(kept.size());
    for (Candidate k : kept) {
      out.add(new DetectedBox(kind, letterbox.unscale(k.box()), k.score()));
    }
    return out;
  }

  /** Intersection over union; 0 when the union is empty (two zero-area boxes). */
  public static double iou(Box a, Box b) {
    double inter = a.intersectionArea(b);
    double union = a.area() + b.area() - inter;
    return union > 0 ? inter / union : 0;
  }

  private record Candidate(int row, double score, Box box) {}
}
