package org.comicreid.core.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;

/**
 * Reads embeddings from CSV.
 *
 * <p>Labelled files have the header {@code id,label,e0,e1,...,e<d-1>}; unlabelled (cluster input)
 * files have {@code id,e0,...,e<d-1>}. Ids must be unique within a file; labels are arbitrary
 * strings mapped to integer ids through a caller-supplied dictionary (so query and reference files
 * share ids); every value must be a finite number. Cells are not quoted. Problems are reported as a
 * {@link ReidInputException} whose one-line message reads {@code FILE:LINE:COLUMN: ...}, where
 * COLUMN is the 1-based field number.
 */
public final class EmbeddingsCsv {
  private EmbeddingsCsv() {}

  /** Reads {@code id,label,e0,...}; new labels are added to {@code labelIds}. */
  public static Embeddings readLabelled(Path file, Map<String, Integer> labelIds) {
    return read(file, true, labelIds);
  }

  /** Reads {@code id,label,e0,...} with a fresh label dictionary. */
  public static Embeddings readLabelled(Path file) {
    return read(file, true, new HashMap<>());
  }

  /** Reads {@code id,e0,...}. */
  public static Embeddings readUnlabelled(Path file) {
    return read(file, false, null);
  }

  /** Throws unless both sets have the same dimension. */
  public static void requireSameDim(Path queryFile, Embeddings query, Path referenceFile, Embeddings reference) {
    if (query.dim() != reference.dim()) {
      throw new ReidInputException(
          referenceFile + ":1: has " + reference.dim() + " embedding columns but " + queryFile
              + " has " + query.dim() + "; expected the same dimension");
    }
  }

  private static Embeddings read(Path file, boolean labelled, Map<String, Integer> labelIds) {
    String expectedHeader = labelled ? "id,label,e0,e1,..." : "id,e0,e1,...";
    if (!Files.isRegularFile(file)) {
      throw new ReidInputException(file + ": file not found; expected a CSV file with header " + expectedHeader);
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || header.isBlank()) {
        throw new ReidInputException(file + ":1: file is empty; expected a header line " + expectedHeader);
      }
      if (header.startsWith("\uFEFF")) {
        header = header.substring(1);
      }
      String[] names = header.strip().split(",", -1);
      int first = labelled ? 2 : 1;
      checkHeader(file, names, labelled, expectedHeader);
      int dim = names.length - first;
      int fields = names.length;
      List<String> labelNames = new ArrayList<>();
      if (labelIds != null) {
        String[] known = new String[labelIds.size()];
        labelIds.forEach((k, v) -> known[v] = k);
        labelNames.addAll(Arrays.asList(known));
      }
      Map<String, Integer> seenIds = new HashMap<>();
      List<String> ids = new ArrayList<>();
      int[] labels = labelled ? new int[1024] : null;
      float[] data = new float[1024 * dim];
      String line;
      int lineNo = 1;
      int n = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        if ((long) (n + 1) * dim > Integer.MAX_VALUE - 8) {
          throw new ReidInputException(file + ":" + lineNo + ": too many values for one matrix");
        }
        if (data.length < (n + 1) * dim) {
          data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * data.length));
          if (labels != null) {
            labels = Arrays.copyOf(labels, labels.length * 2);
          }
        }
        int pos = 0;
        int field = 0;
        int len = line.length();
        while (true) {
          int comma = line.indexOf(',', pos);
          int end = comma < 0 ? len : comma;
          if (field >= fields) {
            throw ragged(file, lineNo, fields, countFields(line));
          }
          String cell = line.substring(pos, end).strip();
          if (field == 0) {
            if (cell.isEmpty()) {
              throw new ReidInputException(file + ":" + lineNo + ":1: empty id; expected a non-empty id");
            }
            Integer prev = seenIds.putIfAbsent(cell, lineNo);
            if (prev != null) {
              throw new ReidInputException(
                  file + ":" + lineNo + ":1: duplicate id '" + cell + "' (first on line " + prev + "); expected unique ids");
            }
            ids.add(cell);
          } else if (labelled && field == 1) {
            if (cell.isEmpty()) {
              throw new ReidInputException(file + ":" + lineNo + ":2: empty label; expected a label");
            }
            Integer id = labelIds.get(cell);
            if (id == null) {
              id = labelIds.size();
              labelIds.put(cell, id);
              labelNames.add(cell);
            }
            labels[n] = id;
          } else {
            data[n * dim + field - first] = parse(file, lineNo, field, names[field], cell);
          }
          field++;
          if (comma < 0) {
            break;
          }
          pos = comma + 1;
        }
        if (field != fields) {
          throw ragged(file, lineNo, fields, field);
        }
        n++;
      }
      if (n == 0) {
        throw new ReidInputException(file + ":2: no data rows after the header; expected at least one row");
      }
      return new Embeddings(
          ids.toArray(String[]::new),
          labels == null ? null : Arrays.copyOf(labels, n),
          labelled ? labelNames : List.of(),
          Arrays.copyOf(data, n * dim),
          dim);
    } catch (NoSuchFileException e) {
      throw new ReidInputException(file + ": file not found; expected a CSV file with header " + expectedHeader);
    } catch (IOException e) {
      throw new ReidInputException(file + ": cannot read: " + e.getMessage());
    }
  }

  private static void checkHeader(Path file, String[] names, boolean labelled, String expected) {
    int first = labelled ? 2 : 1;
    if (names.length <= first) {
      throw new ReidInputException(
          file + ":1: header has no embedding columns; expected " + expected);
    }
    if (!names[0].strip().equals("id")) {
      throw new ReidInputException(file + ":1:1: header column 1 is '" + names[0].strip() + "'; expected 'id' (header " + expected + ")");
    }
    if (labelled && !names[1].strip().equals("label")) {
      throw new ReidInputException(file + ":1:2: header column 2 is '" + names[1].strip() + "'; expected 'label' (header " + expected + ")");
    }
    for (int f = first; f < names.length; f++) {
      String want = "e" + (f - first);
      if (!names[f].strip().equals(want)) {
        throw new ReidInputException(
            file + ":1:" + (f + 1) + ": header column " + (f + 1) + " is '" + names[f].strip() + "'; expected '" + want + "' (header " + expected + ")");
      }
    }
  }

  private static float parse(Path file, int line, int field, String name, String cell) {
    float v;
    try {
      v = Float.parseFloat(cell);
    } catch (NumberFormatException e) {
      throw new ReidInputException(
          file + ":" + line + ":" + (field + 1) + ": " + name + " is '" + abbreviate(cell) + "'; expected a number");
    }
    if (!Float.isFinite(v) || cell.isEmpty()) {
      throw new ReidInputException(
          file + ":" + line + ":" + (field + 1) + ": " + name + " is '" + abbreviate(cell) + "'; expected a finite number");
    }
    return v;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static int countFields(String line) {
    int c = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        c++;
      }
    }
    return c;
  }

  private static ReidInputException ragged(Path file, int line, int expected, int got) {
    return new ReidInputException(
        file + ":" + line + ": row has " + got + " fields; expected " + expected + " like the header");
  }
}
