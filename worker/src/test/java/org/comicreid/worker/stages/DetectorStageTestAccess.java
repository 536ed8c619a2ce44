package org.comicreid.worker.stages;

import java.io.IOException;
import java.nio.file.Path;

/** DetectorStageTest's drawn panel (a red face in a blue body), for tests in other packages. */
public final class DetectorStageTestAccess {
  private DetectorStageTestAccess() {}

  /** A 400x300 panel: a red "face" at (100,40)-(140,80), a blue "body" at (90,30)-(170,260). */
  public static void panel(Path file) throws IOException {
    DetectorStageTest.panel(file);
  }
}
