package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.core.baselines.ColorHistogram;
import org.comicreid.core.baselines.Fusion;
import org.comicreid.core.baselines.RandomBaseline;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.SequenceRecord;
import org.comicreid.core.evaluation.GlobalEvaluation;
import org.comicreid.core.evaluation.GlobalQuerySet;
import org.comicreid.core.evaluation.LocalEvaluation;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.metrics.ReferenceRetrievalEngine;
import org.comicreid.core.metrics.RetrievalEngine;
import org.comicreid.core.metrics.RetrievalMetrics;
import org.comicreid.core.mining.IdentityClique;
import org.comicreid.core.pipeline.EvaluateInput;
import org.comicreid.core.pipeline.EvaluateOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.workflows.activities.EvaluateActivities;

/**
 * Evaluate (paper F.2-F.4, FACTS "Evaluation"): on the TEST split, the five retrieval metrics of
 * four models, locally and globally.
 *
 * <ul>
 *   <li>Models: {@code random} (a seeded standard normal vector of {@code evaluate.random_dim}
 *       per instance), {@code color_hist} (per-channel colour histograms with {@code
 *       evaluate.hist_bins} bins of the face crop and of the body crop, its black padding not
 *       counted, fused by sum), {@code self_supervised} (the sum of the face and body projection
 *       head outputs) and {@code semi_supervised} (the fine-tuned identity layer). A missing part
 *       contributes a zero vector.
 *   <li>Local: per test sequence with at least {@code evaluate.min_group_size} instances, query =
 *       reference with self removed, labels = the sequence-local labels; sequences whose result is
 *       NaN are dropped; the unweighted mean over the counted sequences.
 *   <li>Global (F.3): per test series the clique of linked identities with the most instances;
 *       each member's first instance is a query, the rest are references; one-instance members
 *       are references only.
 * </ul>
 * Writes {@code metrics.json}; the output's metrics are {@code <local|global>.<model>.<metric>}.
 */
public final class EvaluateActivitiesImpl extends StageSupport implements EvaluateActivities {

  /** Model names, in table order. */
  public static final List<String> MODELS =
      List.of("random", "color_hist", "self_supervised", "semi_supervised");

  /** Metric keys, as {@code reid eval-embeddings} writes them. */
  public static final List<String> METRICS = List.of("map", "map_at_r", "mrr", "p_at_1", "r_precision");

  public EvaluateActivitiesImpl(StageEnvironment env) {
    super(env, Stage.EVALUATE);
  }

  @Override
  public EvaluateOutput evaluate(EvaluateInput in) {
    StageParams p = new StageParams(in.params());
    boolean avgOfAvgs = p.bool("evaluate.avg_of_avgs");
    int minGroup = p.integer("evaluate.min_group_size");
    EmbeddingTables t = new EmbeddingTables(Path.of(in.fineTune().embeddingsPath()),
        Path.of(in.linkSequences().sequencesPath()), Path.of(in.metaMine().cliquesPath()), "test");
    int n = t.size();
    Map<String, float[][]> models = new LinkedHashMap<>();
    float[] random = RandomBaseline.embeddings(n, p.integer("evaluate.random_dim"), p.seed("evaluate.random"));
    models.put("random", rows(random, n));
    models.put("color_hist", histograms(in, t, p.integer("evaluate.hist_bins")));
    models.put("self_supervised", t.ssl);
    models.put("semi_supervised", t.semi);

    DatasetSnapshot ds = env.dataset(in.datasetKey());
    List<SequenceRecord> testSeqs = ds.sequences().stream().filter(s -> s.split().equals("test")).toList();
    Map<String, List<IdentityClique>> cliquesBySeries = new java.util.TreeMap<>();
    for (Artifacts.CliqueRow c : t.cliques) {
      cliquesBySeries.computeIfAbsent(c.series(), x -> new ArrayList<>())
          .add(new IdentityClique(c.id(), c.series(), c.members(), c.instanceCount()));
    }
    Map<Integer, List<Integer>> rowsOfIdentity = t.rowsOfIdentities();
    List<GlobalQuerySet.Series> series = new ArrayList<>();
    for (Map.Entry<String, List<IdentityClique>> e : cliquesBySeries.entrySet()) {
      Map<Integer, List<Integer>> rows = new HashMap<>();
      for (IdentityClique c : e.getValue()) {
        for (int m : c.members()) {
          rows.put(m, rowsOfIdentity.getOrDefault(m, List.of()));
        }
      }
      series.add(new GlobalQuerySet.Series(e.getKey(), e.getValue(), rows));
    }
    GlobalQuerySet global = GlobalQuerySet.build(series);
    RetrievalEngine engine = new ReferenceRetrievalEngine();
    int[] identityLabels = t.identityLabels();

    Map<String, Object> localJson = new LinkedHashMap<>();
    Map<String, Object> globalJson = new LinkedHashMap<>();
    Map<String, Double> flat = new LinkedHashMap<>();
    LocalEvaluation.Result lastLocal = null;
    for (Map.Entry<String, float[][]> m : models.entrySet()) {
      float[][] v = m.getValue();
      List<LocalEvaluation.Group> groups = new ArrayList<>();
      for (SequenceRecord s : testSeqs) {
        List<Integer> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Long inst : new TreeSet<>(s.labels().keySet())) {
          Integer r = t.rowOf.get(inst);
          if (r != null) {
            rows.add(r);
            labels.add(s.labels().get(inst));
          }
        }
        float[][] sub = new float[rows.size()][];
        int[] codes = new int[rows.size()];
        Map<String, Integer> code = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
          sub[i] = v[rows.get(i)];
          codes[i] = code.computeIfAbsent(labels.get(i), x -> code.size());
        }
        if (sub.length > 0) {
          groups.add(new LocalEvaluation.Group(s.externalId(), EmbeddingTables.labelled(sub, codes)));
        }
      }
      LocalEvaluation.Result local = LocalEvaluation.evaluate(groups, minGroup, avgOfAvgs, engine);
      lastLocal = local;
      Embeddings all = EmbeddingTables.labelled(v, identityLabels);
      RetrievalMetrics g = GlobalEvaluation.evaluate(all, global, avgOfAvgs, engine);
      double[] lv = {local.map(), local.mapAtR(), local.mrr(), local.pAt1(), local.rPrecision()};
      double[] gv = {g.map(), g.mapAtR(), g.mrr(), g.pAt1(), g.rPrecision()};
      Map<String, Object> lj = new LinkedHashMap<>();
      Map<String, Object> gj = new LinkedHashMap<>();
      for (int k = 0; k < METRICS.size(); k++) {
        lj.put(METRICS.get(k), finite(lv[k]));
        gj.put(METRICS.get(k), finite(gv[k]));
        flat.put("local." + m.getKey() + "." + METRICS.get(k), lv[k]);
        flat.put("global." + m.getKey() + "." + METRICS.get(k), gv[k]);
      }
      localJson.put(m.getKey(), lj);
      globalJson.put(m.getKey(), gj);
    }
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("test_instances", n);
    counts.put("test_sequences", testSeqs.size());
    counts.put("local_sequences_counted", lastLocal.counted());
    counts.put("local_sequences_too_small", lastLocal.skippedSmall());
    counts.put("local_sequences_nan", lastLocal.droppedNaN());
    counts.put("global_series", global.chosen().size());
    counts.put("global_queries", global.queryRows().length);
    counts.put("global_references", global.referenceRows().length);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("local", localJson);
    report.put("global", globalJson);
    report.put("counts", counts);
    report.put("avg_of_avgs", avgOfAvgs);
    report.put("cluster", Map.of("mean_adjusted_rand", finite(in.cluster().meanAdjustedRand()),
        "mean_purity", finite(in.cluster().meanPurity()), "clusters", in.cluster().clusterCount()));
    Path file = publishJson(in, "metrics.json", report);
    say(String.format(Locale.ROOT, "test split: %d instances; local over %d sequences (%d too small,"
            + " %d NaN); global %d queries / %d references from %d series", n, lastLocal.counted(),
        lastLocal.skippedSmall(), lastLocal.droppedNaN(), global.queryRows().length,
        global.referenceRows().length, global.chosen().size()));
    Map<String, Double> tracked = new HashMap<>();
    flat.forEach((k, v) -> tracked.put(k, v));
    track(in, tracked);
    trackArtifact(in, file);
    Map<String, Double> finiteFlat = new LinkedHashMap<>();
    flat.forEach((k, v) -> finiteFlat.put(k, Double.isFinite(v) ? v : Double.NaN));
    return new EvaluateOutput(file.toString(), finiteFlat,
        provenance(in, Map.of("embeddings", in.fineTune().checkpointSha256()), false));
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static float[][] rows(float[] flat, int n) {
    int dim = n == 0 ? 0 : flat.length / n;
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
    }
    return out;
  }

  /** Face histogram + body histogram (padding not counted), zeros for a missing part. */
  private float[][] histograms(EvaluateInput in, EmbeddingTables t, int bins) {
    Map<Long, Artifacts.InstanceRow> byId = new HashMap<>();
    for (Artifacts.InstanceRow r : Artifacts.instances(Path.of(in.pair().pairsPath()))) {
      if (r.annotated()) {
        byId.put(r.instanceId(), r);
      }
    }
    float[][] out = new float[t.size()][];
    for (int i = 0; i < t.size(); i++) {
      Artifacts.InstanceRow r = byId.get(t.instanceIds[i]);
      float[] face = r == null || r.faceCrop().isEmpty() ? null
          : ColorHistogram.of(CropStore.argb(env.crops().crop(r.faceCrop())), bins, false);
      float[] body = r == null || r.bodyCrop().isEmpty() ? null
          : ColorHistogram.of(CropStore.argb(env.crops().crop(r.bodyCrop())), bins, true);
      out[i] = Fusion.sum(face, body, 3 * bins);
    }
    return out;
  }
}
