package org.comicreid.activities.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.CharacterInstance;
import org.comicreid.catalog.entity.ComicSequence;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Detection;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.catalog.entity.IdentityAnnotation;
import org.comicreid.catalog.entity.Page;
import org.comicreid.catalog.entity.Panel;
import org.comicreid.catalog.entity.Series;
import org.comicreid.catalog.images.CropSpec;
import org.comicreid.catalog.repository.CharacterInstanceRepository;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.repository.DetectionRepository;
import org.comicreid.catalog.repository.IdentityAnnotationRepository;
import org.comicreid.catalog.repository.PageRepository;
import org.comicreid.catalog.repository.PanelRepository;
import org.comicreid.catalog.repository.SequenceRepository;
import org.comicreid.catalog.repository.SeriesRepository;
import org.comicreid.catalog.repository.SplitRepository;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.pipeline.ClusterOutput;
import org.comicreid.core.pipeline.EvaluateInput;
import org.comicreid.core.pipeline.EvaluateOutput;
import org.comicreid.core.pipeline.FineTuneOutput;
import org.comicreid.core.pipeline.LinkSequencesOutput;
import org.comicreid.core.pipeline.MetaMineOutput;
import org.comicreid.core.pipeline.PairOutput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate stage's face, body and fused views (Figure 3) on a hand-made test split whose
 * answers are worked out by hand below.
 *
 * <p>One test sequence, series S, six instances (logical numbers 1..6, catalog ids ascending in
 * that order) with sequence labels A A B B C C, linked into identities 0 = {1,2}, 1 = {3,4},
 * 2 = {5,6} and cliques 0 = {0,1}, 1 = {1,2}. Instance 6 has no face, instance 2 no body. So the
 * face view is {1,2,3,4,5} (labels A A B B C) and the body view {1,3,4,5,6} (A B B C C). The F.3
 * rule picks clique 0 for fused (4 = 4 instances, lower id) and face (4 > 3), clique 1 for body
 * (4 > 3). Embeddings are points (x, 0) on a line.
 */
class EvaluateViewsTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir static Path dir;

  static Catalog catalog;
  /** Catalog instance id of logical instance 1..6 (index 0 unused). */
  static final long[] ID = new long[7];
  static final String DATASET = "views-test";

  // positions on the line; NaN = the instance lacks the part
  static final double N = Double.NaN;
  static final double[] SEMI = {0, 1, 10, 11, 20, 21};
  static final double[] SSL = {0, 1, 10, 11, 20, 21};
  static final double[] SEMI_FACE = {0, 1, 10, 11, 0.4, N};
  static final double[] SEMI_BODY = {0, N, 10, 13, 11, 20};
  static final double[] SSL_FACE = {0, 1, 10, 11, 30, N};
  static final double[] SSL_BODY = {0, N, 10, 11, 20, 21};

  static final ObjectMapper JSON = new ObjectMapper();

  final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void dataset() throws IOException {
    catalog = DBS.catalog(DatabaseKind.H2);
    catalog.inTransaction(s -> {
      Dataset ds = new DatasetRepository(catalog).create(DATASET, "sha256:views", "test");
      Series series = new SeriesRepository(catalog).insert(new Series(ds, "S", "S"));
      Page page = new PageRepository(catalog).insert(new Page(series, "1"));
      List<Panel> panels = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        panels.add(new Panel(page, i, "S/1/" + i + ".png", 64, 64));
      }
      new PanelRepository(catalog).insertAll(panels);
      List<Detection> dets = new ArrayList<>();
      List<CharacterInstance> insts = new ArrayList<>();
      for (int k = 1; k <= 6; k++) {
        Panel p = panels.get((k - 1) % 4);
        Detection face = k == 6 ? null : new Detection(p, DetectionKind.FACE, 1, 1, 9, 9, 0.99);
        Detection body = k == 2 ? null : new Detection(p, DetectionKind.BODY, 1, 1, 30, 60, 0.99);
        if (face != null) {
          dets.add(face);
        }
        if (body != null) {
          dets.add(body);
        }
        insts.add(new CharacterInstance(ds, "i" + k, p, face, body));
      }
      new DetectionRepository(catalog).insertAll(dets);
      new CharacterInstanceRepository(catalog).insertAll(insts);
      ComicSequence seq = new ComicSequence(ds, series, "S_1_0+S_1_1+S_1_2+S_1_3", panels);
      new SequenceRepository(catalog).insertAll(List.of(seq));
      List<IdentityAnnotation> ann = new ArrayList<>();
      String[] label = {"A", "A", "B", "B", "C", "C"};
      for (int k = 1; k <= 6; k++) {
        ann.add(new IdentityAnnotation(seq, label[k - 1], insts.get(k - 1)));
      }
      new IdentityAnnotationRepository(catalog).insertAll(ann);
      new SplitRepository(catalog).create(ds, "test", List.of(seq));
      for (int k = 1; k <= 6; k++) {
        ID[k] = insts.get(k - 1).getId();
      }
    });
    for (int k = 2; k <= 6; k++) {
      assertTrue(ID[k] > ID[k - 1], "catalog ids ascend with the logical numbers");
    }
    // solid colour images: face colours A red, B green, C blue; body colours the same per identity
    for (String c : List.of("red", "green", "blue")) {
      BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
      int rgb = switch (c) {
        case "red" -> 0xff0000;
        case "green" -> 0x00ff00;
        default -> 0x0000ff;
      };
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          img.setRGB(x, y, rgb);
        }
      }
      ImageIO.write(img, "png", dir.resolve(c + ".png").toFile());
    }
    String[] colour = {"red", "red", "green", "green", "blue", "blue"};
    List<List<?>> pairs = new ArrayList<>();
    for (int k = 1; k <= 6; k++) {
      String img = dir.resolve(colour[k - 1] + ".png").toString();
      String face = k == 6 ? "" : new CropSpec(img, new Box(8, 8, 24, 24), CropSpec.Rule.SQUARE, 8, 1.2).encode();
      String body = k == 2 ? "" : new CropSpec(img, new Box(0, 0, 32, 32), CropSpec.Rule.PAD, 8, 0).encode();
      pairs.add(List.of("k" + k, "annotated", ID[k], 1, "S", face, body));
    }
    Tsv.write(dir.resolve("instances.tsv"),
        List.of("key", "source", "instance_id", "panel_id", "series", "face_crop", "body_crop"), pairs);
    Tsv.write(dir.resolve("identities.tsv"),
        List.of("identity", "name", "series", "split", "instances", "known_different"), List.of(
            List.of(0, "A", "S", "test", ID[1] + "," + ID[2], ""),
            List.of(1, "B", "S", "test", ID[3] + "," + ID[4], ""),
            List.of(2, "C", "S", "test", ID[5] + "," + ID[6], "")));
    Tsv.write(dir.resolve("cliques.tsv"), List.of("clique", "series", "split", "members", "instances"),
        List.of(List.of(0, "S", "test", "0,1", 4), List.of(1, "S", "test", "1,2", 4)));
  }

  static String cell(double x) {
    return Double.isNaN(x) ? "" : x + ",0.0";
  }

  /** embeddings.tsv with the given columns (any of the new ones) after instance_id, split. */
  static Path embeddings(String name, Map<String, double[]> columns) {
    List<String> header = new ArrayList<>(List.of("instance_id", "split"));
    header.addAll(columns.keySet());
    List<List<?>> rows = new ArrayList<>();
    for (int k = 1; k <= 6; k++) {
      List<Object> row = new ArrayList<>(List.of(ID[k], "test"));
      for (double[] v : columns.values()) {
        row.add(cell(v[k - 1]));
      }
      rows.add(row);
    }
    // a validation row the test split must ignore
    List<Object> val = new ArrayList<>(List.of(999999L, "val"));
    for (int i = 0; i < columns.size(); i++) {
      val.add("5.0,5.0");
    }
    rows.add(val);
    Path f = dir.resolve(name);
    Tsv.write(f, header, rows);
    return f;
  }

  static Map<String, double[]> newColumns(boolean imagenet) {
    Map<String, double[]> c = new LinkedHashMap<>();
    c.put("semi", SEMI);
    c.put("ssl", SSL);
    c.put("semi_face", SEMI_FACE);
    c.put("semi_body", SEMI_BODY);
    c.put("ssl_face", SSL_FACE);
    c.put("ssl_body", SSL_BODY);
    if (imagenet) {
      c.put("imagenet", SEMI);
      c.put("imagenet_face", SEMI_FACE);
      c.put("imagenet_body", SEMI_BODY);
    }
    return c;
  }

  EvaluateOutput run(Path embeddings, String parts, String artifacts) {
    StageEnvironment env = new StageEnvironment(() -> catalog, (s, m, t) -> lines.add(m), null,
        "cpu", dir.resolve("cache"));
    Map<String, String> params = Map.of("experiment.seed", "1", "dataset.name", DATASET,
        "evaluate.avg_of_avgs", "true", "evaluate.min_group_size", "3", "evaluate.random_dim", "8",
        "evaluate.hist_bins", "32", "evaluate.parts", parts,
        "evaluate.qualitative_sequences", "0");
    EvaluateInput in = new EvaluateInput("key-" + artifacts, DATASET, dir.resolve(artifacts).toString(),
        params, new PairOutput(dir.resolve("instances.tsv").toString(), 6, Map.of()),
        new FineTuneOutput("/ck", "sha", 1, 0.0, embeddings.toString(), Map.of()),
        new LinkSequencesOutput(dir.resolve("identities.tsv").toString(), 3, Map.of()),
        new MetaMineOutput(dir.resolve("cliques.tsv").toString(), 2, Map.of()),
        new ClusterOutput("/c", 3, 0.5, 0.75, Map.of()));
    return new EvaluateActivitiesImpl(env).evaluate(in);
  }

  static JsonNode json(EvaluateOutput out) throws IOException {
    return JSON.readTree(Path.of(out.metricsPath()).toFile());
  }

  /** map, map_at_r, mrr, p_at_1, r_precision of one scope and model, flat keys with a prefix. */
  static void assertMetrics(EvaluateOutput out, String prefix, String model, double map,
      double mapAtR, double mrr, double pAt1, double rPrecision) {
    double[] want = {map, mapAtR, mrr, pAt1, rPrecision};
    for (int k = 0; k < 5; k++) {
      String key = prefix + model + "." + EvaluateActivitiesImpl.METRICS.get(k);
      Double got = out.metrics().get(key);
      assertTrue(got != null, key + " missing from " + out.metrics().keySet());
      assertEquals(want[k], got, 1e-9, key);
    }
  }

  @Test
  void faceAndBodyViewsHaveTheirOwnInstancesQuerySetsAndEmbeddings() throws IOException {
    EvaluateOutput out = run(embeddings("new.tsv", newColumns(false)), "fused,face,body", "a");

    // fused: semi is perfectly separated (A at 0,1; B at 10,11; C at 20,21): every metric 1,
    // locally (one group of 6) and globally (clique 0: queries 1, 3; references 2, 4)
    assertMetrics(out, "local.", "semi_supervised", 1, 1, 1, 1, 1);
    assertMetrics(out, "global.", "semi_supervised", 1, 1, 1, 1, 1);

    // face, local, over 1..5 (A A B B C; C is a lone query, left out):
    //   query 1 at 0: 5 (0.4) then 2 (1): first hit at rank 2 -> AP 1/2, RR 1/2, P@1 0, R-P 0,
    //   AP@R 0; query 2 at 1: 5 (0.6) then 1: the same; queries 3, 4: their pair first -> all 1.
    //   avg_of_avgs: the mean of class A's and class B's averages.
    double faceMap = (0.5 + 1.0) / 2;
    double faceMrr = (0.5 + 1.0) / 2;
    double faceP1 = (0.0 + 1.0) / 2;
    double faceRp = (0.0 + 1.0) / 2;
    double faceMapR = (0.0 + 1.0) / 2;
    assertMetrics(out, "face.local.", "semi_supervised", faceMap, faceMapR, faceMrr, faceP1, faceRp);
    // face, global: clique 0 (A has 2 faces + B 2 > B 2 + C 1): queries 1, 3, references 2, 4
    assertMetrics(out, "face.global.", "semi_supervised", 1, 1, 1, 1, 1);

    // body, local, over 1,3,4,5,6 at 0, 10, 13, 11, 20 (A B B C C; A lone):
    //   query 3 at 10: 5 (1), 4 (3) -> rank 2; query 4 at 13: 5 (2), 3 (3) -> rank 2;
    //   query 5 at 11: 3 (1), 4 (2), 6 (9) -> rank 3; query 6 at 20: 4 (7), 5 (9) -> rank 2.
    double bodyB = 0.5;
    double bodyC = (1.0 / 3 + 1.0 / 2) / 2;
    assertMetrics(out, "body.local.", "semi_supervised", (bodyB + bodyC) / 2, 0, (bodyB + bodyC) / 2, 0, 0);
    // body, global: clique 1 (B 2 + C 2 > A 1 + B 2): queries 3, 5, references 4 (13), 6 (20);
    //   query 3 at 10: 4 first -> all 1; query 5 at 11: 4 (2) before 6 (9) -> AP 1/2, RR 1/2, rest 0
    assertMetrics(out, "body.global.", "semi_supervised", (1 + 0.5) / 2, (1 + 0.0) / 2,
        (1 + 0.5) / 2, (1 + 0.0) / 2, (1 + 0.0) / 2);

    // the self-supervised part columns are perfectly separated in both views
    assertMetrics(out, "face.local.", "self_supervised", 1, 1, 1, 1, 1);
    assertMetrics(out, "body.local.", "self_supervised", 1, 1, 1, 1, 1);
    assertMetrics(out, "body.global.", "self_supervised", 1, 1, 1, 1, 1);
    // the colour histograms: solid colours, one per identity, in both parts -> every metric 1
    assertMetrics(out, "face.local.", "color_hist", 1, 1, 1, 1, 1);
    assertMetrics(out, "body.local.", "color_hist", 1, 1, 1, 1, 1);

    // 3 views x 4 models x 2 scopes x 5 metrics, no imagenet
    assertEquals(120, out.metrics().size(), out.metrics().keySet().toString());
    for (String v : List.of("", "face.", "body.")) {
      for (String scope : List.of("local.", "global.")) {
        for (int k = 0; k < 5; k++) {
          double r = out.metrics().get(v + scope + "random." + EvaluateActivitiesImpl.METRICS.get(k));
          assertTrue(r >= 0 && r <= 1, v + scope + " random " + r);
        }
      }
    }
    assertFalse(out.metrics().keySet().stream().anyMatch(k -> k.contains("imagenet")));

    JsonNode j = json(out);
    assertEquals("[\"fused\",\"face\",\"body\"]", j.get("parts").toString());
    assertEquals(6, j.at("/fused/counts/test_instances").asInt());
    assertEquals(5, j.at("/face/counts/test_instances").asInt());
    assertEquals(5, j.at("/body/counts/test_instances").asInt());
    for (String v : List.of("fused", "face", "body")) {
      assertEquals(1, j.at("/" + v + "/counts/local_sequences_counted").asInt(), v);
      assertEquals(2, j.at("/" + v + "/counts/global_queries").asInt(), v);
      assertEquals(2, j.at("/" + v + "/counts/global_references").asInt(), v);
      assertEquals(1, j.at("/" + v + "/counts/global_series").asInt(), v);
    }
    assertEquals(faceP1, j.at("/face/local/semi_supervised/p_at_1").asDouble(), 1e-9);
    assertEquals(0.0, j.at("/body/local/semi_supervised/p_at_1").asDouble(), 1e-9);
    assertEquals(EvaluateActivitiesImpl.IMAGENET_NOT_SET, j.get("imagenet").asText());
    assertEquals("skipped: baseline.imagenet_weights is not set", j.get("imagenet").asText());
    assertTrue(j.get("avg_of_avgs").asBoolean());

    // one compact line per view, and the imagenet note
    for (String v : List.of("fused: 6 instances", "face: 5 instances", "body: 5 instances",
        "imagenet: skipped: baseline.imagenet_weights is not set")) {
      assertEquals(1, lines.stream().filter(l -> l.startsWith(v)).count(), v + " in " + lines);
    }
  }

  @Test
  void theImagenetColumnsAreReportedAsModelImagenetInEveryView() throws IOException {
    EvaluateOutput out = run(embeddings("imagenet.tsv", newColumns(true)), "fused,face,body", "b");
    // imagenet, imagenet_face, imagenet_body hold the semi positions: the same numbers
    assertMetrics(out, "local.", "imagenet", 1, 1, 1, 1, 1);
    assertMetrics(out, "face.local.", "imagenet", 0.75, 0.5, 0.75, 0.5, 0.5);
    double bodyC = (1.0 / 3 + 1.0 / 2) / 2;
    assertMetrics(out, "body.local.", "imagenet", (0.5 + bodyC) / 2, 0, (0.5 + bodyC) / 2, 0, 0);
    assertMetrics(out, "body.global.", "imagenet", 0.75, 0.5, 0.75, 0.5, 0.5);
    assertEquals(150, out.metrics().size());
    JsonNode j = json(out);
    assertFalse(j.has("imagenet"), j.toString());
    assertEquals(0.5, j.at("/face/local/imagenet/p_at_1").asDouble(), 1e-9);
    assertFalse(lines.stream().anyMatch(l -> l.startsWith("imagenet:")), lines.toString());
  }

  @Test
  void anOldEmbeddingsFileReportsTheFaceAndBodyViewsAsSkipped() throws IOException {
    Map<String, double[]> old = new LinkedHashMap<>();
    old.put("semi", SEMI);
    old.put("ssl", SSL);
    EvaluateOutput out = run(embeddings("old.tsv", old), "fused,face,body", "c");
    // the fused view as before: 4 models x 2 scopes x 5 metrics, the flat keys unchanged
    assertEquals(40, out.metrics().size(), out.metrics().keySet().toString());
    assertMetrics(out, "local.", "semi_supervised", 1, 1, 1, 1, 1);
    assertFalse(out.metrics().keySet().stream().anyMatch(k -> k.startsWith("face.") || k.startsWith("body.")));
    JsonNode j = json(out);
    for (String v : List.of("face", "body")) {
      String why = j.at("/" + v + "/skipped").asText();
      assertTrue(why.contains("old.tsv has no semi_" + v + " or ssl_" + v + " column"), why);
      assertFalse(j.get(v).has("local"), j.get(v).toString());
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(v + ": skipped (")), lines.toString());
    }
    assertEquals(6, j.at("/fused/counts/test_instances").asInt());
  }

  @Test
  void evaluatePartsRestrictsTheViews() throws IOException {
    EvaluateOutput out = run(embeddings("face-only.tsv", newColumns(false)), "face", "d");
    assertEquals(40, out.metrics().size());
    assertTrue(out.metrics().keySet().stream().allMatch(k -> k.startsWith("face.")), out.metrics().keySet().toString());
    assertMetrics(out, "face.local.", "semi_supervised", 0.75, 0.5, 0.75, 0.5, 0.5);
    JsonNode j = json(out);
    assertEquals("[\"face\"]", j.get("parts").toString());
    assertFalse(j.has("fused"));
    assertFalse(j.has("body"));
  }

  @Test
  void aBadPartsValueNamesTheKeyAndTheValue() {
    assertEquals(List.of("fused", "face", "body"), EvaluateActivitiesImpl.parts("body,fused,face"));
    assertEquals(List.of("face", "body"), EvaluateActivitiesImpl.parts("body, face"));
    ReidInputException e = assertThrows(ReidInputException.class,
        () -> EvaluateActivitiesImpl.parts("fused,hands"));
    assertTrue(e.getMessage().contains("evaluate.parts") && e.getMessage().contains("'fused,hands'"),
        e.getMessage());
    e = assertThrows(ReidInputException.class, () -> EvaluateActivitiesImpl.parts("face,face"));
    assertTrue(e.getMessage().contains("evaluate.parts") && e.getMessage().contains("'face,face'"),
        e.getMessage());
    e = assertThrows(ReidInputException.class, () -> EvaluateActivitiesImpl.parts(""));
    assertTrue(e.getMessage().contains("evaluate.parts"), e.getMessage());
  }
}
