package org.comicreid.experiments.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The on-disk queue of one run's operations that could not be delivered: JSON lines in {@code
 * <dir>/<runId>.jsonl}, in the order they were made, and copies of artifact files in {@code
 * <dir>/<runId>.files/}. Survives the process, so a later attempt of the same run delivers them.
 */
final class OutageBuffer {

  /** One buffered operation; which fields are set depends on {@code op}. */
  record Op(
      String op,
      List<MetricPoint> metrics,
      Map<String, String> params,
      Map<String, String> tags,
      String file,
      String artifactPath,
      String status,
      long endTime) {

    static Op metrics(List<MetricPoint> m) {
      return new Op("metrics", List.copyOf(m), null, null, null, null, null, 0);
    }

    static Op params(Map<String, String> p) {
      return new Op("params", null, p, null, null, null, null, 0);
    }

    static Op tags(Map<String, String> t) {
      return new Op("tags", null, null, t, null, null, null, 0);
    }

    static Op artifact(String file, String artifactPath) {
      return new Op("artifact", null, null, null, file, artifactPath, null, 0);
    }

    static Op finish(RunStatus status, long endTime) {
      return new Op("finish", null, null, null, null, null, status.name(), endTime);
    }

    /** Number of points or entries it carries (1 for artifact and finish). */
    int size() {
      return switch (op) {
        case "metrics" -> metrics.size();
        case "params" -> params.size();
        case "tags" -> tags.size();
        default -> 1;
      };
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Path filesDir;

  OutageBuffer(Path dir, String runId) {
    this.file = dir.resolve(runId + ".jsonl");
    this.filesDir = dir.resolve(runId + ".files");
  }

  Path file() {
    return file;
  }

  boolean isEmpty() {
    try {
      return !Files.exists(file) || Files.size(file) == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized void append(Op op) {
    try {
      Files.createDirectories(file.getParent());
      String line = JSON.writeValueAsString(op) + "\n";
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tracking buffer " + file, e);
    }
  }

  synchronized List<Op> read() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<Op> ops = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          ops.add(JSON.readValue(line, Op.class));
        }
      }
      return ops;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tracking buffer " + file, e);
    }
  }

  /** Replaces the content with {@code remaining} atomically; removes the files when empty. */
  synchronized void replace(List<Op> remaining) {
    try {
      if (remaining.isEmpty()) {
        Files.deleteIfExists(file);
        if (Files.isDirectory(filesDir)) {
          try (var s = Files.walk(filesDir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(p);
            }
          }
        }
        return;
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      StringBuilder sb = new StringBuilder();
      for (Op op : remaining) {
        sb.append(JSON.writeValueAsString(op)).append('\n');
      }
      Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite the tracking buffer " + file, e);
    }
  }

  /** Copies an artifact file into the buffer (its content as of now) and returns the copy. */
  Path keep(Path source) {
    try {
      Path dir = Files.createDirectories(filesDir.resolve(UUID.randomUUID().toString()));
      return Files.copy(source, dir.resolve(source.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " into the tracking buffer", e);
    }
  }

  int pending() {
    return read().size();
  }
}
