package org.comicreid.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.experiments.report.plots.SequenceSheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reid assign} on a finished tiny pipeline (the two-batch training of RealStagesTest, run
 * once from the command line): on the run's test split it gives exactly the cluster stage's
 * assignments (clusters.tsv read back independently), whichever way the run is named; another
 * threshold changes them; a directory of new panels with a detections file gives boxes and
 * sheets; bad input exits 2 naming the problem.
 */
class AssignCommandTest {

  /** The tiny world and training of RealStagesTest, without qualitative sheets, on a named world. */
  static final List<String> TINY = java.util.stream.Stream.concat(
      org.comicreid.worker.stages.RealStagesTest.TINY.stream(),
      java.util.stream.Stream.of("evaluate.qualitative_sequences=0", "dataset.name=synthetic-test"))
      .toList();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;

  static Path wd;
  static Path report;
  static String workflowId;
  static String trackedRunId;
  /** The cluster stage's clusters.tsv: (sequence, instance id) to cluster, and to label. */
  static Map<String, Integer> stageClusters;
  static Map<String, String> stageLabels;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static int reid(StringWriter out, StringWriter err, List<String> sets, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String s : sets) {
      all.add("--set");
      all.add(s);
    }
    all.add("--set");
    all.add("paths.workdir=" + wd);
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return ReidMain.execute(all.toArray(String[]::new), new PrintWriter(out, true),
        new PrintWriter(err, true));
  }

  private int assign(String... args) {
    List<String> all = new ArrayList<>(List.of("assign"));
    all.addAll(List.of(args));
    return reid(out, err, List.of(), all.toArray(String[]::new));
  }

  @BeforeAll
  static void runTheTinyPipeline() throws IOException {
    wd = tmp.resolve("wd");
    report = tmp.resolve("run.json");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    assertEquals(0, reid(o, e, TINY, "run", "--json", report.toString()), o + "\n" + e);
    JsonNode doc = JSON.readTree(report.toFile());
    workflowId = doc.path("workflow_id").asText();
    Matcher m = Pattern.compile("tracked run (\\S+)").matcher(o.toString());
    trackedRunId = m.find() ? m.group(1) : null;
    // the cluster stage's own output, found through the ledger and read as plain text
    String clusterKey = doc.path("stages").path("cluster").path("stage_key").asText();
    String clustersPath;
    try (Catalog c = Catalog.open(CatalogSettings.embedded(wd))) {
      StageRecord rec = new CatalogStageLedger(c).find(clusterKey).orElseThrow();
      clustersPath = JSON.readTree(rec.outputJson()).path("clustersPath").asText();
    }
    stageClusters = new TreeMap<>();
    stageLabels = new TreeMap<>();
    List<String> lines = Files.readAllLines(Path.of(clustersPath));
    assertEquals("sequence\tinstance_id\tcluster\tlabel", lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      stageClusters.put(f[0] + "/" + f[1], Integer.parseInt(f[2]));
      stageLabels.put(f[0] + "/" + f[1], f[3]);
    }
    assertFalse(stageClusters.isEmpty(), "the cluster stage clustered nothing");
  }

  private static Map<String, Integer> assigned(JsonNode doc) {
    Map<String, Integer> m = new TreeMap<>();
    for (JsonNode s : doc.path("sequences")) {
      for (JsonNode i : s.path("instances")) {
        if (!i.path("identity").isNull()) {
          m.put(s.path("id").asText() + "/" + i.path("id").asLong(), i.path("identity").asInt());
        }
      }
    }
    return m;
  }

  @Test
  void onTheTestSplitItGivesExactlyTheClusterStagesAssignments() throws IOException {
    Path o1 = tmp.resolve("by-workflow");
    assertEquals(0, assign("--run", workflowId, "--panels", "synthetic-test", "--out",
        o1.toString()), out + "\n" + err);
    JsonNode doc = JSON.readTree(o1.resolve("assignments.json").toFile());
    assertEquals(workflowId, doc.path("run").asText());
    assertEquals(stageClusters, assigned(doc));
    assertTrue(doc.path("model").path("finetune_checkpoint").asText().endsWith("model.ckpt"), doc.toString());
    for (JsonNode s : doc.path("sequences")) {
      assertEquals(4, s.path("panels").size(), s.toString());
      for (JsonNode i : s.path("instances")) {
        String key = s.path("id").asText() + "/" + i.path("id").asLong();
        assertEquals(stageLabels.get(key), i.path("true_identity").asText(), key);
        assertTrue(i.path("face_box").isArray() || i.path("body_box").isArray(), i.toString());
      }
      Path png = o1.resolve(s.path("sheet").asText());
      BufferedImage img = ImageIO.read(png.toFile());
      assertNotNull(img, png.toString());
    }
    // progress and summary
    assertTrue(out.toString().contains("sequences"), out.toString());
    assertTrue(out.toString().contains("wrote "), out.toString());

    // the same run named by its --json report and by its tracked run id
    Path o2 = tmp.resolve("by-report");
    assertEquals(0, assign("--run", report.toString(), "--panels", "synthetic-test", "--out",
        o2.toString()), out + "\n" + err);
    assertEquals(stageClusters, assigned(JSON.readTree(o2.resolve("assignments.json").toFile())));
    assertNotNull(trackedRunId, "reid run printed no tracked run id");
    Path o3 = tmp.resolve("by-tracked-id");
    assertEquals(0, assign("--run", trackedRunId, "--panels", "synthetic-test", "--out",
        o3.toString()), out + "\n" + err);
    JsonNode d3 = JSON.readTree(o3.resolve("assignments.json").toFile());
    assertEquals(workflowId, d3.path("run").asText());
    assertEquals(stageClusters, assigned(d3));
  }

  @Test
  void anotherThresholdChangesTheAssignment() throws IOException {
    Path none = tmp.resolve("t0");
    assertEquals(0, assign("--run", workflowId, "--panels", "synthetic-test", "--threshold", "0",
        "--out", none.toString()), out + "\n" + err);
    Path all = tmp.resolve("tbig");
    assertEquals(0, assign("--run", workflowId, "--panels", "synthetic-test", "--threshold", "1e6",
        "--out", all.toString()), out + "\n" + err);
    Map<String, Integer> a0 = assigned(JSON.readTree(none.resolve("assignments.json").toFile()));
    Map<String, Integer> aBig = assigned(JSON.readTree(all.resolve("assignments.json").toFile()));
    // threshold 0 merges nothing: each instance its own identity, numbered in id order
    Map<String, Integer> singletons = new TreeMap<>();
    Map<String, Integer> next = new HashMap<>();
    stageClusters.keySet().stream()
        .sorted((x, y) -> {
          String[] a = x.split("/");
          String[] b = y.split("/");
          int c = a[0].compareTo(b[0]);
          return c != 0 ? c : Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1]));
        })
        .forEach(k -> singletons.put(k, next.merge(k.split("/")[0], 1, Integer::sum) - 1));
    assertEquals(singletons, a0);
    Map<String, Integer> oneEach = new TreeMap<>();
    stageClusters.keySet().forEach(k -> oneEach.put(k, 0));
    assertEquals(oneEach, aBig);
    assertTrue(!stageClusters.equals(a0) || !stageClusters.equals(aBig),
        "neither extreme threshold changed the stage's assignment");
    assertNotEquals(a0, aBig);
  }

  @Test
  void aDirectoryOfNewPanelsWithADetectionsFile() throws IOException {
    // two sequences made of the test sequences' panel images, boxes given in a detections file
    Path ref = tmp.resolve("ref");
    assertEquals(0, assign("--run", workflowId, "--panels", "synthetic-test", "--split", "all",
        "--out", ref.toString()), out + "\n" + err);
    JsonNode refDoc = JSON.readTree(ref.resolve("assignments.json").toFile());
    Path panels = tmp.resolve("new-panels");
    ArrayNode dets = JSON.createArrayNode();
    Map<String, List<Box>> facesGiven = new TreeMap<>();
    Map<String, int[]> sizes = new HashMap<>();
    int made = 0;
    for (JsonNode s : refDoc.path("sequences")) {
      if (made == 2) {
        break;
      }
      String seq = "seq" + (made + 1);
      Files.createDirectories(panels.resolve(seq));
      Map<Integer, ObjectNode> entries = new HashMap<>();
      for (int p = 0; p < s.path("panels").size(); p++) {
        JsonNode pj = s.path("panels").get(p);
        String name = "p" + p + ".png";
        Files.copy(Path.of(pj.path("image").asText()), panels.resolve(seq).resolve(name));
        sizes.put(seq + "/" + name, new int[] {pj.path("width").asInt(), pj.path("height").asInt()});
        ObjectNode e = dets.addObject();
        e.put("image", seq + "/" + name);
        e.putArray("faces");
        e.putArray("bodies");
        entries.put(p, e);
      }
      for (JsonNode i : s.path("instances")) {
        ObjectNode e = entries.get(i.path("panel").asInt());
        if (i.path("face_box").isArray()) {
          ArrayNode b = ((ArrayNode) e.get("faces")).addArray();
          i.path("face_box").forEach(v -> b.add(v.asDouble()));
          b.add(0.99);
          facesGiven.computeIfAbsent(e.get("image").asText(), k -> new ArrayList<>())
              .add(box(i.path("face_box")));
        }
        if (i.path("body_box").isArray()) {
          ArrayNode b = ((ArrayNode) e.get("bodies")).addArray();
          i.path("body_box").forEach(v -> b.add(v.asDouble()));
        }
      }
      made++;
    }
    assertEquals(2, made);
    Path detFile = tmp.resolve("detections.json");
    JSON.writeValue(detFile.toFile(), dets);
    Path o = tmp.resolve("dir-out");
    assertEquals(0, assign("--run", workflowId, "--panels", panels.toString(), "--detections",
        detFile.toString(), "--out", o.toString()), out + "\n" + err);
    JsonNode doc = JSON.readTree(o.resolve("assignments.json").toFile());
    assertEquals(2, doc.path("sequences").size(), doc.toString());
    Map<String, List<Box>> facesFound = new TreeMap<>();
    for (JsonNode s : doc.path("sequences")) {
      assertEquals(4, s.path("panels").size());
      List<BufferedImage> imgs = new ArrayList<>();
      List<SequenceSheet.Instance> drawn = new ArrayList<>();
      for (JsonNode i : s.path("instances")) {
        assertTrue(i.path("identity").isInt(), i.toString());
        assertFalse(i.has("true_identity"), i.toString());
        String image = s.path("id").asText() + "/p" + i.path("panel").asInt() + ".png";
        if (i.path("face_box").isArray()) {
          facesFound.computeIfAbsent(image, k -> new ArrayList<>()).add(box(i.path("face_box")));
        }
        drawn.add(new SequenceSheet.Instance(i.path("panel").asInt(),
            i.path("face_box").isArray() ? box(i.path("face_box")) : null,
            i.path("body_box").isArray() ? box(i.path("body_box")) : null,
            i.path("identity").asText(), i.path("identity").asText()));
      }
      int expectedWidth = 8;
      for (int p = 0; p < 4; p++) {
        int[] wh = sizes.get(s.path("id").asText() + "/p" + p + ".png");
        expectedWidth += (int) Math.round(wh[0] * 180.0 / wh[1]) + 8;
        imgs.add(new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_INT_RGB));
      }
      BufferedImage png = ImageIO.read(o.resolve(s.path("sheet").asText()).toFile());
      assertNotNull(png);
      assertEquals(Math.max(expectedWidth, 320), png.getWidth());
      SequenceSheet oneRow = SequenceSheet.predictedOnly(s.path("id").asText(), "a caption", imgs,
          drawn);
      assertEquals(oneRow.height(), png.getHeight());
      assertTrue(png.getHeight() < new SequenceSheet("x", "a caption", imgs, drawn).height(),
          "a sheet of new panels has one row (no ground truth)");
    }
    facesGiven.values().forEach(l -> l.sort(java.util.Comparator.comparingDouble(Box::x1)
        .thenComparingDouble(Box::y1)));
    facesFound.values().forEach(l -> l.sort(java.util.Comparator.comparingDouble(Box::x1)
        .thenComparingDouble(Box::y1)));
    assertEquals(facesGiven, facesFound);
  }

  @Test
  void aDirectoryOfNewPanelsWithTheRunsDetector() throws IOException {
    // The tiny run's records under another workflow id, its detect stage recorded as having run
    // the committed tiny TorchScript detector (red = face, blue = body). (A real detector run of
    // the tiny world cannot pretrain: the detector finds no face-body pair in its drawings.)
    Path model = Path.of("../learning/src/test/resources/detector/tiny_detector.pt")
        .toAbsolutePath().normalize();
    String detRun = "demo-with-detector";
    JsonNode stages = JSON.readTree(report.toFile()).path("stages");
    try (Catalog c = Catalog.open(CatalogSettings.embedded(wd))) {
      CatalogStageLedger ledger = new CatalogStageLedger(c);
      for (Stage st : Stage.inOrder()) {
        StageRecord r = ledger.find(stages.path(st.key()).path("stage_key").asText()).orElseThrow();
        String key = "det-" + r.stageKey();
        ledger.markStarted(new StageRecord(key, r.experiment(), st, StageStatus.RUNNING,
            r.configHash(), detRun, null, null, List.of(), null, Instant.now(), null, null));
        ObjectNode prov = (ObjectNode) JSON.readTree(r.provenanceJson());
        if (st == Stage.DETECT) {
          assertEquals("dataset", prov.path("config.detect.source").asText(), prov.toString());
          prov.put("config.detect.source", "detector");
          prov.put("config.detect.model", model.toString());
        }
        ledger.markFinished(key, r.outputJson(), r.artifactPaths(), JSON.writeValueAsString(prov));
      }
    }

    Path panels = tmp.resolve("drawn-panels");
    for (String seq : List.of("a", "b")) {
      Files.createDirectories(panels.resolve(seq));
      for (int p = 1; p <= 4; p++) {
        org.comicreid.worker.stages.DetectorStageTestAccess.panel(
            panels.resolve(seq).resolve(p + ".png"));
      }
    }
    Path o = tmp.resolve("detector-out");
    assertEquals(0, assign("--run", detRun, "--panels", panels.toString(), "--out",
        o.toString()), out + "\n" + err);
    assertTrue(out.toString().contains("detected 8/8 panels"), out.toString());
    JsonNode doc = JSON.readTree(o.resolve("assignments.json").toFile());
    assertEquals(List.of("a", "b"), List.of(doc.path("sequences").get(0).path("id").asText(),
        doc.path("sequences").get(1).path("id").asText()));
    for (JsonNode s : doc.path("sequences")) {
      // one face-body instance per panel, at the drawn shapes (the detector's 1.5 px tolerance)
      assertEquals(4, s.path("instances").size(), s.toString());
      for (int k = 0; k < 4; k++) {
        JsonNode i = s.path("instances").get(k);
        assertEquals(k, i.path("panel").asInt());
        double[] face = {100, 40, 140, 80};
        double[] body = {90, 30, 170, 260};
        for (int c = 0; c < 4; c++) {
          assertEquals(face[c], i.path("face_box").get(c).asDouble(), 1.5, i.toString());
          assertEquals(body[c], i.path("body_box").get(c).asDouble(), 1.5, i.toString());
        }
        // identical drawings embed identically: one identity per sequence
        assertEquals(0, i.path("identity").asInt(), i.toString());
      }
      assertNotNull(ImageIO.read(o.resolve(s.path("sheet").asText()).toFile()));
    }
  }

  /**
   * On a dataset the run was not trained on, crops are cut from the stored boxes with the run's
   * pair settings: on the run's own dataset (no jitter) that gives exactly the crops its pair
   * stage listed.
   */
  @Test
  void cropsFromStoredBoxesAreThePairStagesCrops() throws IOException {
    JsonNode stages = JSON.readTree(report.toFile()).path("stages");
    try (Catalog c = Catalog.open(CatalogSettings.embedded(wd))) {
      StageRecord pair = new CatalogStageLedger(c)
          .find(stages.path("pair").path("stage_key").asText()).orElseThrow();
      Map<String, String> params = new TreeMap<>();
      JSON.readTree(pair.provenanceJson()).fields().forEachRemaining(e -> {
        if (e.getKey().startsWith("config.")) {
          params.put(e.getKey().substring(7), e.getValue().asText());
        }
      });
      Map<Long, org.comicreid.activities.stages.Artifacts.InstanceRow> listed = new HashMap<>();
      for (var r : org.comicreid.activities.stages.Artifacts.instances(
          Path.of(JSON.readTree(pair.outputJson()).path("pairsPath").asText()))) {
        if (r.annotated()) {
          listed.put(r.instanceId(), r);
        }
      }
      var ds = org.comicreid.catalog.repository.DatasetSnapshots.load(c, "synthetic-test");
      int n = 0;
      for (var q : org.comicreid.worker.assign.PanelSequences.fromDataset(ds, "all", Map.of(),
          params)) {
        for (var i : q.instances()) {
          var r = listed.get(i.id());
          assertEquals(r.faceCrop(), i.faceCrop(), "instance " + i.id());
          assertEquals(r.bodyCrop(), i.bodyCrop(), "instance " + i.id());
          n++;
        }
      }
      assertTrue(n > 0);
      // negative control: another face size gives other crops
      Map<String, String> other = new TreeMap<>(params);
      other.put("pair.face_size", "20");
      var q0 = org.comicreid.worker.assign.PanelSequences.fromDataset(ds, "all", Map.of(), other)
          .get(0).instances().stream().filter(i -> !i.faceCrop().isEmpty()).findFirst()
          .orElseThrow();
      assertNotEquals(listed.get(q0.id()).faceCrop(), q0.faceCrop());
    }
  }

  private static Box box(JsonNode a) {
    return new Box(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble(),
        a.get(3).asDouble());
  }

  @Test
  void badInputExitsTwoNamingTheProblem() throws IOException {
    assertEquals(2, assign("--run", "nosuch-0123", "--panels", "synthetic-test"));
    assertTrue(err.toString().contains("nosuch-0123") && err.toString().contains("stage ledger"),
        err.toString());

    // a pipeline whose fine-tune is still running
    try (Catalog c = Catalog.open(CatalogSettings.embedded(wd))) {
      new CatalogStageLedger(c).markStarted(new StageRecord("k-unfinished-finetune", "demo",
          Stage.FINE_TUNE, StageStatus.RUNNING, "h", "demo-unfinished", null, null, List.of(),
          null, Instant.now(), null, null));
    }
    assertEquals(2, assign("--run", "demo-unfinished", "--panels", "synthetic-test"));
    assertTrue(err.toString().contains("demo-unfinished")
        && err.toString().contains("not finished its finetune stage (running)"), err.toString());

    assertEquals(2, assign("--run", workflowId, "--panels", "no-such-dataset"));
    assertTrue(err.toString().contains("no-such-dataset"), err.toString());

    Path bad = tmp.resolve("bad-panels");
    Files.createDirectories(bad.resolve("seq1"));
    assertEquals(2, assign("--run", workflowId, "--panels", bad.toString(), "--detections",
        tmp.resolve("none.json").toString()));
    assertTrue(err.toString().contains(bad.resolve("seq1").toString())
        && err.toString().contains("no panel image"), err.toString());

    Path loose = tmp.resolve("loose-panels");
    Files.createDirectories(loose);
    ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png",
        loose.resolve("a.png").toFile());
    assertEquals(2, assign("--run", workflowId, "--panels", loose.toString()));
    assertTrue(err.toString().contains(loose.resolve("a.png").toString()), err.toString());

    // a good layout, but the tiny run has no detector and no --detections is given
    Path good = tmp.resolve("good-panels");
    Files.createDirectories(good.resolve("s"));
    ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png",
        good.resolve("s").resolve("1.png").toFile());
    assertEquals(2, assign("--run", workflowId, "--panels", good.toString()));
    assertTrue(err.toString().contains("detect.model") && err.toString().contains("--detections"),
        err.toString());

    // a detections file naming an image that is not a panel of the directory
    Path dets = tmp.resolve("stray.json");
    Files.writeString(dets, "[{\"image\": \"s/2.png\", \"faces\": [[1, 1, 5, 5, 0.9]]}]");
    assertEquals(2, assign("--run", workflowId, "--panels", good.toString(), "--detections",
        dets.toString()));
    assertTrue(err.toString().contains(dets.toString()) && err.toString().contains("s/2.png"),
        err.toString());
  }
}
