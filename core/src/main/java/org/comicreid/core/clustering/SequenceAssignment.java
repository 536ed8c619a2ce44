package org.comicreid.core.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Identity assignment of the instances of many sequences (paper Appendix H), as the cluster stage
 * does it and {@code reid assign} repeats it on new sequences: each sequence's instances, in
 * ascending instance id, those without an embedding left out, are clustered on their own with
 * {@link SequenceClustering} at one threshold and linkage; a sequence left without instances is
 * dropped. Cluster numbers are sequence-local (0, 1, ... in order of the lowest instance id).
 */
public final class SequenceAssignment {
  private SequenceAssignment() {}

  /**
   * One sequence's instances.
   *
   * @param id the sequence's name
   * @param instanceIds its instances, any order
   * @param labels the sequence-local true label of each instance (same order), or null when unknown
   */
  public record Members(String id, long[] instanceIds, String[] labels) {
    /** Checks that the labels (if any) match the instances one to one. */
    public Members {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(instanceIds, "instanceIds");
      if (labels != null && labels.length != instanceIds.length) {
        throw new IllegalArgumentException("sequence " + id + ": " + labels.length + " labels for "
            + instanceIds.length + " instances");
      }
    }
  }

  /**
   * One clustered sequence.
   *
   * @param id the sequence's name
   * @param instanceIds the clustered instances, ascending
   * @param labels their true labels (null when unknown)
   * @param result the clustering, with its ARI and purity against the labels (NaN without)
   */
  public record Assigned(String id, long[] instanceIds, String[] labels,
      SequenceClustering.SequenceResult result) {
    /** The cluster of the {@code i}-th instance. */
    public int cluster(int i) {
      return result.clustering().labels()[i];
    }
  }

  /**
   * The assignments of every sequence that keeps an instance, and the means over the scored ones.
   *
   * @param sequences the clustered sequences, in input order
   * @param scores the underlying per-sequence result (means of ARI and purity)
   */
  public record Outcome(List<Assigned> sequences, SequenceClustering.Result scores) {
    /** Copies the list. */
    public Outcome {
      sequences = List.copyOf(sequences);
    }

    /** The number of clusters over all sequences. */
    public int clusterCount() {
      int n = 0;
      for (Assigned a : sequences) {
        n += a.result().clustering().clusterCount();
      }
      return n;
    }
  }

  /**
   * Clusters every sequence on the embeddings of its instances.
   *
   * @param embeddings instance id to embedding; instances without one are left out
   * @throws IllegalArgumentException when the embeddings of one sequence differ in length
   */
  public static Outcome assign(List<Members> sequences, Map<Long, float[]> embeddings,
      double threshold, Linkage linkage) {
    List<SequenceClustering.Sequence> points = new ArrayList<>();
    List<long[]> ids = new ArrayList<>();
    List<String[]> labelsOf = new ArrayList<>();
    for (Members m : sequences) {
      Map<Long, String> labelOf = new HashMap<>();
      for (int i = 0; i < m.instanceIds().length; i++) {
        labelOf.put(m.instanceIds()[i], m.labels() == null ? null : m.labels()[i]);
      }
      long[] kept = Arrays.stream(m.instanceIds()).distinct().sorted()
          .filter(embeddings::containsKey).toArray();
      if (kept.length == 0) {
        continue;
      }
      int dim = embeddings.get(kept[0]).length;
      float[] data = new float[kept.length * dim];
      String[] labels = m.labels() == null ? null : new String[kept.length];
      int[] truth = m.labels() == null ? null : new int[kept.length];
      Map<String, Integer> code = new HashMap<>();
      for (int i = 0; i < kept.length; i++) {
        float[] e = embeddings.get(kept[i]);
        if (e.length != dim) {
          throw new IllegalArgumentException("sequence " + m.id() + ": instance " + kept[i]
              + " has a " + e.length + "-d embedding, expected " + dim);
        }
        System.arraycopy(e, 0, data, i * dim, dim);
        if (labels != null) {
          labels[i] = labelOf.get(kept[i]);
          truth[i] = code.computeIfAbsent(labels[i], x -> code.size());
        }
      }
      points.add(new SequenceClustering.Sequence(m.id(), data, dim, truth));
      ids.add(kept);
      labelsOf.add(labels);
    }
    SequenceClustering.Result result = SequenceClustering.cluster(points, threshold, linkage);
    List<Assigned> out = new ArrayList<>();
    for (int s = 0; s < points.size(); s++) {
      out.add(new Assigned(points.get(s).id(), ids.get(s), labelsOf.get(s),
          result.sequences().get(s)));
    }
    return new Outcome(out, result);
  }
}
