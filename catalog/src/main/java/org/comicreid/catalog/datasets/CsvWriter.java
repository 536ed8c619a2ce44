package org.comicreid.catalog.datasets;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/** Writes RFC 4180 CSV with LF line ends, quoting only the fields that need it. */
final class CsvWriter implements Closeable {

  private final Writer out;

  CsvWriter(Writer out) {
    this.out = out;
  }

  /** Writes one record. */
  void row(String... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      String f = fields[i] == null ? "" : fields[i];
      if (needsQuotes(f)) {
        out.write('"');
        out.write(f.replace("\"", "\"\""));
        out.write('"');
      } else {
        out.write(f);
      }
    }
    out.write('\n');
  }

  private static boolean needsQuotes(String f) {
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
