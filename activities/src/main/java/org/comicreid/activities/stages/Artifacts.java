package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Typed readers of the artifact tables the stages hand each other. */
public final class Artifacts {
  private Artifacts() {}

  /** A row of pair's {@code instances.tsv}; empty crop path = the part is missing. */
  public record InstanceRow(String key, String source, long instanceId, long panelId, String series,
      String faceCrop, String bodyCrop) {
    public boolean annotated() {
      return source.equals("annotated");
    }
  }

  /** A row of link's {@code identities.tsv}. */
  public record IdentityRow(int id, String name, String series, String split, long[] instances,
      int[] knownDifferent) {}

  /** A row of meta-mine's {@code cliques.tsv}. */
  public record CliqueRow(int id, String series, String split, int[] members, int instanceCount) {}

  /** A row of fine-tune's {@code embeddings.tsv}. */
  public record EmbeddingRow(long instanceId, String split, float[] semi, float[] ssl) {}

  public static List<InstanceRow> instances(Path file) {
    Tsv.Table t = Tsv.read(file);
    int k = t.col("key");
    int s = t.col("source");
    int i = t.col("instance_id");
    int p = t.col("panel_id");
    int se = t.col("series");
    int f = t.col("face_crop");
    int b = t.col("body_crop");
    List<InstanceRow> out = new ArrayList<>(t.rows().size());
    for (String[] r : t.rows()) {
      out.add(new InstanceRow(r[k], r[s], Long.parseLong(r[i]), Long.parseLong(r[p]), r[se], r[f], r[b]));
    }
    return out;
  }

  public static List<IdentityRow> identities(Path file) {
    Tsv.Table t = Tsv.read(file);
    int id = t.col("identity");
    int n = t.col("name");
    int se = t.col("series");
    int sp = t.col("split");
    int in = t.col("instances");
    int d = t.col("known_different");
    List<IdentityRow> out = new ArrayList<>(t.rows().size());
    for (String[] r : t.rows()) {
      out.add(new IdentityRow(Integer.parseInt(r[id]), r[n], r[se], r[sp], longs(r[in]), ints(r[d])));
    }
    return out;
  }

  public static List<CliqueRow> cliques(Path file) {
    Tsv.Table t = Tsv.read(file);
    int id = t.col("clique");
    int se = t.col("series");
    int sp = t.col("split");
    int m = t.col("members");
    int c = t.col("instances");
    List<CliqueRow> out = new ArrayList<>(t.rows().size());
    for (String[] r : t.rows()) {
      out.add(new CliqueRow(Integer.parseInt(r[id]), r[se], r[sp], ints(r[m]), Integer.parseInt(r[c])));
    }
    return out;
  }

  public static List<EmbeddingRow> embeddings(Path file) {
    Tsv.Table t = Tsv.read(file);
    int i = t.col("instance_id");
    int sp = t.col("split");
    int se = t.col("semi");
    int ss = t.col("ssl");
    List<EmbeddingRow> out = new ArrayList<>(t.rows().size());
    for (String[] r : t.rows()) {
      out.add(new EmbeddingRow(Long.parseLong(r[i]), r[sp], Tsv.parseFloats(r[se]), Tsv.parseFloats(r[ss])));
    }
    return out;
  }

  static String join(long[] v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? "," : "").append(v[i]);
    }
    return b.toString();
  }

  static String join(int[] v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? "," : "").append(v[i]);
    }
    return b.toString();
  }

  static long[] longs(String cell) {
    if (cell.isEmpty()) {
      return new long[0];
    }
    String[] p = cell.split(",");
    long[] out = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = Long.parseLong(p[i]);
    }
    return out;
  }

  static int[] ints(String cell) {
    if (cell.isEmpty()) {
      return new int[0];
    }
    String[] p = cell.split(",");
    int[] out = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = Integer.parseInt(p[i]);
    }
    return out;
  }
}
