package org.comicreid.catalog.datasets;

import static org.comicreid.catalog.datasets.Fixtures.image;
import static org.comicreid.catalog.datasets.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.repository.DatasetSnapshots;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.IdentityScope;
import org.comicreid.core.split.PaperSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SequencesFormatTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  static final String A = "1014_14_0+1014_14_1+1014_14_2+1014_14_3";
  static final String B = "1014_14_1+1014_14_2+1014_14_3+1014_14_4";
  static final String C = "2020_3_0+2020_3_1+2020_3_2";
  static final String D = "2020_3_3";

  static final String PANELS = """
      [
        {"panel_id": "1014_14_0", "series_id": "1014", "image": "images/1014/14_0.png",
         "faces": [{"id": "1014_14_0_face_0", "box": [10, 20, 60, 80], "score": 0.98}],
         "bodies": [{"id": "1014_14_0_body_0", "box": [5, 15, 90, 300], "score": 0.97}],
         "speech_bubbles": [{"id": "1014_14_0_bubble_0", "box": [100, 5, 190, 60]}]},
        {"panel_id": "1014_14_1", "series_id": "1014", "image": "images/1014/14_1.png",
         "faces": [{"id": "1014_14_1_face_0", "box": [1, 1, 30, 30]}],
         "bodies": [{"id": "1014_14_1_body_0", "box": [1, 1, 50, 50]},
                    {"id": "1014_14_1_body_1", "box": [60, 1, 199.5, 301]}]},
        {"panel_id": "1014_14_2", "series_id": "1014", "image": "images/1014/14_2.png",
         "faces": [{"id": "1014_14_2_face_0", "box": [1, 1, 30, 30]}],
         "bodies": [{"id": "1014_14_2_body_0", "box": [1, 1, 50, 50], "score": 0.5}]},
        {"panel_id": "1014_14_3", "series_id": "1014", "image": "images/1014/14_3.png",
         "bodies": [{"id": "1014_14_3_body_0", "box": [1, 1, 50, 50]}]},
        {"panel_id": "1014_14_4", "series_id": "1014", "image": "images/1014/14_4.png",
         "faces": [{"id": "1014_14_4_face_0", "box": [1, 1, 30, 30]}]},
        {"panel_id": "2020_3_0", "series_id": "2020", "image": "images/2020/3_0.png",
         "faces": [{"id": "2020_3_0_face_0", "box": [1, 1, 30, 30]}],
         "bodies": [{"id": "2020_3_0_body_0", "box": [1, 1, 50, 50]}]},
        {"panel_id": "2020_3_1", "series_id": "2020", "image": "images/2020/3_1.png",
         "faces": [{"id": "2020_3_1_face_0", "box": [1, 1, 30, 30]}]},
        {"panel_id": "2020_3_2", "series_id": "2020", "image": "images/2020/3_2.png",
         "bodies": [{"id": "2020_3_2_body_0", "box": [1, 1, 50, 50]}]},
        {"panel_id": "2020_3_3", "series_id": "2020", "image": "images/2020/3_3.png",
         "faces": [{"id": "2020_3_3_face_0", "box": [1, 1, 30, 30]},
                   {"id": "2020_3_3_face_1", "box": [40, 1, 70, 30]}]}
      ]""";

  /** Two overlapping sequences of 1014 sharing two instances under different charIds. */
  static final String SEQ_A = """
        {"seq_id": "%s", "annotations": [
          {"charId": "c0", "charInstances": [{"face": "1014_14_0_face_0", "body": "1014_14_0_body_0"},
                                             {"body": "1014_14_2_body_0"}]},
          {"charId": "c1", "charInstances": [{"face": "1014_14_1_face_0", "body": "1014_14_1_body_1", "uuid": "u-77"},
                                             {"body": "1014_14_3_body_0"}]}]}""".formatted(A);
  static final String SEQ_B = """
        {"seq_id": "%s", "annotations": [
          {"charId": "c0", "charInstances": [{"face": "1014_14_1_face_0", "body": "1014_14_1_body_1", "uuid": "u-77"},
                                             {"face": "1014_14_4_face_0"}]},
          {"charId": "c1", "charInstances": [{"body": "1014_14_2_body_0"}, {"face": "1014_14_2_face_0"}]}]}"""
      .formatted(B);
  static final String SEQ_C = """
        {"seq_id": "%s", "annotations": [
          {"charId": "c0", "charInstances": [{"face": "2020_3_0_face_0", "body": "2020_3_0_body_0"},
                                             {"face": "2020_3_1_face_0"}]},
          {"charId": "c1", "charInstances": [{"body": "2020_3_2_body_0"}]}]}""".formatted(C);
  static final String SEQ_D = """
        {"seq_id": "%s", "annotations": [
          {"charId": "c0", "charInstances": [{"face": "2020_3_3_face_0"}]},
          {"charId": "c1", "charInstances": [{"face": "2020_3_3_face_1"}]}]}""".formatted(D);

  /** The panels and their 200x300 images. */
  static Path panels(Path dir) {
    for (String p : List.of("1014/14_0", "1014/14_1", "1014/14_2", "1014/14_3", "1014/14_4",
        "2020/3_0", "2020/3_1", "2020/3_2", "2020/3_3")) {
      image(dir.resolve("images/" + p + ".png"), 200, 300);
    }
    text(dir.resolve("panels.json"), PANELS);
    return dir;
  }

  static String array(String... elements) {
    return "[\n" + String.join(",\n", elements) + "\n]";
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void splitFilesImportExportAndImportAgain(DatabaseKind kind) throws Exception {
    Catalog catalog = DBS.freshCatalog(kind);
    Path dir = panels(tmp.resolve("csi"));
    text(dir.resolve("train_sequences.json"), array(SEQ_A, SEQ_B));
    text(dir.resolve("val_sequences.json"), array(SEQ_C));
    text(dir.resolve("test_sequences.json"), array(SEQ_D));

    ImportReport r = DatasetImporter.importDataset(catalog, "sequences", dir,
        ImportOptions.defaults());
    assertEquals("csi", r.datasetName());
    assertEquals(Map.of("series", 2L, "pages", 2L, "panels", 9L, "detections", 16L,
        "instances", 11L, "sequences", 4L, "annotations", 13L, "splits", 3L), r.counts());
    Dataset ds = new DatasetRepository(catalog).findByName("csi").orElseThrow();
    assertEquals("sequences", ds.getFormat());
    assertEquals("sequence", ds.getIdentityScope());

    assertEquals(List.of(
        A + " 1014 train [1014_14_0, 1014_14_1, 1014_14_2, 1014_14_3]",
        B + " 1014 train [1014_14_1, 1014_14_2, 1014_14_3, 1014_14_4]",
        C + " 2020 val [2020_3_0, 2020_3_1, 2020_3_2]",
        D + " 2020 test [2020_3_3]"),
        Fixtures.sequences(catalog, "csi"));
    // shared instances are one row each, labelled in both sequences under their own charIds
    assertEquals(List.of(
        "1014_14_0_face_0 1014_14_0 face=1014_14_0_face_0 body=1014_14_0_body_0",
        "1014_14_2_body_0 1014_14_2 face=- body=1014_14_2_body_0",
        "1014_14_2_face_0 1014_14_2 face=1014_14_2_face_0 body=-",
        "1014_14_3_body_0 1014_14_3 face=- body=1014_14_3_body_0",
        "1014_14_4_face_0 1014_14_4 face=1014_14_4_face_0 body=-",
        "2020_3_0_face_0 2020_3_0 face=2020_3_0_face_0 body=2020_3_0_body_0",
        "2020_3_1_face_0 2020_3_1 face=2020_3_1_face_0 body=-",
        "2020_3_2_body_0 2020_3_2 face=- body=2020_3_2_body_0",
        "2020_3_3_face_0 2020_3_3 face=2020_3_3_face_0 body=-",
        "2020_3_3_face_1 2020_3_3 face=2020_3_3_face_1 body=-",
        "u-77 1014_14_1 face=1014_14_1_face_0 body=1014_14_1_body_1"),
        Fixtures.instances(catalog, "csi"));
    assertEquals(List.of(
        A + " c0 1014_14_0_face_0", A + " c0 1014_14_2_body_0",
        A + " c1 1014_14_3_body_0", A + " c1 u-77",
        B + " c0 1014_14_4_face_0", B + " c0 u-77",
        B + " c1 1014_14_2_body_0", B + " c1 1014_14_2_face_0",
        C + " c0 2020_3_0_face_0", C + " c0 2020_3_1_face_0", C + " c1 2020_3_2_body_0",
        D + " c0 2020_3_3_face_0", D + " c1 2020_3_3_face_1"),
        Fixtures.annotations(catalog, "csi"));
    List<String> boxes = Fixtures.detections(catalog, "csi");
    assertTrue(boxes.contains("1014_14_0 SPEECH_BUBBLE 1014_14_0_bubble_0 100,5,190,60 1"),
        boxes.toString());
    assertTrue(boxes.contains("1014_14_0 FACE 1014_14_0_face_0 10,20,60,80 0.98"));
    assertTrue(boxes.contains("1014_14_1 BODY 1014_14_1_body_1 60,1,199.5,301 1"));
    DatasetSnapshot snap = DatasetSnapshots.load(catalog, "csi");
    assertEquals(IdentityScope.SEQUENCE, snap.identityScope());
    // the snapshot holds the annotated instances' boxes (14); the stream has every box but the
    // speech bubbles (15: one body no instance uses)
    assertEquals(14, snap.detections().size());
    long[] streamed = {0};
    org.comicreid.catalog.repository.DetectionStream.forEachPanel(catalog, "csi",
        pd -> streamed[0] += pd.detections().size());
    assertEquals(15, streamed[0]);

    DatasetListing.Row row = DatasetListing.list(catalog).get(0);
    assertEquals(new DatasetListing.Row("csi", "sequences", "sequence", r.contentHash(), 2, 4,
        11, 8), row);

    // export: the same folder shape, images copied, char maps keyed <seq_id>:<charId>
    ExportReport e = DatasetExporter.export(catalog, "csi", "sequences", tmp.resolve("out"));
    Path out = tmp.resolve("out").toAbsolutePath();
    assertEquals(out, e.mainFile());
    assertEquals(9, e.images());
    for (String f : List.of("panels.json", "train_sequences.json", "val_sequences.json",
        "test_sequences.json", "train_char_faces.json", "train_char_bodies.json",
        "images/1014/14_0.png", "images/2020/3_3.png")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    assertFalse(Files.exists(out.resolve("sequences.json")));
    Map<?, ?> faces = new ObjectMapper().readValue(out.resolve("train_char_faces.json").toFile(),
        Map.class);
    assertEquals(Map.of(A + ":c0", List.of("1014_14_0_face_0"),
        A + ":c1", List.of("1014_14_1_face_0"),
        B + ":c0", List.of("1014_14_1_face_0", "1014_14_4_face_0"),
        B + ":c1", List.of("1014_14_2_face_0")), faces);
    Map<?, ?> bodies = new ObjectMapper().readValue(
        out.resolve("val_char_bodies.json").toFile(), Map.class);
    assertEquals(Map.of(C + ":c0", List.of("2020_3_0_body_0"),
        C + ":c1", List.of("2020_3_2_body_0")), bodies);

    ImportReport again = DatasetImporter.importDataset(catalog, "sequences", out,
        ImportOptions.defaults().withName("csi-again"));
    assertEquals(r.contentHash(), again.contentHash());
    assertEquals(Fixtures.annotations(catalog, "csi"), Fixtures.annotations(catalog, "csi-again"));
    assertEquals(Fixtures.detections(catalog, "csi"), Fixtures.detections(catalog, "csi-again"));
    assertTrue(DatasetImporter.importDataset(catalog, "sequences", dir,
        ImportOptions.defaults()).alreadyPresent());
  }

  /** A one-panel sequence of 1014 that overlaps A (it shows A's first instance again). */
  static final String E = "1014_14_0";
  static final String SEQ_E = """
      {"seq_id": "%s", "annotations": [
        {"charId": "c0", "charInstances": [{"face": "1014_14_0_face_0", "body": "1014_14_0_body_0"}]}]}"""
      .formatted(E);

  @Test
  void aSingleSequencesFileIsSplitByTheC1Rule() {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    Path dir = panels(tmp.resolve("c1"));
    text(dir.resolve("sequences.json"), array(SEQ_A, SEQ_B, SEQ_C, SEQ_D, SEQ_E));
    // 2020 has 2 sequences, 1014 has 3: 2020 comes first and reaches threshold 2; its two
    // sequences share no panel, so one goes to validation and one to test; 1014 is training
    DatasetImporter.importDataset(catalog, "sequences", dir,
        ImportOptions.defaults().withSplit(2, 0.5, 0));
    Map<String, String> splitOf = new java.util.HashMap<>();
    for (String line : Fixtures.sequences(catalog, "c1")) {
      String[] f = line.split(" ");
      splitOf.put(f[0], f[2]);
    }
    assertEquals("train", splitOf.get(A));
    assertEquals("train", splitOf.get(B));
    assertEquals("train", splitOf.get(E));
    assertEquals(Set.of("test", "val"), Set.of(splitOf.get(C), splitOf.get(D)));

    // held out, A, B and E overlap (shared panels): they cannot be cut into validation and test
    DatasetImportException overlap = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "sequences", dir,
            ImportOptions.defaults().withName("c1-overlap").withSplit(4, 0.5, 0)));
    assertTrue(overlap.problems().get(0).toString().contains("training empty")
        || overlap.problems().get(0).toString().contains("empty"), overlap.problems().toString());

    // the split is part of the content: a seed that swaps val and test gives another hash; a
    // threshold that leaves training empty is refused
    List<PaperSplit.Member> members = List.of(new PaperSplit.Member(A, "1014"),
        new PaperSplit.Member(B, "1014"), new PaperSplit.Member(E, "1014"),
        new PaperSplit.Member(C, "2020"), new PaperSplit.Member(D, "2020"));
    Map<String, PaperSplit.Part> seed0 = PaperSplit.assign(members, 2, 0.5, 0);
    long other = 1;
    while (PaperSplit.assign(members, 2, 0.5, other).equals(seed0)) {
      other++;
    }
    String hash0 = DatasetImporter.importDataset(catalog, "sequences", dir,
        ImportOptions.defaults().withName("c1-seed0").withSplit(2, 0.5, 0)).contentHash();
    String hashOther = DatasetImporter.importDataset(catalog, "sequences", dir,
        ImportOptions.defaults().withName("c1-other").withSplit(2, 0.5, other)).contentHash();
    assertNotEquals(Fixtures.sequences(catalog, "c1-seed0"),
        Fixtures.sequences(catalog, "c1-other"));
    assertNotEquals(hash0, hashOther);
    DatasetImportException e = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "sequences", dir,
            ImportOptions.defaults().withName("c1-all")));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).toString().startsWith(dir.resolve("sequences.json")
        + ":0: C.1 split of 5 sequences: split threshold 800 puts all 5 sequences"),
        e.problems().get(0).toString());
  }

  static final String BROKEN_PANELS = """
      [
        {"panel_id": "1014_14_0", "series_id": "1014", "image": "images/1014/14_0.png",
         "faces": [{"id": "1014_14_0_face_0", "box": [10, 20, 60, 80], "score": 0.98},
                   {"id": "1014_14_0_face_1", "box": [150, 20, 202, 80]}],
         "bodies": [{"id": "1014_14_0_body_0", "box": [5, 15, 90, 300]}]},
        {"panel_id": "1014_14_1", "series_id": "1014", "image": "images/1014/14_1.png",
         "faces": [{"id": "1014_14_1_face_0", "box": [1, 1, 5, 5]},
                   {"id": "1014_14_0_face_0", "box": [1, 1, 5, 5]}],
         "bodies": [{"id": "1014_14_1_body_0", "box": [1, 1, 50, 50]}]},
        {"panel_id": "1014_14_2", "series_id": "1014", "image": "images/1014/missing.png",
         "bodies": [{"id": "1014_14_2_body_0", "box": [1, 1, 50, 50]}]},
        {"panel_id": "1014_14_1", "series_id": "1014", "image": "images/1014/14_1.png"},
        {"panel_id": "2020_3_0", "series_id": "2020", "image": "images/2020/3_0.png",
         "faces": [{"id": "2020_3_0_face_0", "box": [1, 1, 50, 50]}]}
      ]""";

  static final String BROKEN_SEQUENCES = """
      [
        {"seq_id": "1014_14_0+1014_14_1", "annotations": [
          {"charId": "c0", "charInstances": [{"face": "1014_14_0_face_0", "body": "1014_14_0_body_0"}]},
          {"charId": "c1", "charInstances": [{"body": "1014_14_1_body_0"}]},
          {"charId": "c2", "charInstances": [{"face": "2020_3_0_face_0"}]}]},
        {"seq_id": "1014_14_0+1014_14_9", "annotations": []},
        {"seq_id": "1014_14_1+2020_3_0", "annotations": []},
        {"seq_id": "1014_14_1", "annotations": [
          {"charId": "c0", "charInstances": [{"face": "1014_14_1_face_0", "body": "1014_14_1_body_0"}]}]},
        {"seq_id": "1014_14_2", "annotations": [{"charId": "c0", "charInstances": [{"body": "1014_14_2_body_0"}]}]},
        {"seq_id": "1014_14_0", "annotations": [{"charId": "c0", "charInstances": [{"face": "1014_14_0_face_1"}]}]}
      ]""";

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void everyProblemIsReportedWithItsFileAndLine(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind);
    Path dir = tmp.resolve("broken");
    image(dir.resolve("images/1014/14_0.png"), 200, 300);
    image(dir.resolve("images/1014/14_1.png"), 200, 300);
    image(dir.resolve("images/2020/3_0.png"), 200, 300);
    Path panels = text(dir.resolve("panels.json"), BROKEN_PANELS);
    Path train = text(dir.resolve("train_sequences.json"), BROKEN_SEQUENCES);
    String p = panels.toString();
    String t = train.toString();
    List<String> problems = List.of(
        p + ":4: box 1014_14_0_face_1 [150, 20, 202, 80] is outside the 200x300 image of panel"
            + " 1014_14_0 (1 px tolerance)",
        p + ":8: duplicate box id '1014_14_0_face_0' (first at line 3)",
        p + ":10: image " + dir.resolve("images/1014/missing.png") + " not found",
        p + ":12: duplicate panel_id '1014_14_1' (first at line 6)",
        t + ":5: face 2020_3_0_face_0 is on panel 2020_3_0, not on a panel of sequence"
            + " '1014_14_0+1014_14_1'",
        t + ":6: seq_id '1014_14_0+1014_14_9' names panel '1014_14_9', which is not in"
            + " panels.json",
        t + ":7: the panels of sequence '1014_14_1+2020_3_0' belong to different series: 1014,"
            + " 2020",
        t + ":9: box 1014_14_1_body_0 already belongs to instance 1014_14_1_body_0 (" + t
            + ":4)");
    Map<String, Long> before = Fixtures.tableCounts(catalog);
    DatasetImportException e = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "sequences", dir, ImportOptions.defaults()));
    assertEquals(problems, e.problems().stream().map(ImportProblem::toString).toList());
    assertEquals(before, Fixtures.tableCounts(catalog));

    ImportReport r = DatasetImporter.importDataset(catalog, "sequences", dir,
        ImportOptions.defaults().withSkipInvalid(true));
    assertEquals(dir.resolve("skipped.txt"), r.skippedReport());
    List<String> dropped = List.of(
        t + ":10: sequence '1014_14_2' dropped: its panel 1014_14_2 (panels.json line 10) was"
            + " skipped",
        t + ":11: character instance face 1014_14_0_face_1 (panels.json line 4) of sequence"
            + " '1014_14_0' dropped: its box was skipped",
        t + ":8: sequence '1014_14_1' dropped: none of its character instances was imported",
        t + ":11: sequence '1014_14_0' dropped: none of its character instances was imported");
    assertEquals(dropped, r.dropped().stream().map(ImportProblem::toString).toList());
    List<String> report = new java.util.ArrayList<>(problems);
    report.addAll(dropped);
    assertEquals(report, Fixtures.lines(r.skippedReport()));
    assertEquals(Map.of("series", 2L, "pages", 2L, "panels", 3L, "detections", 5L,
        "instances", 2L, "sequences", 1L, "annotations", 2L, "splits", 1L), r.counts());
    assertEquals(List.of("1014_14_0+1014_14_1 1014 train [1014_14_0, 1014_14_1]"),
        Fixtures.sequences(catalog, "broken"));
    assertEquals(List.of("1014_14_0+1014_14_1 c0 1014_14_0_face_0",
        "1014_14_0+1014_14_1 c1 1014_14_1_body_0"), Fixtures.annotations(catalog, "broken"));
  }

  @Test
  void malformedJsonStopsTheImportAtItsLine() {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    Path dir = panels(tmp.resolve("malformed"));
    Path train = text(dir.resolve("train_sequences.json"), """
        [
          {"seq_id": "2020_3_3", "annotations": [
            {"charId": "c0", "charInstances": [{"face": "2020_3_3_face_0"}]}
            {"charId": "c1", "charInstances": [{"face": "2020_3_3_face_1"}]}]}
        ]""");
    DatasetImportException e = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "sequences", dir,
            ImportOptions.defaults().withSkipInvalid(true)));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).toString().startsWith(train + ":4: malformed JSON: "),
        e.problems().get(0).toString());

    // both layouts at once is refused
    text(dir.resolve("sequences.json"), "[]");
    DatasetImportException both = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "sequences", dir, ImportOptions.defaults()));
    assertTrue(both.problems().get(0).message().startsWith("give either sequences.json or"),
        both.getMessage());
  }
}
