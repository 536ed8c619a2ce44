package org.comicreid.catalog.ledger;

import java.util.ArrayList;
import java.util.List;

/** Reads and writes a JSON array of strings, the storage format of artifact paths. */
final class JsonStrings {
  private JsonStrings() {}

  static String write(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      quote(values.get(i), sb);
    }
    return sb.append(']').toString();
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Parses a JSON array of strings; null or blank reads as empty. */
  static List<String> read(String json) {
    List<String> out = new ArrayList<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    int[] pos = {skipWs(json, 0)};
    expect(json, pos, '[');
    pos[0] = skipWs(json, pos[0]);
    if (peek(json, pos) == ']') {
      return out;
    }
    while (true) {
      pos[0] = skipWs(json, pos[0]);
      out.add(string(json, pos));
      pos[0] = skipWs(json, pos[0]);
      char c = peek(json, pos);
      pos[0]++;
      if (c == ']') {
        return out;
      }
      if (c != ',') {
        throw bad(json, pos[0] - 1, "',' or ']'");
      }
    }
  }

  private static String string(String json, int[] pos) {
    expect(json, pos, '"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = peek(json, pos);
      pos[0]++;
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = peek(json, pos);
      pos[0]++;
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          if (pos[0] + 4 > json.length()) {
            throw bad(json, pos[0], "four hex digits");
          }
          sb.append((char) Integer.parseInt(json.substring(pos[0], pos[0] + 4), 16));
          pos[0] += 4;
        }
        default -> throw bad(json, pos[0] - 1, "an escape character");
      }
    }
  }

  private static char peek(String json, int[] pos) {
    if (pos[0] >= json.length()) {
      throw bad(json, pos[0], "more input");
    }
    return json.charAt(pos[0]);
  }

  private static void expect(String json, int[] pos, char c) {
    if (peek(json, pos) != c) {
      throw bad(json, pos[0], "'" + c + "'");
    }
    pos[0]++;
  }

  private static int skipWs(String json, int i) {
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    return i;
  }

  private static IllegalStateException bad(String json, int at, String expected) {
    return new IllegalStateException(
        "artifact paths in catalog are not a JSON string array: expected " + expected
            + " at offset " + at);
  }
}
