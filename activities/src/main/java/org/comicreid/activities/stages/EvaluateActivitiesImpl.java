package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
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
 * Evaluate (paper F.2-F.4, Figure 3, FACTS "Evaluation"): on the TEST split, the five retrieval
 * metrics of the models, locally and globally, in up to three views.
 *
 * <ul>
 *   <li>Models: {@code random} (a seeded standard normal vector of {@code evaluate.random_dim}
 *       per instance), {@code color_hist} (per-channel colour histograms with {@code
 *       evaluate.hist_bins} bins of the face crop and of the body crop, the body's black padding
 *       not counted), {@code self_supervised} (projection head outputs), {@code semi_supervised}
 *       (the fine-tuned identity layer) and, when {@code embeddings.tsv} has its columns, {@code
 *       imagenet} (the frozen ImageNet ResNet-50 with a trained linear layer, F.4; {@link
 *       ImagenetBaseline}). Without them metrics.json says {@value #IMAGENET_NOT_SET}.
 *   <li>Views ({@code evaluate.parts}, Figure 3): {@code fused} uses the {@code semi}, {@code ssl}
 *       and {@code imagenet} columns (face and body summed by the fine-tune stage, a missing part
 *       a zero vector) and the face histogram plus the body histogram, over every test instance;
 *       its flat metric keys are {@code <local|global>.<model>.<metric>}. {@code face} uses the
 *       {@code semi_face}, {@code ssl_face} and {@code imagenet_face} columns and the face
 *       histogram, over the test instances that have a face; keys {@code
 *       face.<local|global>.<model>.<metric>}. {@code body} likewise with {@code body.}.
 *   <li>Local: per test sequence with at least {@code evaluate.min_group_size} of the view's
 *       instances, query = reference with self removed, labels = the sequence-local labels;
 *       sequences whose result is NaN are dropped; the unweighted mean over the counted sequences.
 *   <li>Global (F.3): per test series the clique of linked identities with the most of the view's
 *       instances; each member's first instance is a query, the rest are references; one-instance
 *       members are references only.
 * </ul>
 *
 * <p>Decisions the paper leaves open:
 *
 * <ul>
 *   <li>A face or body view is rebuilt over its own instances: the local groups and the global
 *       query set (F.3 rule: the clique with the most instances <i>of the view</i>, so it may be
 *       another clique than the fused view's) are made from the instances that have that part.
 *   <li>The random baseline of a face or body view is the fused view's random vectors of the
 *       same instances (one random vector per instance, whatever the view).
 *   <li>When a face or body view has no global query or no reference, its global metrics are
 *       NaN (null in metrics.json) with the counts saying why; the fused view still fails the
 *       stage in that case, as before.
 *   <li>An {@code embeddings.tsv} without the per-part columns (from a fine-tune run that
 *       predates the views) reports the face and body views as skipped with the reason; nothing
 *       is approximated.
 * </ul>
 *
 * <p>Writes {@code metrics.json}: {@code parts}, one section per requested view ({@code
 * local}/{@code global} by model, {@code counts}; or {@code skipped} with the reason), {@code
 * imagenet} when that baseline is absent, {@code avg_of_avgs} and {@code cluster}. With {@code
 * evaluate.qualitative_sequences} &gt; 0, also the paper's Appendix A sheets of the first test
 * sequences as {@code sequences/<sequence id>.png} ({@link QualitativeSheets}).
 */
public final class EvaluateActivitiesImpl extends StageSupport implements EvaluateActivities {

  /** Model names always reported, in table order (the ImageNet baseline is {@link #IMAGENET}). */
  public static final List<String> MODELS =
      List.of("random", "color_hist", "self_supervised", "semi_supervised");

  /** The ImageNet ResNet-50 baseline (F.4), reported when {@code embeddings.tsv} has its column. */
  public static final String IMAGENET = "imagenet";

  /** Views, in report order (paper Figure 3). */
  public static final List<String> VIEWS = List.of("fused", "face", "body");

  /** What metrics.json says when the ImageNet baseline was not run. */
  public static final String IMAGENET_NOT_SET = "skipped: " + ImagenetBaseline.KEY + " is not set";

  /** Metric keys, as {@code reid eval-embeddings} writes them. */
  public static final List<String> METRICS = List.of("map", "map_at_r", "mrr", "p_at_1", "r_precision");

  private static final String PARTS_KEY = "evaluate.parts";

  /** How many test sequences get a qualitative sheet ({@link QualitativeSheets}); 0 = none. */
  static final String QUALITATIVE_KEY = "evaluate.qualitative_sequences";

  /** Creates the activity on the worker's shared environment. */
  public EvaluateActivitiesImpl(StageEnvironment env) {
    super(env, Stage.EVALUATE);
  }

  /**
   * The views of an {@code evaluate.parts} value, in {@link #VIEWS} order.
   *
   * @throws ReidInputException naming the key and the value when it is empty, names something
   *     else than fused, face or body, or names a view twice
   */
  static List<String> parts(String value) {
    Set<String> seen = new LinkedHashSet<>();
    for (String s : value.split(",", -1)) {
      String v = s.strip().toLowerCase(Locale.ROOT);
      if (!VIEWS.contains(v)) {
        throw new ReidInputException(PARTS_KEY + ": expected a comma list of fused, face and body,"
            + " got '" + value + "' ('" + s.strip() + "' is not a view)");
      }
      if (!seen.add(v)) {
        throw new ReidInputException(PARTS_KEY + ": '" + v + "' is listed twice in '" + value + "'");
      }
    }
    return VIEWS.stream().filter(seen::contains).toList();
  }

  /** Scores the test split in the views of {@code evaluate.parts} and writes {@code metrics.json}. */
  @Override
  public EvaluateOutput evaluate(EvaluateInput in) {
    StageParams p = new StageParams(in.params());
    boolean avgOfAvgs = p.bool("evaluate.avg_of_avgs");
    int minGroup = p.integer("evaluate.min_group_size");
    List<String> parts = parts(p.string(PARTS_KEY));
    EmbeddingTables t = new EmbeddingTables(Path.of(in.fineTune().embeddingsPath()),
        Path.of(in.linkSequences().sequencesPath()), Path.of(in.metaMine().cliquesPath()), "test");
    int n = t.size();
    float[][] random = rows(RandomBaseline.embeddings(n, p.integer("evaluate.random_dim"),
        p.seed("evaluate.random")), n);

    Map<String, String> skipped = new LinkedHashMap<>();
    for (String view : parts) {
      String why = skipReason(view, t);
      if (why != null) {
        skipped.put(view, why);
      }
    }
    boolean faces = parts.contains("fused") || (parts.contains("face") && !skipped.containsKey("face"));
    boolean bodies = parts.contains("fused") || (parts.contains("body") && !skipped.containsKey("body"));
    Histograms hist = histograms(in, t, p.integer("evaluate.hist_bins"), faces, bodies);

    DatasetSnapshot ds = env.dataset(in.datasetKey());
    List<SequenceRecord> testSeqs = ds.sequences().stream().filter(s -> s.split().equals("test")).toList();

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("parts", parts);
    Map<String, Double> flat = new LinkedHashMap<>();
    for (String view : parts) {
      if (skipped.containsKey(view)) {
        report.put(view, Map.of("skipped", skipped.get(view)));
        say(view + ": skipped (" + skipped.get(view) + ")");
        continue;
      }
      Map<String, float[][]> models = new LinkedHashMap<>();
      models.put("random", random);
      Map<String, Object> notes = new LinkedHashMap<>();
      int[] rows;
      if (view.equals("fused")) {
        rows = new int[n];
        float[][] fusedHist = new float[n][];
        for (int i = 0; i < n; i++) {
          rows[i] = i;
          fusedHist[i] = Fusion.sum(hist.face[i], hist.body[i], hist.dim);
        }
        models.put("color_hist", fusedHist);
        models.put("self_supervised", t.ssl);
        models.put("semi_supervised", t.semi);
        if (t.has(IMAGENET)) {
          float[][] v = t.column(IMAGENET);
          for (int i = 0; i < n; i++) {
            if (v[i] == null) {
              throw new ReidRunException(t.file() + ": instance " + t.instanceIds[i] + " has an"
                  + " empty imagenet cell (the fused embedding exists for every instance)");
            }
          }
          models.put(IMAGENET, v);
        }
      } else {
        float[][] semi = t.column("semi_" + view);
        rows = partRows(t, view, hist);
        models.put("color_hist", view.equals("face") ? hist.face : hist.body);
        models.put("self_supervised", t.column("ssl_" + view));
        models.put("semi_supervised", semi);
        String col = IMAGENET + "_" + view;
        if (t.has(col)) {
          models.put(IMAGENET, t.column(col));
        } else if (t.has(IMAGENET)) {
          notes.put(IMAGENET, "skipped: " + t.file().getFileName() + " has no " + col + " column");
        }
      }
      String prefix = view.equals("fused") ? "" : view + ".";
      ViewResult r = evaluateView(view, rows, models, t, testSeqs, minGroup, avgOfAvgs);
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("local", r.json("local"));
      section.put("global", r.json("global"));
      section.putAll(notes);
      section.put("counts", r.counts);
      report.put(view, section);
      r.flat.forEach((k, v) -> flat.put(prefix + k, v));
      say(r.line());
    }
    if (!t.has(IMAGENET)) {
      report.put(IMAGENET, IMAGENET_NOT_SET);
      say(IMAGENET + ": " + IMAGENET_NOT_SET);
    }
    report.put("avg_of_avgs", avgOfAvgs);
    report.put("cluster", Map.of("mean_adjusted_rand", finite(in.cluster().meanAdjustedRand()),
        "mean_purity", finite(in.cluster().meanPurity()), "clusters", in.cluster().clusterCount()));
    int qualitative = p.integer(QUALITATIVE_KEY);
    if (qualitative < 0) {
      throw new ReidInputException(QUALITATIVE_KEY + ": expected 0 (off) or more, got " + qualitative);
    }
    Path file;
    List<String> sheets;
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()))) {
      writeJson(out.file("metrics.json"), report);
      sheets = QualitativeSheets.write(ds, Path.of(in.cluster().clustersPath()), qualitative,
          out.dir(), this::say);
      out.publish();
      file = out.finalFile("metrics.json");
    }
    track(in, new HashMap<>(flat));
    trackArtifact(in, file);
    for (String sheet : sheets) {
      trackArtifact(in, file.resolveSibling(sheet), stage.key() + "/" + QualitativeSheets.DIR);
    }
    Map<String, Double> finiteFlat = new LinkedHashMap<>();
    flat.forEach((k, v) -> finiteFlat.put(k, Double.isFinite(v) ? v : Double.NaN));
    return new EvaluateOutput(file.toString(), finiteFlat,
        provenance(in, Map.of("embeddings", in.fineTune().checkpointSha256()), false));
  }

  /** Why a view cannot be evaluated from these tables, or null when it can. */
  static String skipReason(String view, EmbeddingTables t) {
    if (view.equals("fused")) {
      return null;
    }
    List<String> missing = new ArrayList<>();
    for (String c : List.of("semi_" + view, "ssl_" + view)) {
      if (!t.has(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      return t.file().getFileName() + " has no " + String.join(" or ", missing) + " column (written"
          + " by a fine-tune stage from before the face/body views)";
    }
    float[][] semi = t.column("semi_" + view);
    for (float[] v : semi) {
      if (v != null) {
        return null;
      }
    }
    return "no test instance has a " + view;
  }

  /**
   * The rows of the instances that have the part, checking that every part column and the crop
   * agree on which instances have it.
   */
  private static int[] partRows(EmbeddingTables t, String view, Histograms hist) {
    float[][] semi = t.column("semi_" + view);
    List<float[][]> others = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String c : List.of("ssl_" + view, IMAGENET + "_" + view)) {
      if (t.has(c)) {
        others.add(t.column(c));
        names.add(c);
      }
    }
    float[][] crops = view.equals("face") ? hist.face : hist.body;
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      boolean has = semi[i] != null;
      for (int k = 0; k < others.size(); k++) {
        if ((others.get(k)[i] != null) != has) {
          throw new ReidRunException(t.file() + ": instance " + t.instanceIds[i] + " has "
              + (has ? "a" : "no") + " semi_" + view + " embedding but " + (has ? "no" : "a") + " "
              + names.get(k) + " embedding (an empty cell means the instance has no " + view + ")");
        }
      }
      if (has && crops[i] == null) {
        throw new ReidRunException(t.file() + ": instance " + t.instanceIds[i] + " has a semi_"
            + view + " embedding but the pairs file gives it no " + view + " crop");
      }
      if (has) {
        rows.add(i);
      }
    }
    return rows.stream().mapToInt(Integer::intValue).toArray();
  }

  /** One view's results: metrics by scope and model, flat keys without the view prefix, counts. */
  private record ViewResult(String view, Map<String, Map<String, double[]>> byScope,
      Map<String, Double> flat, Map<String, Object> counts) {

    Map<String, Object> json(String scope) {
      Map<String, Object> out = new LinkedHashMap<>();
      byScope.get(scope).forEach((model, v) -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < METRICS.size(); k++) {
          m.put(METRICS.get(k), finite(v[k]));
        }
        out.put(model, m);
      });
      return out;
    }

    /** One compact progress line. */
    String line() {
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
          "%s: %d instances; local %d sequences (%d too small, %d NaN); global %d queries / %d"
              + " references in %d series; P@1 local/global", view, counts.get("test_instances"),
          counts.get("local_sequences_counted"), counts.get("local_sequences_too_small"),
          counts.get("local_sequences_nan"), counts.get("global_queries"),
          counts.get("global_references"), counts.get("global_series")));
      int p1 = METRICS.indexOf("p_at_1");
      String sep = " ";
      for (String model : byScope.get("local").keySet()) {
        if (model.equals("random") || model.equals("color_hist")) {
          continue;
        }
        b.append(sep).append(switch (model) {
          case "semi_supervised" -> "semi";
          case "self_supervised" -> "ssl";
          default -> model;
        }).append(' ').append(num(byScope.get("local").get(model)[p1])).append('/')
            .append(num(byScope.get("global").get(model)[p1]));
        sep = ", ";
      }
      return b.toString();
    }

    private static String num(double v) {
      return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }
  }

  /**
   * Evaluates one view.
   *
   * @param rows the view's table rows, ascending
   * @param models per model a vector per table row (rows outside the view are not read)
   */
  private static ViewResult evaluateView(String view, int[] rows, Map<String, float[][]> models,
      EmbeddingTables t, List<SequenceRecord> testSeqs, int minGroup, boolean avgOfAvgs) {
    int[] pos = new int[t.size()];
    java.util.Arrays.fill(pos, -1);
    for (int i = 0; i < rows.length; i++) {
      pos[rows[i]] = i;
    }
    // local groups: each test sequence's instances in this view, with sequence-local labels
    List<String> groupIds = new ArrayList<>();
    List<int[]> groupRows = new ArrayList<>();
    List<int[]> groupCodes = new ArrayList<>();
    for (SequenceRecord s : testSeqs) {
      List<Integer> members = new ArrayList<>();
      List<Integer> codes = new ArrayList<>();
      Map<String, Integer> code = new HashMap<>();
      for (Long inst : new TreeSet<>(s.labels().keySet())) {
        Integer r = t.rowOf.get(inst);
        if (r != null && pos[r] >= 0) {
          members.add(pos[r]);
          codes.add(code.computeIfAbsent(s.labels().get(inst), x -> code.size()));
        }
      }
      if (!members.isEmpty()) {
        groupIds.add(s.externalId());
        groupRows.add(members.stream().mapToInt(Integer::intValue).toArray());
        groupCodes.add(codes.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    // global query set over this view's instances (F.3)
    Map<Integer, List<Integer>> rowsOfIdentity = new LinkedHashMap<>();
    int[] allLabels = t.identityLabels();
    int[] labels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      labels[i] = allLabels[rows[i]];
      if (t.identity[rows[i]] >= 0) {
        rowsOfIdentity.computeIfAbsent(t.identity[rows[i]], x -> new ArrayList<>()).add(i);
      }
    }
    Map<String, List<IdentityClique>> cliquesBySeries = new TreeMap<>();
    for (Artifacts.CliqueRow c : t.cliques) {
      cliquesBySeries.computeIfAbsent(c.series(), x -> new ArrayList<>())
          .add(new IdentityClique(c.id(), c.series(), c.members(), c.instanceCount()));
    }
    List<GlobalQuerySet.Series> series = new ArrayList<>();
    for (Map.Entry<String, List<IdentityClique>> e : cliquesBySeries.entrySet()) {
      Map<Integer, List<Integer>> members = new HashMap<>();
      for (IdentityClique c : e.getValue()) {
        for (int m : c.members()) {
          members.put(m, rowsOfIdentity.getOrDefault(m, List.of()));
        }
      }
      series.add(new GlobalQuerySet.Series(e.getKey(), e.getValue(), members));
    }
    GlobalQuerySet global = GlobalQuerySet.build(series);
    boolean globalPossible = global.queryRows().length > 0 && global.referenceRows().length > 0;

    RetrievalEngine engine = new ReferenceRetrievalEngine();
    Map<String, Map<String, double[]>> byScope = new LinkedHashMap<>();
    byScope.put("local", new LinkedHashMap<>());
    byScope.put("global", new LinkedHashMap<>());
    Map<String, Double> flat = new LinkedHashMap<>();
    LocalEvaluation.Result firstLocal = null;
    for (Map.Entry<String, float[][]> m : models.entrySet()) {
      float[][] all = m.getValue();
      float[][] v = new float[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        v[i] = all[rows[i]];
      }
      List<LocalEvaluation.Group> groups = new ArrayList<>();
      for (int g = 0; g < groupRows.size(); g++) {
        int[] gr = groupRows.get(g);
        float[][] sub = new float[gr.length][];
        for (int i = 0; i < gr.length; i++) {
          sub[i] = v[gr[i]];
        }
        groups.add(new LocalEvaluation.Group(groupIds.get(g), EmbeddingTables.labelled(sub, groupCodes.get(g))));
      }
      LocalEvaluation.Result local = LocalEvaluation.evaluate(groups, minGroup, avgOfAvgs, engine);
      if (firstLocal == null) {
        firstLocal = local;
      }
      double[] lv = {local.map(), local.mapAtR(), local.mrr(), local.pAt1(), local.rPrecision()};
      double[] gv = new double[METRICS.size()];
      if (globalPossible || view.equals("fused")) {
        // the fused view fails here, as it always did, when the query set is empty
        Embeddings labelled = EmbeddingTables.labelled(v, labels);
        RetrievalMetrics g = GlobalEvaluation.evaluate(labelled, global, avgOfAvgs, engine);
        gv = new double[] {g.map(), g.mapAtR(), g.mrr(), g.pAt1(), g.rPrecision()};
      } else {
        java.util.Arrays.fill(gv, Double.NaN);
      }
      byScope.get("local").put(m.getKey(), lv);
      byScope.get("global").put(m.getKey(), gv);
      for (int k = 0; k < METRICS.size(); k++) {
        flat.put("local." + m.getKey() + "." + METRICS.get(k), lv[k]);
        flat.put("global." + m.getKey() + "." + METRICS.get(k), gv[k]);
      }
    }
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("test_instances", rows.length);
    counts.put("test_sequences", testSeqs.size());
    counts.put("local_sequences_counted", firstLocal.counted());
    counts.put("local_sequences_too_small", firstLocal.skippedSmall());
    counts.put("local_sequences_nan", firstLocal.droppedNaN());
    counts.put("global_series", global.chosen().size());
    counts.put("global_queries", global.queryRows().length);
    counts.put("global_references", global.referenceRows().length);
    return new ViewResult(view, byScope, flat, counts);
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

  /** Per row the face and the body colour histogram (null: no such crop, or not computed). */
  private record Histograms(float[][] face, float[][] body, int dim) {}

  /** Face histograms (every pixel) and body histograms (black padding not counted), as asked. */
  private Histograms histograms(EvaluateInput in, EmbeddingTables t, int bins, boolean faces,
      boolean bodies) {
    Map<Long, Artifacts.InstanceRow> byId = new HashMap<>();
    for (Artifacts.InstanceRow r : Artifacts.instances(Path.of(in.pair().pairsPath()))) {
      if (r.annotated()) {
        byId.put(r.instanceId(), r);
      }
    }
    float[][] face = new float[t.size()][];
    float[][] body = new float[t.size()][];
    for (int i = 0; i < t.size(); i++) {
      Artifacts.InstanceRow r = byId.get(t.instanceIds[i]);
      if (r == null) {
        continue;
      }
      if (faces && !r.faceCrop().isEmpty()) {
        face[i] = ColorHistogram.of(CropStore.argb(env.crops().crop(r.faceCrop())), bins, false);
      }
      if (bodies && !r.bodyCrop().isEmpty()) {
        body[i] = ColorHistogram.of(CropStore.argb(env.crops().crop(r.bodyCrop())), bins, true);
      }
    }
    return new Histograms(face, body, 3 * bins);
  }
}
