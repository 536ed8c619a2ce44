package org.comicreid.core;

/**
 * A run that was started with valid input but did not succeed (a stage failed, a service was
 * unreachable, a stage is not available). The CLI prints the message as one line and exits with
 * code 1.
 */
public class ReidRunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReidRunException(String message) {
    super(message);
  }

  public ReidRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
