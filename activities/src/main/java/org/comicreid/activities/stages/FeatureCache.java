package org.comicreid.activities.stages;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary file of frozen features that the fine-tune stage caches (its own backbone's features
 * and the ImageNet baseline's), keyed by the caller: the feature dimension, the instance count,
 * then per instance its id and a fixed number of vectors, each as its length (−1 = absent) and
 * its floats. Written to a temporary file and renamed atomically, so a reader never sees half a
 * file.
 */
final class FeatureCache {

  /** Features of instances: {@code byInstance} maps an instance id to its vectors (null = absent). */
  record Table(int dim, Map<Long, float[][]> byInstance) {}

  private FeatureCache() {}

  /** Writes {@code t} to {@code file} atomically. */
  static void write(Path file, Table t) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
        out.writeInt(t.dim());
        out.writeInt(t.byInstance().size());
        for (Map.Entry<Long, float[][]> e : t.byInstance().entrySet()) {
          out.writeLong(e.getKey());
          for (float[] v : e.getValue()) {
            out.writeInt(v == null ? -1 : v.length);
            if (v != null) {
              for (float x : v) {
                out.writeFloat(x);
              }
            }
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write feature cache " + file, e);
    }
  }

  /** Reads a file written with {@code vectorsPerInstance} vectors per instance. */
  static Table read(Path file, int vectorsPerInstance) {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      int dim = in.readInt();
      int n = in.readInt();
      Map<Long, float[][]> m = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        long id = in.readLong();
        float[][] v = new float[vectorsPerInstance][];
        for (int k = 0; k < vectorsPerInstance; k++) {
          int len = in.readInt();
          if (len >= 0) {
            v[k] = new float[len];
            for (int j = 0; j < len; j++) {
              v[k][j] = in.readFloat();
            }
          }
        }
        m.put(id, v);
      }
      return new Table(dim, m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read feature cache " + file, e);
    }
  }
}
