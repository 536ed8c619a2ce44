package org.comicreid.activities.stages;

import java.util.Locale;
import java.util.Map;
import org.comicreid.core.ReidInputException;

/**
 * Typed access to a stage input's params (the stage's resolved config slice). A missing or
 * malformed key is an input error naming the key: the workflow was submitted by a build that
 * does not know it.
 */
public record StageParams(Map<String, String> values) {

  public StageParams {
    values = Map.copyOf(values);
  }

  /** The raw value of {@code key}. */
  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new ReidInputException("stage parameter '" + key + "' is missing from the stage input"
          + " (was the workflow submitted by an older build?)");
    }
    return v;
  }

  public double dbl(String key) {
    String v = string(key);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new ReidInputException("stage parameter '" + key + "': expected a number, got '" + v + "'");
    }
  }

  public int integer(String key) {
    String v = string(key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ReidInputException("stage parameter '" + key + "': expected an integer, got '" + v + "'");
    }
  }

  public long lng(String key) {
    String v = string(key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ReidInputException("stage parameter '" + key + "': expected an integer, got '" + v + "'");
    }
  }

  public boolean bool(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new ReidInputException("stage parameter '" + key + "': expected true or false, got '" + v + "'");
    }
    return v.equals("true");
  }

  /** The experiment seed mixed with a per-purpose salt, so stages draw independent streams. */
  public long seed(String salt) {
    long s = lng("experiment.seed");
    return s * 0x9E3779B97F4A7C15L + salt.hashCode();
  }
}
