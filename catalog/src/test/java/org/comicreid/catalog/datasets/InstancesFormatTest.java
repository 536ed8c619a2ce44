package org.comicreid.catalog.datasets;

import static org.comicreid.catalog.datasets.Fixtures.image;
import static org.comicreid.catalog.datasets.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.repository.DatasetSnapshots;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.IdentityScope;
import org.comicreid.core.dataset.PanelRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InstancesFormatTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  static final String HEADER =
      "instance_id,series_id,sequence_id,panel_id,identity,face_path,body_path";

  /** i1 is in the overlapping sequences q1 and q2; s1 has 2 sequences, s2 1, s3 2. */
  static final List<String> ROWS = List.of(
      "i1,s1,q1,p1,alice,faces/i1.png,bodies/i1.png",
      "i2,s1,q1,p2,bob,,bodies/i2.png",
      "i1,s1,q2,p1,alice,faces/i1.png,bodies/i1.png",
      "i3,s1,q2,p3,alice,faces/i3.png,",
      "i4,s2,q3,p4,carol,faces/i4.png,bodies/i4.png",
      "i5,s2,q3,p4,dave,,bodies/i5.png",
      "i6,s3,q4,p6,erin,faces/i6.png,",
      "i7,s3,q5,p7,erin,faces/i7.png,");

  /** The crops: faces 32x40, bodies 40x80. */
  static void crops(Path dir) {
    for (String i : List.of("i1", "i3", "i4", "i6", "i7", "i8", "i9", "i10")) {
      image(dir.resolve("faces/" + i + ".png"), 32, 40);
    }
    for (String i : List.of("i1", "i2", "i4", "i5")) {
      image(dir.resolve("bodies/" + i + ".png"), 40, 80);
    }
  }

  static Path csv(Path dir, String header, List<String> rows) {
    List<String> lines = new ArrayList<>();
    lines.add(header);
    lines.addAll(rows);
    return text(dir.resolve("instances.csv"), lines.toArray(new String[0]));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void importExportAndImportAgain(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind);
    Path dir = tmp.resolve("crops");
    crops(dir);
    Path csv = csv(dir, HEADER, ROWS);
    // C.1 with threshold 2: s2 (1 sequence), then s1 (tie with s3 at 2, s1 sorts first) -> 3
    ImportReport r = DatasetImporter.importDataset(catalog, "instances", csv,
        ImportOptions.defaults().withName("inst").withSplit(2, 0.5, 0));
    assertEquals(Map.of("series", 3L, "pages", 6L, "panels", 6L, "detections", 9L,
        "instances", 7L, "sequences", 5L, "annotations", 8L, "splits", 3L), r.counts());
    assertEquals("dataset", new DatasetRepository(catalog).findByName("inst").orElseThrow()
        .getIdentityScope());
    List<String> seqs = Fixtures.sequences(catalog, "inst");
    assertEquals("q1 s1", seqs.get(0).substring(0, 5));
    assertEquals("[s1_p1_0, s1_p2_0]", seqs.get(0).substring(seqs.get(0).indexOf('[')));
    assertEquals("[s1_p1_0, s1_p3_0]", seqs.get(1).substring(seqs.get(1).indexOf('[')));
    assertEquals(List.of("q4 s3 train [s3_p6_0]", "q5 s3 train [s3_p7_0]"), seqs.subList(3, 5));
    long val = seqs.subList(0, 3).stream().filter(s -> s.contains(" val ")).count();
    long test = seqs.subList(0, 3).stream().filter(s -> s.contains(" test ")).count();
    assertEquals(2, val); // round(0.5 * 3)
    assertEquals(1, test);
    // one instance, labelled in both sequences
    assertEquals(List.of("q1 alice i1", "q1 bob i2", "q2 alice i1", "q2 alice i3",
        "q3 carol i4", "q3 dave i5", "q4 erin i6", "q5 erin i7"),
        Fixtures.annotations(catalog, "inst"));
    assertEquals(1, Fixtures.count(catalog, "select count(*) from character_instance i"
        + " where i.external_id = 'i1'"));

    // panels without images; each box is its whole crop
    DatasetSnapshot snap = DatasetSnapshots.load(catalog, "inst");
    assertEquals(IdentityScope.DATASET, snap.identityScope());
    PanelRecord p1 = snap.panels().get(0);
    assertEquals("s1_p1_0", p1.externalId());
    assertEquals("", p1.imagePath());
    assertEquals(0, p1.width());
    DetectionRecord face = snap.detections().get(0);
    assertEquals(dir.resolve("faces/i1.png").toAbsolutePath().normalize().toString(),
        face.imagePath());
    assertEquals(new org.comicreid.core.dataset.Box(0, 0, 32, 40), face.box());
    assertEquals(1.0, face.score());
    assertTrue(face.precropped());

    DatasetListing.Row row = DatasetListing.list(catalog).get(0);
    assertEquals(5, row.identities()); // alice, bob, carol, dave, erin

    // export writes the split it was given, so the export imports as the same dataset
    ExportReport e = DatasetExporter.export(catalog, "inst", "instances", tmp.resolve("out"));
    assertEquals(8, e.rows());
    assertEquals(9, e.images());
    List<String> lines = Fixtures.lines(e.mainFile());
    assertEquals(HEADER + ",split", lines.get(0));
    assertTrue(lines.get(1).startsWith("i1,s1,q1,p1,alice,images/faces/i1.png,"
        + "images/bodies/i1.png,"), lines.get(1));
    assertTrue(lines.get(2).startsWith("i2,s1,q1,p2,bob,,images/bodies/i2.png,"), lines.get(2));
    ImportReport again = DatasetImporter.importDataset(catalog, "instances", e.mainFile(),
        ImportOptions.defaults().withName("inst-again"));
    assertEquals(r.contentHash(), again.contentHash());
    assertEquals(seqs, Fixtures.sequences(catalog, "inst-again"));

    // character-instances and sequences need panel images
    ReidInputException noPanels = assertThrows(ReidInputException.class, () ->
        DatasetExporter.export(catalog, "inst", "sequences", tmp.resolve("out2")));
    assertTrue(noPanels.getMessage().contains("no panel images"), noPanels.getMessage());
  }

  @Test
  void identityScopeAndSplitColumnChangeWhatIsStored() {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    Path dir = tmp.resolve("scope");
    crops(dir);
    Path csv = csv(dir, HEADER, ROWS);
    ImportOptions c1 = ImportOptions.defaults().withSplit(2, 0.5, 0);
    String datasetScope = DatasetImporter.importDataset(catalog, "instances", csv,
        c1.withName("by-dataset")).contentHash();
    ImportReport local = DatasetImporter.importDataset(catalog, "instances", csv,
        c1.withName("by-sequence").withIdentityScope(IdentityScope.SEQUENCE));
    assertNotEquals(datasetScope, local.contentHash());
    Map<String, DatasetListing.Row> rows = new java.util.HashMap<>();
    DatasetListing.list(catalog).forEach(row -> rows.put(row.name(), row));
    assertEquals("dataset", rows.get("by-dataset").identityScope());
    assertEquals(5, rows.get("by-dataset").identities());
    assertEquals("sequence", rows.get("by-sequence").identityScope());
    // q1 {alice, bob}, q2 {alice}, q3 {carol, dave}, q4 {erin}, q5 {erin}
    assertEquals(7, rows.get("by-sequence").identities());
    assertEquals(IdentityScope.SEQUENCE,
        DatasetSnapshots.load(catalog, "by-sequence").identityScope());

    // a split column is used as given (C.1 above put q4 and q5 into train)
    List<String> split = List.of("train", "train", "train", "train", "val", "val", "test",
        "test");
    List<String> withSplit = new ArrayList<>();
    for (int k = 0; k < ROWS.size(); k++) {
      withSplit.add(ROWS.get(k) + "," + split.get(k));
    }
    Path given = csv(tmp.resolve("scope-split"), HEADER + ",split", withSplit);
    crops(tmp.resolve("scope-split"));
    DatasetImporter.importDataset(catalog, "instances", given, c1.withName("given"));
    assertEquals(List.of("q1 s1 train [s1_p1_0, s1_p2_0]", "q2 s1 train [s1_p1_0, s1_p3_0]",
        "q3 s2 val [s2_p4_0]", "q4 s3 test [s3_p6_0]", "q5 s3 test [s3_p7_0]"),
        Fixtures.sequences(catalog, "given"));

    // an instance may carry different labels in two sequences only when labels are local
    List<String> relabelled = new ArrayList<>(ROWS);
    relabelled.set(2, "i1,s1,q2,p1,alina,faces/i1.png,bodies/i1.png");
    Path other = csv(tmp.resolve("relabel"), HEADER, relabelled);
    crops(tmp.resolve("relabel"));
    DatasetImporter.importDataset(catalog, "instances", other,
        c1.withName("relabel-local").withIdentityScope(IdentityScope.SEQUENCE));
    DatasetImportException e = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "instances", other, c1.withName("relabel")));
    assertEquals(List.of(other + ":4: instance i1 differs from line 2: identity alina (was"
        + " alice) (identity scope dataset: an instance has one identity)"),
        e.problems().stream().map(ImportProblem::toString).toList());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void everyBrokenRowIsReported(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind);
    Path dir = tmp.resolve("broken");
    crops(dir);
    text(dir.resolve("faces/notimage.png"), "not a png");
    Path csv = csv(dir, HEADER + ",split", List.of(
        "i1,s1,q1,p1,alice,faces/i1.png,bodies/i1.png,train",
        "i2,s1,q1,p2,bob,faces/missing.png,,train",
        "i3,s1,q1,p2,carol,faces/notimage.png,,train",
        "i1,s1,q1,p1,alice,faces/i1.png,bodies/i1.png,train",
        "i1,s1,q2,p9,alice,faces/i1.png,bodies/i1.png,train",
        "i4,s2,q2,p1,dan,faces/i4.png,,train",
        "i5,s1,q3,p5,eve,,,val",
        "i6,s1,q3,p5,eve,faces/i6.png,,dev",
        "i7,s1,q3,p5,fay,faces/i7.png,,val",
        "i8,s1,q3,p5,gus,faces/i8.png,,test",
        "i9,s2,q3,p8,hal,faces/i9.png,,val",
        "i10,s1,q4,p4,ida,faces/i10.png,,train",
        "i1,s1,q4,p1,bob,faces/i1.png,bodies/i1.png,train",
        "i11,s1,q5,p1,ann,../outside.png,,train"));
    String f = csv.toString();
    List<String> expected = List.of(
        f + ":3: face_path: image " + dir.resolve("faces/missing.png") + " not found",
        f + ":4: face_path: image " + dir.resolve("faces/notimage.png") + " is not in a format"
            + " ImageIO can read",
        f + ":5: instance i1 appears twice in sequence q1 (first at line 2)",
        f + ":6: instance i1 differs from line 2: panel p9 (was p1)",
        f + ":7: panel p1 belongs to series s1 (line 2), not s2",
        f + ":8: face_path and body_path are both empty",
        f + ":9: split 'dev' is not train, val or test",
        f + ":11: sequence q3 is in split val (line 10), not test",
        f + ":12: sequence q3 has rows of series s1 (line 10), not s2",
        f + ":14: instance i1 differs from line 2: identity bob (was alice) (identity scope"
            + " dataset: an instance has one identity)",
        f + ":15: face_path '../outside.png' leaves the dataset's folder " + dir);
    Map<String, Long> before = Fixtures.tableCounts(catalog);
    DatasetImportException e = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "instances", csv, ImportOptions.defaults()));
    assertEquals(expected, e.problems().stream().map(ImportProblem::toString).toList());
    assertEquals(before, Fixtures.tableCounts(catalog));

    ImportReport r = DatasetImporter.importDataset(catalog, "instances", csv,
        ImportOptions.defaults().withSkipInvalid(true));
    List<String> dropped = List.of(
        f + ":6: sequence q2 dropped: none of its rows was imported",
        f + ":15: sequence q5 dropped: none of its rows was imported");
    assertEquals(dropped, r.dropped().stream().map(ImportProblem::toString).toList());
    List<String> report = new ArrayList<>(expected);
    report.addAll(dropped);
    assertEquals(report, Fixtures.lines(r.skippedReport()));
    assertEquals(dir.resolve("instances.csv.skipped.txt"), r.skippedReport());
    assertEquals(Map.of("series", 1L, "pages", 3L, "panels", 3L, "detections", 4L,
        "instances", 3L, "sequences", 3L, "annotations", 3L, "splits", 2L), r.counts());
    assertEquals(List.of("q1 s1 train [s1_p1_0]", "q3 s1 val [s1_p5_0]",
        "q4 s1 train [s1_p4_0]"), Fixtures.sequences(catalog, "instances"));
  }

  @Test
  void aSequencesDatasetExportsAsCrops() {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    Path dir = SequencesFormatTest.panels(tmp.resolve("csi"));
    text(dir.resolve("train_sequences.json"), SequencesFormatTest.array(SequencesFormatTest.SEQ_A,
        SequencesFormatTest.SEQ_B));
    text(dir.resolve("val_sequences.json"), SequencesFormatTest.array(SequencesFormatTest.SEQ_C));
    text(dir.resolve("test_sequences.json"), SequencesFormatTest.array(
        SequencesFormatTest.SEQ_D));
    DatasetImporter.importDataset(catalog, "sequences", dir, ImportOptions.defaults());
    ExportReport e = DatasetExporter.export(catalog, "csi", "instances", tmp.resolve("crops"));
    assertTrue(e.notes().contains("identity labels are sequence-local: import with identity"
        + " scope sequence"), e.notes().toString());
    ImportReport r = DatasetImporter.importDataset(catalog, "instances", e.mainFile(),
        ImportOptions.defaults().withName("csi-crops")
            .withIdentityScope(IdentityScope.SEQUENCE));
    assertEquals(11, r.count("instances"));
    assertEquals(13, r.count("annotations"));
    assertEquals(Fixtures.sequences(catalog, "csi").stream().map(s -> s.split(" ")[2]).toList(),
        Fixtures.sequences(catalog, "csi-crops").stream().map(s -> s.split(" ")[2]).toList());
    // the face box [10, 20, 60, 80] of 1014_14_0 became a 50x60 crop
    assertTrue(Fixtures.detections(catalog, "csi-crops").stream().anyMatch(d ->
        d.contains(" FACE null 0,0,50,60 1 ") && d.endsWith("images/faces/1014_14_0_face_0.png")),
        Fixtures.detections(catalog, "csi-crops").toString());
  }
}
