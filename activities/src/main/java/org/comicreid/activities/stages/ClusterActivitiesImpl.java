package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.comicreid.core.clustering.Linkage;
import org.comicreid.core.clustering.SequenceAssignment;
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
    double threshold = threshold(in.params(), in.selectThreshold().threshold());
    Linkage linkage = linkage(in.params());
    DatasetSnapshot ds = env.dataset(in.datasetKey());
    Map<Long, float[]> semi = new HashMap<>();
    for (Artifacts.EmbeddingRow r : Artifacts.embeddings(Path.of(in.fineTune().embeddingsPath()))) {
      if (r.split().equals("test")) {
        semi.put(r.instanceId(), r.semi());
      }
    }
    List<SequenceAssignment.Members> test = new ArrayList<>();
    for (SequenceRecord s : ds.sequences()) {
      if (s.split().equals("test")) {
        test.add(members(s));
      }
    }
    SequenceAssignment.Outcome outcome = SequenceAssignment.assign(test, semi, threshold, linkage);
    SequenceClustering.Result result = outcome.scores();
    List<List<?>> rows = new ArrayList<>();
    for (SequenceAssignment.Assigned a : outcome.sequences()) {
      for (int i = 0; i < a.instanceIds().length; i++) {
        rows.add(List.of(a.id(), a.instanceIds()[i], a.cluster(i), a.labels()[i]));
      }
    }
    int clusters = outcome.clusterCount();
    int clustered = outcome.sequences().size();
    Published pub = publishTable(in, "clusters.tsv", COLUMNS, rows);
    Path file = pub.file();
    String sha = pub.sha256();
    say(String.format(Locale.ROOT, "%d test sequences clustered at %.3f (%s linkage) into %d"
            + " clusters: mean adjusted Rand %.3f, mean purity %.3f over %d scored sequences",
        clustered, threshold, p.string("cluster.linkage"), clusters, result.meanAri(),
        result.meanPurity(), result.scored()));
    track(in, Map.of("threshold", threshold, "clusters", (double) clusters,
        "mean_ari", result.meanAri(), "mean_purity", result.meanPurity()));
    return new ClusterOutput(file.toString(), clusters, result.meanAri(), result.meanPurity(),
        provenance(in, Map.of("clusters", sha), false));
  }

  /**
   * The clustering threshold of a cluster config slice: {@code cluster.threshold} when it is
   * above 0, else {@code selected} (the select-threshold stage's choice).
   */
  public static double threshold(Map<String, String> params, double selected) {
    double override = new StageParams(params).dbl("cluster.threshold");
    return override > 0 ? override : selected;
  }

  /** The linkage of a cluster config slice ({@code cluster.linkage}). */
  public static Linkage linkage(Map<String, String> params) {
    return Linkage.valueOf(new StageParams(params).string("cluster.linkage").toUpperCase(Locale.ROOT));
  }

  /** A catalog sequence as the instances to assign: its labelled instances with their labels. */
  public static SequenceAssignment.Members members(SequenceRecord s) {
    long[] ids = new long[s.labels().size()];
    String[] labels = new String[ids.length];
    int i = 0;
    for (Map.Entry<Long, String> e : s.labels().entrySet()) {
      ids[i] = e.getKey();
      labels[i++] = e.getValue();
    }
    return new SequenceAssignment.Members(s.externalId(), ids, labels);
  }
}
