package org.comicreid.catalog.entity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as the catalog stores them: microsecond precision, like its timestamp columns. */
public final class Times {
  private Times() {}

  /** {@code t} truncated to microseconds, or null. */
  public static Instant micros(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
  }

  /** Now, truncated to microseconds. */
  public static Instant now() {
    return micros(Instant.now());
  }
}
