package org.comicreid.experiments.config;

/** The value types a config key can have; each parses and prints its values canonically. */
public enum KeyType {
  STRING("string"),
  INT("int"),
  LONG("long"),
  DOUBLE("double"),
  BOOLEAN("boolean"),
  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 such as {@code PT30S}. */
  DURATION("duration"),
  PATH("path"),
  ENUM("enum");

  private final String label;

  KeyType(String label) {
    this.label = label;
  }

  /** The lower-case name used in messages and in the config reference. */
  public String label() {
    return label;
  }
}
