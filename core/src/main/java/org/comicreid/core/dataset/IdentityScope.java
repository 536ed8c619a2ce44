package org.comicreid.core.dataset;

import java.util.Locale;

/** How far a dataset's identity labels reach. */
public enum IdentityScope {
  /** A label means "same character" only inside its sequence (the paper's annotations). */
  SEQUENCE,
  /** A label names the same character wherever it appears in the dataset (already linked). */
  DATASET;

  /** The name stored in the catalog and used in configs and files. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code sequence} or {@code dataset}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static IdentityScope parse(String s) {
    for (IdentityScope v : values()) {
      if (v.id().equals(s == null ? "" : s.strip().toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new IllegalArgumentException("identity scope: expected sequence or dataset, got '" + s + "'");
  }
}
