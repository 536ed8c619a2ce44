package org.comicreid.catalog.datasets;

/**
 * A problem after which an input cannot be read on (malformed JSON, a bad CSV header, a missing
 * file): even with {@code skipInvalid} nothing is imported. The importer reports it together with
 * the problems found before it.
 */
final class FatalProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ImportProblem problem;

  FatalProblem(String file, long line, String message) {
    super(file + ":" + line + ": " + message);
    this.problem = new ImportProblem(file, line, message);
  }

  ImportProblem problem() {
    return problem;
  }
}
