package org.comicreid.learning.detect;

import java.util.Objects;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.PartKind;

/**
 * One detection: what it shows, where (in the pixels of the original image, clipped to it) and the
 * detector's score ({@code objectness x class score}, in [0, 1] for a sigmoid head).
 */
public record DetectedBox(PartKind kind, Box box, double score) {
  public DetectedBox {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(box, "box");
  }
}
