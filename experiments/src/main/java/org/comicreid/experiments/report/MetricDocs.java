package org.comicreid.experiments.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;

/**
 * The two shapes of one set of metrics: the nested JSON document of {@code reid run --json} (scope,
 * model, metric) and the flat map keyed by dotted paths that trackers hold. Grids and gates work on
 * the flat shape, which loses nothing: a nested document flattens to exactly the paths a tracked
 * run carries as metric keys.
 */
public final class MetricDocs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricDocs() {}

  /**
   * The numeric leaves of a nested document keyed by their dotted paths. A JSON {@code null} leaf
   * is kept as a null value (the metric exists but could not be computed); strings, booleans and
   * lists are left out, as are non-finite numbers (kept as null).
   */
  public static Map<String, Double> flatten(Map<String, ?> doc) {
    Map<String, Double> out = new LinkedHashMap<>();
    flatten("", doc, out);
    return out;
  }

  private static void flatten(String prefix, Map<String, ?> node, Map<String, Double> out) {
    for (Map.Entry<String, ?> e : node.entrySet()) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      Object v = e.getValue();
      if (v == null) {
        out.put(path, null);
      } else if (v instanceof Number n) {
        double d = n.doubleValue();
        out.put(path, Double.isFinite(d) ? d : null);
      } else if (v instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, ?> child = (Map<String, ?>) m;
        flatten(path, child, out);
      }
    }
  }

  /**
   * The nested document of flat metrics, splitting keys on '.'. Where one key is a prefix of
   * another ({@code a.b} and {@code a.b.c}), the leaf that comes first wins and the other is left
   * out, since JSON cannot hold both.
   */
  public static Map<String, Object> nest(Map<String, Double> flat) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : flat.entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> node = root;
      boolean placed = true;
      for (int i = 0; i < parts.length - 1 && placed; i++) {
        Object child = node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        if (child instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> next = (Map<String, Object>) m;
          node = next;
        } else {
          placed = false;
        }
      }
      String last = parts[parts.length - 1];
      if (placed && !(node.get(last) instanceof Map)) {
        node.putIfAbsent(last, e.getValue());
      }
    }
    return root;
  }

  /** The value at a dotted path of a nested document: null when absent, null or not a number. */
  public static Double value(Map<String, ?> doc, String path) {
    Object node = doc;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(part);
    }
    if (node instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    return null;
  }

  /**
   * Reads a JSON object from a file.
   *
   * @throws ReidInputException naming the file when it is missing, unreadable, not JSON or not an
   *     object
   */
  public static Map<String, Object> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ReidInputException(file + ": no such file");
    } catch (IOException e) {
      throw new ReidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** Parses a JSON object; {@code source} names it in errors. */
  public static Map<String, Object> parse(String source, String text) {
    Object doc;
    try {
      doc = JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
      throw new ReidInputException(source + where + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(doc instanceof Map<?, ?> m)) {
      throw new ReidInputException(source + ": expected a JSON object (the output of reid run --json"
          + " or reid sweep --json)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) m;
    return map;
  }

  /** True for a {@code reid sweep --json} document (a {@code sweep} object and a {@code members} list). */
  public static boolean isSweep(Map<String, ?> doc) {
    return doc.get("sweep") instanceof Map && doc.get("members") instanceof List;
  }
}
