package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.metrics.Embeddings;

/**
 * The embeddings of one split joined with the linked identities and cliques: the shared input of
 * threshold selection, clustering and evaluation.
 */
final class EmbeddingTables {
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

  EmbeddingTables(Path embeddingsFile, Path identitiesFile, Path cliquesFile, String split) {
    Map<Long, Artifacts.EmbeddingRow> rows = new java.util.TreeMap<>();
    for (Artifacts.EmbeddingRow r : Artifacts.embeddings(embeddingsFile)) {
      if (r.split().equals(split)) {
        rows.put(r.instanceId(), r);
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
    int k = 0;
    for (Artifacts.EmbeddingRow r : rows.values()) {
      instanceIds[k] = r.instanceId();
      rowOf.put(r.instanceId(), k);
      identity[k] = idOf.getOrDefault(r.instanceId(), -1);
      series[k] = seriesOf.getOrDefault(r.instanceId(), "");
      semi[k] = r.semi();
      ssl[k] = r.ssl();
      k++;
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
