package org.comicreid.catalog.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while validating an input, and the notes on rows dropped because something
 * they depend on was skipped.
 */
final class Problems {

  private final List<ImportProblem> problems = new ArrayList<>();
  private final List<ImportProblem> dropped = new ArrayList<>();

  /** Records a problem at {@code file:line}. */
  void add(String file, long line, String message) {
    problems.add(new ImportProblem(file, line, message));
  }

  /** Records that the row at {@code file:line} is left out because of another problem. */
  void drop(String file, long line, String message) {
    dropped.add(new ImportProblem(file, line, message));
  }

  int size() {
    return problems.size();
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  List<ImportProblem> problems() {
    return problems;
  }

  List<ImportProblem> dropped() {
    return dropped;
  }

  /** Throws {@link DatasetImportException} with every problem when there is any. */
  void throwIfAny(String input) {
    if (!problems.isEmpty()) {
      throw new DatasetImportException(input, problems);
    }
  }
}
