package org.comicreid.catalog.datasets;

import java.util.List;
import org.comicreid.core.ReidInputException;

/**
 * An import refused because its input has problems; nothing was written. The message is a summary
 * line followed by the first {@value #SHOWN} problems, one {@code FILE:LINE: message} per line,
 * and {@code and N more}; {@link #problems()} has all of them.
 */
public class DatasetImportException extends ReidInputException {
  private static final long serialVersionUID = 1L;

  /** How many problems the message lists. */
  public static final int SHOWN = 20;

  private final transient List<ImportProblem> problems;

  /**
   * @param input the file or folder being imported
   * @param problems every problem found, at least one
   */
  public DatasetImportException(String input, List<ImportProblem> problems) {
    super(message(input, problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in the order found. */
  public List<ImportProblem> problems() {
    return problems;
  }

  private static String message(String input, List<ImportProblem> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append("cannot import ").append(input).append(": ").append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems")
        .append(", nothing was imported (--skip-invalid imports the valid part)");
    problems.stream().limit(SHOWN).forEach(p -> sb.append('\n').append(p));
    if (problems.size() > SHOWN) {
      sb.append("\nand ").append(problems.size() - SHOWN).append(" more");
    }
    return sb.toString();
  }
}
