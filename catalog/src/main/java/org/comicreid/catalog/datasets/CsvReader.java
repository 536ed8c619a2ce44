package org.comicreid.catalog.datasets;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming reader of RFC 4180 CSV: fields separated by commas, records by CRLF, LF or CR;
 * a field in double quotes may hold commas, line breaks (read as LF) and doubled quotes ({@code
 * ""}). A leading UTF-8 byte order mark is ignored, and so are empty lines. Each record carries
 * the line it starts on. A malformed record (a quote inside an unquoted field, text after a closing quote,
 * a quote left open at the end of the file) is still returned, with {@link Row#error()} saying
 * what is wrong, so that a caller can report it and go on.
 */
final class CsvReader implements Closeable {

  /**
   * One record.
   *
   * @param line 1-based line the record starts on
   * @param fields its fields
   * @param error what is malformed about it, or null
   */
  record Row(long line, String[] fields, String error) {}

  private static final int EOF = -1;

  private final Reader in;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line = 1;
  private boolean first = true;
  private final StringBuilder field = new StringBuilder();
  private final List<String> fields = new ArrayList<>();

  CsvReader(Reader in) {
    this.in = in;
  }

  private int read() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return EOF;
      }
    }
    return buf[pos++];
  }

  private int peek() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return EOF;
      }
    }
    return buf[pos];
  }

  /** Consumes the rest of a line break that started with {@code c} and counts the line. */
  private void endOfLine(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      pos++;
    }
    line++;
  }

  /** The next record, or null at the end of the input. */
  Row next() throws IOException {
    if (first) {
      first = false;
      if (peek() == '\uFEFF') {
        pos++;
      }
    }
    while (true) {
      if (peek() == EOF) {
        return null;
      }
      long start = line;
      fields.clear();
      String error = null;
      boolean anyQuoted = false;
      int c;
      record:
      while (true) {
        field.setLength(0);
        c = read();
        if (c == '"') {
          anyQuoted = true;
          while (true) {
            c = read();
            if (c == EOF) {
              error = error == null ? "quoted field opened on line " + start + " is never closed"
                  : error;
              fields.add(field.toString());
              break record;
            }
            if (c == '"') {
              if (peek() == '"') {
                pos++;
                field.append('"');
                continue;
              }
              break;
            }
            if (c == '\n' || c == '\r') {
              endOfLine(c);
              field.append('\n');
              continue;
            }
            field.append((char) c);
          }
          c = read();
          while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
            if (error == null) {
              error = "text after the closing quote of field " + (fields.size() + 1);
            }
            field.append((char) c);
            c = read();
          }
        } else {
          while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
            if (c == '"' && error == null) {
              error = "quote inside unquoted field " + (fields.size() + 1)
                  + " (quote the whole field and double the quote)";
            }
            field.append((char) c);
            c = read();
          }
        }
        fields.add(field.toString());
        if (c != ',') {
          break;
        }
      }
      if (c == '\n' || c == '\r') {
        endOfLine(c);
      }
      if (fields.size() == 1 && fields.get(0).isEmpty() && !anyQuoted && error == null) {
        continue; // empty line
      }
      return new Row(start, fields.toArray(new String[0]), error);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * The position of each of {@code columns} in {@code header}, -1 for an absent one; the first
   * {@code required} columns must be there.
   *
   * @throws FatalProblem naming {@code file} and the header line: unknown, repeated or missing
   *     columns, or a malformed header, all at once; {@code expected} ends the message
   */
  static int[] columnPositions(String file, Row header, List<String> columns, int required,
      String expected) {
    int[] col = new int[columns.size()];
    java.util.Arrays.fill(col, -1);
    List<String> issues = new java.util.ArrayList<>();
    if (header.error() != null) {
      issues.add("malformed CSV: " + header.error());
    }
    String[] names = header.fields();
    for (int i = 0; i < names.length; i++) {
      String name = names[i].strip();
      int k = columns.indexOf(name);
      if (k < 0) {
        issues.add("unknown column '" + name + "'");
      } else if (col[k] >= 0) {
        issues.add("column '" + name + "' appears twice");
      } else {
        col[k] = i;
      }
    }
    for (int k = 0; k < required; k++) {
      if (col[k] < 0) {
        issues.add("missing column '" + columns.get(k) + "'");
      }
    }
    if (!issues.isEmpty()) {
      throw new FatalProblem(file, header.line(), "header: " + String.join("; ", issues)
          + " (expected " + expected + ")");
    }
    return col;
  }
}
