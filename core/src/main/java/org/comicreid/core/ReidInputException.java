package org.comicreid.core;

/**
 * A problem with what the user gave us: a missing or malformed file, an unknown config key, a bad
 * value. The CLI prints the message as one line and exits with code 2, so the message must name the
 * file, line or key and say what was expected.
 */
public class ReidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReidInputException(String message) {
    super(message);
  }

  public ReidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
