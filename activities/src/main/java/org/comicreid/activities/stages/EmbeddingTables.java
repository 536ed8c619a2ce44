package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.metrics.Embeddings;

/**
 * The embeddings of one split joined with the linked identities and cliques: the shared input of
 * threshold selection, clustering and evaluation.
 *
 * <p>{@code embeddings.tsv} always has {@code instance_id, split, semi, ssl}. Newer fine-tune
 * stages add the per-part columns {@link #PART_COLUMNS} and, with the ImageNet baseline, {@link
 * #IMAGENET_COLUMNS}; in those an empty cell means the instance lacks that part. Optional columns
 * the file lacks are simply absent ({@link #has}), so tables of older runs still load.
 */
final class EmbeddingTables {
  /** Per-part embeddings of the fine-tuned and the self-supervised model. */
  static final List<String> PART_COLUMNS = List.of("semi_face", "semi_body", "ssl_face", "ssl_body");

  /** The ImageNet baseline's fused, face and body embeddings. */
  static final List<String> IMAGENET_COLUMNS = List.of("imagenet", "imagenet_face", "imagenet_body");

  /** Instance ids in row order (ascending). */
  final long[] instanceIds;
  /** Row of each instance id. */
  final Map<Long, Integer> rowOf = new HashMap<>();
  /** Linked identity per row (-1: not labelled). */
  final int[] identity;
  /** Series per row. */
  final String[] series;
  final float[][] semi;
  final float[][] ssl;
  final List<Artifacts.CliqueRow> cliques = new ArrayList<>();
  final Map<Integer, Artifacts.IdentityRow> identities = new HashMap<>();
  /** The optional columns the file has, per row (null = empty cell), in file column order. */
  private final Map<String, float[][]> optional = new LinkedHashMap<>();
  private final Path file;

  EmbeddingTables(Path embeddingsFile, Path identitiesFile, Path cliquesFile, String split) {
    this.file = embeddingsFile;
    Tsv.Table table = Tsv.read(embeddingsFile);
    int ci = table.col("instance_id");
    int cs = table.col("split");
    int cSemi = table.col("semi");
    int cSsl = table.col("ssl");
    List<String> optionalNames = new ArrayList<>();
    for (String c : table.header()) {
      if (PART_COLUMNS.contains(c) || IMAGENET_COLUMNS.contains(c)) {
        optionalNames.add(c);
      }
    }
    Map<Long, String[]> rows = new java.util.TreeMap<>();
    for (String[] r : table.rows()) {
      if (r[cs].equals(split)) {
        long id;
        try {
          id = Long.parseLong(r[ci]);
        } catch (NumberFormatException e) {
          throw new ReidRunException(embeddingsFile + ": instance_id '" + r[ci] + "' is not an integer");
        }
        rows.put(id, r);
      }
    }
    Map<Long, Integer> idOf = new HashMap<>();
    Map<Long, String> seriesOf = new HashMap<>();
    for (Artifacts.IdentityRow r : Artifacts.identities(identitiesFile)) {
      identities.put(r.id(), r);
      for (long i : r.instances()) {
        idOf.put(i, r.id());
        seriesOf.put(i, r.series());
      }
    }
    int n = rows.size();
    instanceIds = new long[n];
    identity = new int[n];
    series = new String[n];
    semi = new float[n][];
    ssl = new float[n][];
    for (String c : optionalNames) {
      optional.put(c, new float[n][]);
    }
    int k = 0;
    for (Map.Entry<Long, String[]> e : rows.entrySet()) {
      long id = e.getKey();
      String[] r = e.getValue();
      instanceIds[k] = id;
      rowOf.put(id, k);
      identity[k] = idOf.getOrDefault(id, -1);
      series[k] = seriesOf.getOrDefault(id, "");
      semi[k] = Tsv.parseFloats(r[cSemi]);
      ssl[k] = Tsv.parseFloats(r[cSsl]);
      for (String c : optionalNames) {
        String cell = r[table.col(c)];
        optional.get(c)[k] = cell.isEmpty() ? null : Tsv.parseFloats(cell);
      }
      k++;
    }
    for (Map.Entry<String, float[][]> e : optional.entrySet()) {
      int dim = -1;
      for (int i = 0; i < n; i++) {
        float[] v = e.getValue()[i];
        if (v == null) {
          continue;
        }
        if (dim >= 0 && v.length != dim) {
          throw new ReidRunException(embeddingsFile + ": column " + e.getKey() + " has " + v.length
              + " values for instance " + instanceIds[i] + " but " + dim + " before");
        }
        dim = v.length;
      }
    }
    for (Artifacts.CliqueRow c : Artifacts.cliques(cliquesFile)) {
      if (c.split().equals(split)) {
        cliques.add(c);
      }
    }
  }

  int size() {
    return instanceIds.length;
  }

  /** The embeddings file these tables were read from. */
  Path file() {
    return file;
  }

  /** True when the file has the optional column {@code column}. */
  boolean has(String column) {
    return optional.containsKey(column);
  }

  /**
   * An optional column per row (null = the instance lacks that part).
   *
   * @throws IllegalArgumentException when the file lacks the column (check {@link #has} first)
   */
  float[][] column(String column) {
    float[][] v = optional.get(column);
    if (v == null) {
      throw new IllegalArgumentException(file + " has no column " + column);
    }
    return v;
  }

  /** The rows of a clique's member identities, ascending. */
  int[] rowsOf(Artifacts.CliqueRow c) {
    List<Integer> out = new ArrayList<>();
    for (int m : c.members()) {
      for (long inst : identities.get(m).instances()) {
        Integer row = rowOf.get(inst);
        if (row != null) {
          out.add(row);
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** Rows of each identity, in instance order, restricted to this split. */
  Map<Integer, List<Integer>> rowsOfIdentities() {
    Map<Integer, List<Integer>> out = new LinkedHashMap<>();
    for (int r = 0; r < size(); r++) {
      if (identity[r] >= 0) {
        out.computeIfAbsent(identity[r], x -> new ArrayList<>()).add(r);
      }
    }
    return out;
  }

  /**
   * The linked identity of every row, an unlabelled row getting a label of its own (-2, -3, ...)
   * so that it matches nothing.
   */
  int[] identityLabels() {
    int[] labels = identity.clone();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0) {
        labels[i] = -2 - i;
      }
    }
    return labels;
  }

  /** All rows as embeddings labelled by linked identity (-1 rows get their own labels). */
  static Embeddings labelled(float[][] vectors, int[] labels) {
    int dim = vectors.length == 0 ? 1 : vectors[0].length;
    float[] data = new float[vectors.length * dim];
    for (int i = 0; i < vectors.length; i++) {
      System.arraycopy(vectors[i], 0, data, i * dim, dim);
    }
    return Embeddings.of(data, dim, labels);
  }
}
