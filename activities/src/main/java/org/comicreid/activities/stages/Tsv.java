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
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join("\t", header));
      w.write('\n');
      for (List<?> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException(
              "row has " + row.size() + " values for " + header.size() + " columns: " + row);
        }
        for (int i = 0; i < row.size(); i++) {
          if (i > 0) {
            w.write('\t');
          }
          w.write(String.valueOf(row.get(i)));
        }
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
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
