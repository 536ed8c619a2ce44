package org.comicreid.experiments.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.comicreid.core.pipeline.Stage;

/**
 * One declared config key: its name ({@code <section>.<param>}), type, default (as text, already
 * canonical), the allowed range or values, and a one-line description. Keys are declared only in
 * {@link ConfigKeys}.
 *
 * @param name the full key, e.g. {@code cluster.threshold}
 * @param type the value type
 * @param defaultValue the default as text ({@code ""} means "empty", see the description)
 * @param min inclusive lower bound for numbers (null: none); for a duration, 0 allows a zero
 *     duration (which every other duration key refuses)
 * @param max inclusive upper bound for numbers (null: none)
 * @param allowed the allowed values of an enum key (empty otherwise)
 * @param pattern a regular expression a string value must match when non-empty (null: any)
 * @param scope whether the key enters the config hash
 * @param description one line for the config reference
 */
public record ConfigKey(
    String name,
    KeyType type,
    String defaultValue,
    Double min,
    Double max,
    List<String> allowed,
    Pattern pattern,
    KeyScope scope,
    String description) {

  public ConfigKey {
    allowed = List.copyOf(allowed);
    if (name.indexOf('.') <= 0) {
      throw new IllegalArgumentException("config key must be <section>.<param>: " + name);
    }
  }

  /** The part before the first dot, e.g. {@code cluster}. */
  public String section() {
    return name.substring(0, name.indexOf('.'));
  }

  /** The stage whose prefix this key has, if any. */
  public Optional<Stage> stage() {
    return Stage.byKey(section());
  }

  /** What a valid value looks like, for messages and the reference, e.g. {@code a double >= 0}. */
  public String expected() {
    String base =
        switch (type) {
          case STRING -> pattern == null ? "a string" : "a string matching " + pattern.pattern();
          case INT -> "an int";
          case LONG -> "a long";
          case DOUBLE -> "a double";
          case BOOLEAN -> "a boolean (true|false)";
          case DURATION -> "a duration (e.g. 30s, 5m, 2h, 1d or PT30S)";
          case PATH -> "a path";
          case ENUM -> "one of " + String.join("|", allowed);
        };
    String range = rangeText();
    return range.isEmpty() ? base : base + " " + range;
  }

  /** The range as text ({@code in 1..64}, {@code >= 0}), or empty. */
  public String rangeText() {
    if (min != null && max != null) {
      return "in " + num(min) + ".." + num(max);
    }
    if (min != null) {
      return ">= " + num(min);
    }
    if (max != null) {
      return "<= " + num(max);
    }
    return "";
  }

  private String num(double v) {
    return type == KeyType.DOUBLE ? Double.toString(v) : Long.toString((long) v);
  }

  /**
   * Parses and validates a raw value into its typed form: String, Integer, Long, Double, Boolean,
   * {@link Duration}, or (for paths and enums) String.
   *
   * @throws IllegalArgumentException with a short reason when the value is invalid
   */
  public Object parse(String raw) {
    if (raw == null) {
      raw = "";
    }
    String v = raw.strip();
    switch (type) {
      case STRING, PATH -> {
        if (pattern != null && !v.isEmpty() && !pattern.matcher(v).matches()) {
          throw new IllegalArgumentException("does not match " + pattern.pattern());
        }
        return v;
      }
      case INT -> {
        long n = parseLong(v);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("out of int range");
        }
        checkRange(n);
        return (int) n;
      }
      case LONG -> {
        long n = parseLong(v);
        checkRange(n);
        return n;
      }
      case DOUBLE -> {
        double d;
        try {
          d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a number");
        }
        if (!Double.isFinite(d) || v.endsWith("d") || v.endsWith("f") || v.endsWith("D")
            || v.endsWith("F")) {
          throw new IllegalArgumentException("not a finite number");
        }
        checkRange(d);
        return d;
      }
      case BOOLEAN -> {
        String l = v.toLowerCase(Locale.ROOT);
        if (l.equals("true")) {
          return Boolean.TRUE;
        }
        if (l.equals("false")) {
          return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean");
      }
      case DURATION -> {
        Duration d = Durations.parse(v);
        boolean zeroAllowed = min != null && min == 0.0; // declared ">= 0": zero means "off"
        if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
          throw new IllegalArgumentException(zeroAllowed ? "must not be negative" : "must be positive");
        }
        return d;
      }
      case ENUM -> {
        String l = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(l)) {
          throw new IllegalArgumentException("not an allowed value");
        }
        return l;
      }
      default -> throw new IllegalStateException(type.name());
    }
  }

  /** The canonical text of a parsed value; equal values give equal text (used for hashing). */
  public String canonical(Object value) {
    if (value instanceof Duration d) {
      return Durations.format(d);
    }
    return String.valueOf(value);
  }

  private static long parseLong(String v) {
    try {
      return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer");
    }
  }

  private void checkRange(double v) {
    if ((min != null && v < min) || (max != null && v > max)) {
      throw new IllegalArgumentException("out of range");
    }
  }
}
