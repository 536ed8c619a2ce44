package org.comicreid.learning.augment;

import java.util.Map;
import org.comicreid.core.ReidInputException;

/** Reads typed values of {@code augment.*} keys from a stage's param map; missing keys give the default. */
final class ParamReader {

  private final Map<String, String> params;

  ParamReader(Map<String, String> params) {
    this.params = params == null ? Map.of() : params;
  }

  double dbl(String key, double def) {
    String v = params.get(key);
    if (v == null) {
      return def;
    }
    try {
      double d = Double.parseDouble(v.strip());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ReidInputException("config key " + key + ": expected a number, got '" + v + "'");
    }
  }

  int integer(String key, int def) {
    String v = params.get(key);
    if (v == null) {
      return def;
    }
    try {
      String t = v.strip();
      return Integer.parseInt(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      throw new ReidInputException("config key " + key + ": expected an integer, got '" + v + "'");
    }
  }

  FlipMode flip(String key, FlipMode def) {
    String v = params.get(key);
    return v == null ? def : FlipMode.parse(key, v);
  }
}
