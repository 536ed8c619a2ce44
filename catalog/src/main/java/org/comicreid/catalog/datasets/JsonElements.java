package org.comicreid.catalog.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON file whose top level is an array, one element at a time (so a large file is never
 * held whole), as small trees whose every value knows the line it starts on. Malformed JSON, a
 * key given twice, or a top level that is not an array is a problem naming
 * the file and line ({@link FatalProblem}).
 */
final class JsonElements implements Closeable {

  /** A JSON value and the line it starts on. */
  record Node(long line, Object value) {
    boolean isObject() {
      return value instanceof Map;
    }

    boolean isArray() {
      return value instanceof List;
    }

    boolean isNumber() {
      return value instanceof Number;
    }

    @SuppressWarnings("unchecked")
    Map<String, Node> fields() {
      return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> elements() {
      return (List<Node>) value;
    }

    /** A string, or a number written as text (ids such as {@code 1551}), else null. */
    String text() {
      if (value instanceof String s) {
        return s;
      }
      if (value instanceof Long || value instanceof Integer) {
        return value.toString();
      }
      return null;
    }

    double number() {
      return ((Number) value).doubleValue();
    }

    /** What the value is, for messages. */
    String kind() {
      if (value == null) {
        return "null";
      }
      if (value instanceof String) {
        return "a string";
      }
      if (value instanceof Number) {
        return "a number";
      }
      if (value instanceof Boolean) {
        return "a boolean";
      }
      return isArray() ? "an array" : "an object";
    }
  }

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final String file;
  private final JsonParser parser;
  private boolean done;

  /** Opens {@code path}; {@code file} is how problems name it. */
  JsonElements(Path path, String file) {
    this.file = file;
    try {
      this.parser = FACTORY.createParser(Files.newBufferedReader(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    JsonToken t = token();
    if (t != JsonToken.START_ARRAY) {
      throw malformed(parser.currentTokenLocation().getLineNr(),
          "the top level must be an array [...], found " + (t == null ? "nothing" : t.asString()));
    }
  }

  /** The next element of the top-level array, or null after the last. */
  Node next() {
    if (done) {
      return null;
    }
    JsonToken t = token();
    if (t == JsonToken.END_ARRAY) {
      done = true;
      if (token() != null) {
        throw malformed(parser.currentTokenLocation().getLineNr(),
            "unexpected content after the top-level array");
      }
      return null;
    }
    return value(t);
  }

  private Node value(JsonToken t) {
    long line = parser.currentTokenLocation().getLineNr();
    try {
      return switch (t) {
        case START_OBJECT -> {
          Map<String, Node> fields = new LinkedHashMap<>();
          JsonToken k;
          while ((k = token()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            fields.put(name, value(token()));
          }
          yield new Node(line, fields);
        }
        case START_ARRAY -> {
          List<Node> elements = new ArrayList<>();
          JsonToken e;
          while ((e = token()) != JsonToken.END_ARRAY) {
            elements.add(value(e));
          }
          yield new Node(line, elements);
        }
        case VALUE_STRING -> new Node(line, parser.getText());
        case VALUE_NUMBER_INT -> new Node(line, parser.getLongValue());
        case VALUE_NUMBER_FLOAT -> new Node(line, parser.getDoubleValue());
        case VALUE_TRUE -> new Node(line, Boolean.TRUE);
        case VALUE_FALSE -> new Node(line, Boolean.FALSE);
        case VALUE_NULL -> new Node(line, null);
        default -> throw malformed(line, "unexpected " + t.asString());
      };
    } catch (IOException e) {
      throw malformed(line, e.getMessage());
    }
  }

  private JsonToken token() {
    try {
      JsonToken t = parser.nextToken();
      if (t == null && !done) {
        throw malformed(parser.currentLocation().getLineNr(), "unexpected end of file");
      }
      return t;
    } catch (JsonProcessingException e) {
      throw malformed(e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private FatalProblem malformed(long line, String message) {
    String m = message == null ? "" : message.replaceAll("\\s+", " ").trim();
    return new FatalProblem(file, Math.max(line, 0), "malformed JSON: " + m);
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // read-only
    }
  }
}
