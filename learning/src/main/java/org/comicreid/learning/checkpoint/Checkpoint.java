package org.comicreid.learning.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.comicreid.learning.optim.AdamWOptimizer;

/**
 * One training checkpoint: progress counters and attributes (a header readable on its own), then
 * the model parameters, then (optionally) the AdamW state, in a single file.
 *
 * <p>Files are written to a temporary file in the target directory and then renamed with
 * {@link StandardCopyOption#ATOMIC_MOVE}, so a reader never sees a half-written checkpoint.
 *
 * @param kind what wrote it, e.g. {@code pretrain} or {@code finetune}
 * @param epoch the epoch to resume in (0-based)
 * @param stepInEpoch steps of {@code epoch} already done (0 at an epoch boundary)
 * @param globalStep optimiser steps done in total
 * @param bestMetric best model-selection value so far ({@code NaN} if none)
 * @param seed the run's base seed (all random streams are derived from it and the counters)
 * @param attributes anything else the trainer needs (backbone spec, early-stopping counters, ...)
 */
public record Checkpoint(String kind, int epoch, int stepInEpoch, long globalStep,
    double bestMetric, long seed, Map<String, String> attributes) {

  private static final int MAGIC = 0x43524350; // "CRCP"
  private static final int VERSION = 1;

  /** Copies the attributes (sorted, immutable). */
  public Checkpoint {
    attributes = Map.copyOf(new TreeMap<>(attributes));
  }

  /** Writes something to a stream (a model's parameters). */
  @FunctionalInterface
  public interface Writer {
    /** Writes to {@code out}. */
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads something from a stream (a model's parameters). */
  @FunctionalInterface
  public interface Reader {
    /** Reads from {@code in}. */
    void read(DataInputStream in) throws IOException;
  }

  /** Writes this header, the model and the optimiser state (if not null) atomically to {@code file}. */
  public void write(Path file, Writer model, AdamWOptimizer optimizer) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".tmp-" + file.getFileName(), ".part");
    try {
      try (OutputStream os = Files.newOutputStream(tmp);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
        writeHeader(out);
        model.write(out);
        out.writeBoolean(optimizer != null);
        if (optimizer != null) {
          optimizer.saveState(out);
        }
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void writeHeader(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(kind);
    out.writeInt(epoch);
    out.writeInt(stepInEpoch);
    out.writeLong(globalStep);
    out.writeDouble(bestMetric);
    out.writeLong(seed);
    out.writeInt(attributes.size());
    // sorted: Map.of iterates in a per-JVM order, and equal checkpoints must be equal bytes
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(attributes).entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
  }

  private static Checkpoint readHeader(DataInputStream in, Path file) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException(file + " is not a comic-reid checkpoint");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException(file + ": checkpoint version " + version + ", expected " + VERSION);
    }
    String kind = in.readUTF();
    int epoch = in.readInt();
    int stepInEpoch = in.readInt();
    long globalStep = in.readLong();
    double best = in.readDouble();
    long seed = in.readLong();
    int n = in.readInt();
    Map<String, String> attrs = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      attrs.put(in.readUTF(), in.readUTF());
    }
    return new Checkpoint(kind, epoch, stepInEpoch, globalStep, best, seed, attrs);
  }

  /** Reads only the header. */
  public static Checkpoint readHeader(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
      return readHeader(in, file);
    }
  }

  /**
   * Reads the header, then the model through {@code model}, then the optimiser state into
   * {@code optimizer} (skipped when null; an error when the file has none but one is asked for).
   */
  public static Checkpoint read(Path file, Reader model, AdamWOptimizer optimizer) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
      Checkpoint header = readHeader(in, file);
      model.read(in);
      boolean hasOptimizer = in.readBoolean();
      if (optimizer != null) {
        if (!hasOptimizer) {
          throw new IOException(file + " holds no optimizer state");
        }
        optimizer.loadState(in);
      }
      return header;
    }
  }

  /** A copy with one attribute added or replaced. */
  public Checkpoint with(String key, String value) {
    Map<String, String> m = new TreeMap<>(attributes);
    m.put(key, value);
    return new Checkpoint(kind, epoch, stepInEpoch, globalStep, bestMetric, seed, m);
  }
}
