package org.comicreid.core.pairing;

import java.util.ArrayList;
import java.util.List;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.DetectionRecord;

/**
 * Which detections may be used for self-supervised pretraining (paper Appendix B: boxes with an
 * area below 64 or a score below 0.95 are not used). A detection is accepted when
 * {@code area >= minArea} and {@code score >= minScore}.
 *
 * @param minArea the smallest accepted box area in square pixels
 * @param minScore the smallest accepted detector score
 */
public record DetectionFilter(double minArea, double minScore) {
  /** Checks the bounds. */
  public DetectionFilter {
    if (Double.isNaN(minArea) || Double.isNaN(minScore)) {
      throw new ReidInputException("detection filter bounds must be numbers");
    }
  }

  /** The paper's filter: area &gt;= 64 and score &gt;= 0.95. */
  public static DetectionFilter paper() {
    return new DetectionFilter(64, 0.95);
  }

  /** Whether {@code d} passes both bounds. */
  public boolean accepts(DetectionRecord d) {
    return passesArea(d) && passesScore(d);
  }

  private boolean passesArea(DetectionRecord d) {
    return d.box().area() >= minArea;
  }

  private boolean passesScore(DetectionRecord d) {
    return d.score() >= minScore;
  }

  /** The accepted detections, in input order. */
  public List<DetectionRecord> filter(List<DetectionRecord> detections) {
    List<DetectionRecord> out = new ArrayList<>();
    for (DetectionRecord d : detections) {
      if (accepts(d)) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * Counts what the filter keeps and drops. A detection failing both bounds is counted in both
   * {@code droppedByArea} and {@code droppedByScore} (and once in {@code dropped()}).
   */
  public FilterReport summarize(List<DetectionRecord> detections) {
    int kept = 0;
    int byArea = 0;
    int byScore = 0;
    for (DetectionRecord d : detections) {
      boolean a = passesArea(d);
      boolean s = passesScore(d);
      if (a && s) {
        kept++;
      }
      if (!a) {
        byArea++;
      }
      if (!s) {
        byScore++;
      }
    }
    return new FilterReport(detections.size(), kept, byArea, byScore);
  }

  /**
   * What a {@link DetectionFilter} did to a list of detections.
   *
   * @param total detections seen
   * @param kept detections accepted
   * @param droppedByArea detections whose area is below the bound (whatever their score)
   * @param droppedByScore detections whose score is below the bound (whatever their area)
   */
  public record FilterReport(int total, int kept, int droppedByArea, int droppedByScore) {
    /** Detections rejected for any reason. */
    public int dropped() {
      return total - kept;
    }
  }
}
