package org.comicreid.catalog.datasets;

import java.util.Objects;

/**
 * One problem found in an input file.
 *
 * @param file the file, as the path it was read from
 * @param line 1-based line where the offending row (CSV) or object (JSON) starts; 0 when the
 *     problem concerns the file as a whole
 * @param message what is wrong, and what was expected
 */
public record ImportProblem(String file, long line, String message) {
  public ImportProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line: message}. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
