package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.comicreid.core.clustering.Linkage;
import org.comicreid.core.clustering.SequenceClustering;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.SequenceRecord;
import org.comicreid.core.pipeline.ClusterInput;
import org.comicreid.core.pipeline.ClusterOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.workflows.activities.ClusterActivities;

/**
 * Cluster (paper H): each TEST sequence's instances are clustered on their fine-tuned embeddings
 * by agglomerative clustering ({@code cluster.linkage}, average by default) cut at the selected
 * threshold ({@code cluster.threshold} overrides it when &gt; 0). Scores each sequence's clusters
 * against its sequence-local labels (adjusted Rand index, purity). Writes {@code clusters.tsv}.
 */
public final class ClusterActivitiesImpl extends StageSupport implements ClusterActivities {

  public static final List<String> COLUMNS = List.of("sequence", "instance_id", "cluster", "label");

  public ClusterActivitiesImpl(StageEnvironment env) {
    super(env, Stage.CLUSTER);
  }

  @Override
  public ClusterOutput cluster(ClusterInput in) {
    StageParams p = new StageParams(in.params());
    double override = p.dbl("cluster.threshold");
    double threshold = override > 0 ? override : in.selectThreshold().threshold();
    Linkage linkage = Linkage.valueOf(p.string("cluster.linkage").toUpperCase(Locale.ROOT));
    DatasetSnapshot ds = env.dataset(in.datasetKey());
    Map<Long, float[]> semi = new HashMap<>();
    for (Artifacts.EmbeddingRow r : Artifacts.embeddings(Path.of(in.fineTune().embeddingsPath()))) {
      if (r.split().equals("test")) {
        semi.put(r.instanceId(), r.semi());
      }
    }
    List<SequenceClustering.Sequence> seqs = new ArrayList<>();
    List<long[]> members = new ArrayList<>();
    List<String[]> labelsOf = new ArrayList<>();
    for (SequenceRecord s : ds.sequences()) {
      if (!s.split().equals("test")) {
        continue;
      }
      List<Long> ids = new ArrayList<>(new java.util.TreeSet<>(s.labels().keySet()));
      ids.removeIf(i -> !semi.containsKey(i));
      if (ids.isEmpty()) {
        continue;
      }
      int dim = semi.get(ids.get(0)).length;
      float[] data = new float[ids.size() * dim];
      int[] truth = new int[ids.size()];
      String[] labels = new String[ids.size()];
      Map<String, Integer> code = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        System.arraycopy(semi.get(ids.get(i)), 0, data, i * dim, dim);
        labels[i] = s.labels().get(ids.get(i));
        truth[i] = code.computeIfAbsent(labels[i], x -> code.size());
      }
      seqs.add(new SequenceClustering.Sequence(s.externalId(), data, dim, truth));
      members.add(ids.stream().mapToLong(Long::longValue).toArray());
      labelsOf.add(labels);
    }
    SequenceClustering.Result result = SequenceClustering.cluster(seqs, threshold, linkage);
    List<List<?>> rows = new ArrayList<>();
    int clusters = 0;
    for (int s = 0; s < seqs.size(); s++) {
      SequenceClustering.SequenceResult r = result.sequences().get(s);
      clusters += r.clustering().clusterCount();
      for (int i = 0; i < members.get(s).length; i++) {
        rows.add(List.of(seqs.get(s).id(), members.get(s)[i], r.clustering().labels()[i], labelsOf.get(s)[i]));
      }
    }
    Published pub = publishTable(in, "clusters.tsv", COLUMNS, rows);
    Path file = pub.file();
    String sha = pub.sha256();
    say(String.format(Locale.ROOT, "%d test sequences clustered at %.3f (%s linkage) into %d"
            + " clusters: mean adjusted Rand %.3f, mean purity %.3f over %d scored sequences",
        seqs.size(), threshold, p.string("cluster.linkage"), clusters, result.meanAri(),
        result.meanPurity(), result.scored()));
    track(in, Map.of("threshold", threshold, "clusters", (double) clusters,
        "mean_ari", result.meanAri(), "mean_purity", result.meanPurity()));
    return new ClusterOutput(file.toString(), clusters, result.meanAri(), result.meanPurity(),
        provenance(in, Map.of("clusters", sha), false));
  }
}
