package org.comicreid.activities.stages;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.comicreid.core.ReidRunException;

/**
 * Tab-separated artifact tables with a header row: small, diffable, readable by people and by
 * pandas. Values must not contain tabs or newlines.
 */
public final class Tsv {
  private Tsv() {}

  /** A parsed table: the header and rows, with by-name access. */
  public record Table(Path file, List<String> header, List<String[]> rows) {
    /** The index of {@code column}, failing with the file and the columns it has. */
    public int col(String column) {
      int i = header.indexOf(column);
      if (i < 0) {
        throw new ReidRunException(file + ": no column '" + column + "' (has " + header + ")");
      }
      return i;
    }
  }

  /** Writes {@code header} and {@code rows} to {@code file}. */
  public static void write(Path file, List<String> header, Iterable<? extends List<?>> rows) {
    try (Writer w = new Writer(file, header)) {
      for (List<?> row : rows) {
        w.row(row);
      }
    }
  }

  /** Writes a table row by row, so a table of millions of rows is never held in memory. */
  public static final class Writer implements AutoCloseable {
    private final Path file;
    private final int columns;
    private final BufferedWriter w;
    private long rows;

    /** Opens {@code file} and writes the header. */
    public Writer(Path file, List<String> header) {
      this.file = file;
      this.columns = header.size();
      try {
        this.w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        w.write(String.join("\t", header));
        w.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }

    /** Appends one row (as many values as the header has columns). */
    public void row(List<?> row) {
      if (row.size() != columns) {
        throw new IllegalArgumentException(
            "row has " + row.size() + " values for " + columns + " columns: " + row);
      }
      try {
        for (int i = 0; i < row.size(); i++) {
          if (i > 0) {
            w.write('\t');
          }
          w.write(String.valueOf(row.get(i)));
        }
        w.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
      rows++;
    }

    /** Rows written so far. */
    public long rows() {
      return rows;
    }

    @Override
    public void close() {
      try {
        w.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }

  /** A streamed table's header, for by-name column look-up before rows arrive. */
  public record Header(Path file, List<String> columns) {
    /** The index of {@code column}, failing with the file and the columns it has. */
    public int col(String column) {
      int i = columns.indexOf(column);
      if (i < 0) {
        throw new ReidRunException(file + ": no column '" + column + "' (has " + columns + ")");
      }
      return i;
    }
  }

  /** Receives a streamed table. */
  public interface RowSink {
    /** Called once, before any row. */
    void header(Header header);

    /** Called per row, in file order. */
    void row(String[] cells);
  }

  /** Reads a table row by row (never holding it whole), as {@link #read} would. */
  public static long stream(Path file, RowSink sink) {
    try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      if (first == null) {
        throw new ReidRunException("artifact " + file + " is empty (expected a header row)");
      }
      List<String> header = Arrays.asList(first.split("\t", -1));
      sink.header(new Header(file, header));
      long line = 1;
      long n = 0;
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        line++;
        if (s.isEmpty()) {
          continue;
        }
        String[] cells = s.split("\t", -1);
        if (cells.length != header.size()) {
          throw new ReidRunException(file + " line " + line + ": " + cells.length
              + " values for " + header.size() + " columns");
        }
        sink.row(cells);
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new ReidRunException("cannot read artifact " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a table written by {@link #write}. */
  public static Table read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReidRunException("cannot read artifact " + file + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) {
      throw new ReidRunException("artifact " + file + " is empty (expected a header row)");
    }
    List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
    List<String[]> rows = new ArrayList<>(lines.size() - 1);
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      if (cells.length != header.size()) {
        throw new ReidRunException(file + " line " + (i + 1) + ": " + cells.length
            + " values for " + header.size() + " columns");
      }
      rows.add(cells);
    }
    return new Table(file, header, rows);
  }

  /** Floats as a comma-separated cell. */
  public static String floats(float[] v) {
    StringBuilder b = new StringBuilder(v.length * 10);
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(v[i]);
    }
    return b.toString();
  }

  /** Parses a cell written by {@link #floats}; empty = empty array. */
  public static float[] parseFloats(String cell) {
    if (cell.isEmpty()) {
      return new float[0];
    }
    String[] parts = cell.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i]);
    }
    return out;
  }
}
