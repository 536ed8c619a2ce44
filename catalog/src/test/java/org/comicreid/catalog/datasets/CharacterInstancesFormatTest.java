package org.comicreid.catalog.datasets;

import static org.comicreid.catalog.datasets.Fixtures.image;
import static org.comicreid.catalog.datasets.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.repository.DatasetSnapshots;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.IdentityScope;
import org.comicreid.core.dataset.PanelRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CharacterInstancesFormatTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  static final String HEADER =
      "char_index,type,index,x_0,y_0,x_1,y_1,score,series_id,page_id,image_path";

  /** The paper's Table 6 (all eight rows), with the image column of docs/datasets.md. */
  static final List<String> TABLE_6 = List.of(
      HEADER,
      "0,face,0,520,189,691,395,0.98,1551,1_2,images/1551/1_2.jpg",
      "0,body,1,491,92,717,541,0.93,1551,1_2,images/1551/1_2.jpg",
      "1,face,1,110,66,156,117,0.96,1551,1_2,images/1551/1_2.jpg",
      "1,body,0,47,30,222,560,0.99,1551,1_2,images/1551/1_2.jpg",
      "2,face,2,246,124,272,153,0.72,1551,1_2,images/1551/1_2.jpg",
      "3,face,3,517,420,538,445,0.65,1551,1_2,images/1551/1_2.jpg",
      "3,body,3,498,413,585,541,0.87,1551,1_2,images/1551/1_2.jpg",
      "5,body,2,185,433,253,562,0.9,1551,1_2,images/1551/1_2.jpg");

  /** The panel image: boxes reach x 717 and y 562. */
  Path table6(Path dir) {
    image(dir.resolve("images/1551/1_2.jpg"), 720, 563);
    return text(dir.resolve("table6.csv"), TABLE_6.toArray(new String[0]));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void table6ImportsExportsAndImportsAgainWithTheSameHash(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind);
    Path csv = table6(tmp.resolve("in"));
    ImportReport r = DatasetImporter.importDataset(catalog, "character-instances", csv,
        ImportOptions.defaults());
    assertEquals("table6", r.datasetName()); // the file's base name
    assertFalse(r.alreadyPresent());
    assertEquals(Map.of("series", 1L, "pages", 1L, "panels", 1L, "detections", 8L,
        "instances", 5L), r.counts());
    assertNull(r.skippedReport());

    Dataset ds = new DatasetRepository(catalog).findByName("table6").orElseThrow();
    assertEquals("character-instances", ds.getFormat());
    assertEquals(r.contentHash(), ds.getContentHash());
    DatasetSnapshot snap = DatasetSnapshots.load(catalog, "table6");
    assertEquals(IdentityScope.SEQUENCE, snap.identityScope());
    assertTrue(snap.sequences().isEmpty());
    assertTrue(snap.instances().isEmpty(), "no instance is annotated: the snapshot has none");
    List<PanelRecord> streamed = new java.util.ArrayList<>();
    org.comicreid.catalog.repository.DetectionStream.forEachPanel(catalog, "table6",
        pd -> streamed.add(pd.panel()));
    assertEquals(List.of(new PanelRecord(streamed.get(0).id(), "1551", "1551_1_2",
        tmp.resolve("in/images/1551/1_2.jpg").toAbsolutePath().normalize().toString(), 720, 563)),
        streamed);
    assertEquals(List.of(
        "1551_1_2 BODY 1551_1_2_body_0 47,30,222,560 0.99",
        "1551_1_2 BODY 1551_1_2_body_1 491,92,717,541 0.93",
        "1551_1_2 BODY 1551_1_2_body_2 185,433,253,562 0.9",
        "1551_1_2 BODY 1551_1_2_body_3 498,413,585,541 0.87",
        "1551_1_2 FACE 1551_1_2_face_0 520,189,691,395 0.98",
        "1551_1_2 FACE 1551_1_2_face_1 110,66,156,117 0.96",
        "1551_1_2 FACE 1551_1_2_face_2 246,124,272,153 0.72",
        "1551_1_2 FACE 1551_1_2_face_3 517,420,538,445 0.65"),
        Fixtures.detections(catalog, "table6"));
    // char_index groups a face and a body; 2 has only a face, 5 only a body
    assertEquals(List.of(
        "1551_1_2_0 1551_1_2 face=1551_1_2_face_0 body=1551_1_2_body_1",
        "1551_1_2_1 1551_1_2 face=1551_1_2_face_1 body=1551_1_2_body_0",
        "1551_1_2_2 1551_1_2 face=1551_1_2_face_2 body=-",
        "1551_1_2_3 1551_1_2 face=1551_1_2_face_3 body=1551_1_2_body_3",
        "1551_1_2_5 1551_1_2 face=- body=1551_1_2_body_2"),
        Fixtures.instances(catalog, "table6"));

    // export gives the same rows back, with the image linked into the export folder
    ExportReport e = DatasetExporter.export(catalog, "table6", "character-instances",
        tmp.resolve("out"));
    assertEquals(tmp.resolve("out/character_instances.csv").toAbsolutePath(), e.mainFile());
    assertEquals(8, e.rows());
    assertEquals(1, e.images());
    assertEquals(TABLE_6, Fixtures.lines(e.mainFile()));
    assertTrue(Files.isRegularFile(tmp.resolve("out/images/1551/1_2.jpg")));

    ImportReport again = DatasetImporter.importDataset(catalog, "character-instances",
        e.mainFile(), ImportOptions.defaults().withName("table6-again"));
    assertFalse(again.alreadyPresent());
    assertEquals(r.contentHash(), again.contentHash());
    assertEquals(Fixtures.instances(catalog, "table6"),
        Fixtures.instances(catalog, "table6-again"));

    // the same input under the same name is a no-op
    Map<String, Long> before = Fixtures.tableCounts(catalog);
    ImportReport same = DatasetImporter.importDataset(catalog, "character-instances", csv,
        ImportOptions.defaults());
    assertTrue(same.alreadyPresent());
    assertEquals(before, Fixtures.tableCounts(catalog));
  }

  @Test
  void rowOrderDoesNotChangeTheHashButContentDoes() {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    Path dir = tmp.resolve("order");
    table6(dir);
    List<String> reversed = new java.util.ArrayList<>(TABLE_6.subList(1, TABLE_6.size()));
    java.util.Collections.reverse(reversed);
    reversed.add(0, HEADER);
    Path a = dir.resolve("a.csv");
    Path b = text(dir.resolve("b.csv"), reversed.toArray(new String[0]));
    Fixtures.text(a, TABLE_6.toArray(new String[0]));
    String hashA = DatasetImporter.importDataset(catalog, "character-instances", a,
        ImportOptions.defaults().withName("order-a")).contentHash();
    String hashB = DatasetImporter.importDataset(catalog, "character-instances", b,
        ImportOptions.defaults().withName("order-b")).contentHash();
    assertEquals(hashA, hashB);
    assertEquals(Fixtures.instances(catalog, "order-a"), Fixtures.instances(catalog, "order-b"));

    // one score changed: another dataset, refused under the same name, naming both hashes
    List<String> changed = new java.util.ArrayList<>(TABLE_6);
    changed.set(1, changed.get(1).replace("0.98", "0.97"));
    Path c = text(dir.resolve("c.csv"), changed.toArray(new String[0]));
    ReidInputException ex = assertThrows(ReidInputException.class, () ->
        DatasetImporter.importDataset(catalog, "character-instances", c,
            ImportOptions.defaults().withName("order-a")));
    assertTrue(ex.getMessage().contains("'order-a'"), ex.getMessage());
    assertTrue(ex.getMessage().contains(hashA), ex.getMessage());
    String hashC = DatasetImporter.importDataset(catalog, "character-instances", c,
        ImportOptions.defaults().withName("order-c")).contentHash();
    assertFalse(hashC.equals(hashA));
    assertTrue(ex.getMessage().contains(hashC), ex.getMessage());
  }

  @Test
  void withoutTheImageColumnTheImageIsFoundByItsIds() {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    Path dir = tmp.resolve("noimg");
    image(dir.resolve("images/1551/1_2.jpg"), 720, 563);
    image(dir.resolve("images/1551/3.png"), 100, 50); // a bare page, panel 0, as .png
    Path csv = text(dir.resolve("bare.csv"),
        "char_index,type,index,x_0,y_0,x_1,y_1,score,series_id,page_id",
        "0,face,0,520,189,691,395,0.98,1551,1_2",
        "0,body,0,1,2,100,50,1,1551,3",
        "0,face,0,1,2,3,4,0.5,1551,3");
    ImportReport r = DatasetImporter.importDataset(catalog, "character-instances", csv,
        ImportOptions.defaults());
    assertEquals(2, r.count("panels"));
    assertEquals(2, r.count("instances"));
    assertEquals(List.of(
        "1551_1_2_0 1551_1_2 face=1551_1_2_face_0 body=-",
        "1551_3_0_0 1551_3_0 face=1551_3_0_face_0 body=1551_3_0_body_0"),
        Fixtures.instances(catalog, "bare"));
    List<PanelRecord> panels = new java.util.ArrayList<>();
    org.comicreid.catalog.repository.DetectionStream.forEachPanel(catalog, "bare",
        pd -> panels.add(pd.panel()));
    assertEquals(dir.resolve("images/1551/3.png").toAbsolutePath().normalize().toString(),
        panels.get(1).imagePath());
    assertEquals(100, panels.get(1).width());

    // export writes the page as 3_0 and names the images; that imports as the same dataset
    ExportReport e = DatasetExporter.export(catalog, "bare", "character-instances",
        tmp.resolve("bare-out"));
    assertEquals(List.of(HEADER,
        "0,face,0,520,189,691,395,0.98,1551,1_2,images/1551/1_2.jpg",
        "0,body,0,1,2,100,50,1,1551,3_0,images/1551/3_0.png",
        "0,face,0,1,2,3,4,0.5,1551,3_0,images/1551/3_0.png"),
        Fixtures.lines(e.mainFile()));
    assertEquals(r.contentHash(), DatasetImporter.importDataset(catalog, "character-instances",
        e.mainFile(), ImportOptions.defaults().withName("bare-again")).contentHash());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void everyBrokenRowIsReportedAndNothingIsWritten(DatabaseKind kind) throws Exception {
    Catalog catalog = DBS.freshCatalog(kind);
    Path dir = tmp.resolve("broken");
    image(dir.resolve("images/1551/1_2.jpg"), 720, 563);
    text(dir.resolve("images/1551/not-an-image.jpg"), "hello");
    Path csv = text(dir.resolve("broken.csv"),
        HEADER,
        "0,face,0,520,189,691,395,0.98,1551,1_2,images/1551/1_2.jpg",
        "0,body,1,491,92,717,541,0.93,1551,1_2,images/1551/missing.jpg",
        "1,face,1,110,66,900,117,0.96,1551,1_2,images/1551/1_2.jpg",
        "2,face,0,246,124,272,153,0.72,1551,1_2,images/1551/1_2.jpg",
        "3,face,3,517,420,538,445,1.5,1551,1_2,images/1551/1_2.jpg",
        "0,face,4,0,0,721,564,0.5,1551,1_2,images/1551/1_2.jpg",
        "\"4\",body,3,498,413,585,541,0.87,1551,1_2,images/1551/1_2.jpg",
        "6,head,4,1,1,2,2,0.5,1551,1_2,images/1551/1_2.jpg",
        "7,body,5,1,1,2,2,0.5,1551,1_2_3,images/1551/1_2.jpg",
        "8,body,6,1,1,2,2,0.5,1551,2_2,images/1551/not-an-image.jpg",
        "9,body,7,1,1,2,2,0.5,1551,1_2,../outside.jpg",
        "10,body,8,3,1,2,2,0.5,1551,1_2,images/1551/1_2.jpg",
        "5,body,2,185,433,253,562,0.9,1551,1_2,images/1551/1_2.jpg");
    String f = csv.toString();
    String missing = dir.resolve("images/1551/missing.jpg").toString();
    String bad = dir.resolve("images/1551/not-an-image.jpg").toString();
    List<String> expected = List.of(
        f + ":3: image " + missing + " not found",
        f + ":4: face box [110, 66, 900, 117] is outside the 720x563 image of panel 1551_1_2"
            + " (1 px tolerance)",
        f + ":5: duplicate face index 0 on panel 1551_1_2 (first at line 2)",
        f + ":6: score 1.5 is not in [0, 1]",
        f + ":7: char_index 0 on panel 1551_1_2 already has a face (line 2)",
        f + ":9: type 'head' is not face or body",
        f + ":10: page_id '1_2_3' is not <page>_<panel> or <page>",
        f + ":11: image " + bad + " is not in a format ImageIO can read",
        f + ":12: image '../outside.jpg' leaves the dataset's folder " + dir,
        f + ":13: body box [3, 1, 2, 2] has x_0 > x_1 or y_0 > y_1");
    Map<String, Long> before = Fixtures.tableCounts(catalog);
    DatasetImportException e = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "character-instances", csv,
            ImportOptions.defaults()));
    assertEquals(expected, e.problems().stream().map(ImportProblem::toString).toList());
    assertTrue(e.getMessage().startsWith("cannot import " + f + ": 10 problems"),
        e.getMessage());
    assertTrue(e.getMessage().contains("\n" + expected.get(0) + "\n"), e.getMessage());
    assertEquals(before, Fixtures.tableCounts(catalog));
    assertFalse(Files.exists(dir.resolve("broken.csv.skipped.txt")));

    // with skipInvalid the three good rows (lines 2, 8 quoted, 14) are imported
    ImportReport r = DatasetImporter.importDataset(catalog, "character-instances", csv,
        ImportOptions.defaults().withSkipInvalid(true));
    assertEquals(3, r.count("detections"));
    assertEquals(dir.resolve("broken.csv.skipped.txt"), r.skippedReport());
    assertEquals(expected, Fixtures.lines(r.skippedReport()));
    assertEquals(List.of(
        "1551_1_2_0 1551_1_2 face=1551_1_2_face_0 body=-",
        "1551_1_2_4 1551_1_2 face=- body=1551_1_2_body_3",
        "1551_1_2_5 1551_1_2 face=- body=1551_1_2_body_2"),
        Fixtures.instances(catalog, "broken"));
    // the same valid part again: nothing to do
    assertTrue(DatasetImporter.importDataset(catalog, "character-instances", csv,
        ImportOptions.defaults().withSkipInvalid(true)).alreadyPresent());
  }

  @Test
  void aBrokenHeaderOrQuoteIsReportedWithItsLine() {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    Path dir = tmp.resolve("header");
    image(dir.resolve("images/1551/1_2.jpg"), 720, 563);
    Path csv = text(dir.resolve("h.csv"),
        "char_index,kind,index,x_0,y_0,x_1,y_1,score,series_id,page_id",
        "0,face,0,520,189,691,395,0.98,1551,1_2");
    DatasetImportException e = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "character-instances", csv,
            ImportOptions.defaults().withSkipInvalid(true)));
    assertEquals(List.of(csv + ":1: header: unknown column 'kind'; missing column 'type'"
        + " (expected " + HEADER + ", image_path optional)"),
        e.problems().stream().map(ImportProblem::toString).toList());

    // a quoted field may hold a line break; the line of a record is the line it starts on
    Path quoted = text(dir.resolve("q.csv"),
        HEADER,
        "0,face,0,520,189,691,395,0.98,\"15\n51\",1_2,images/1551/1_2.jpg",
        "0,body,0,5\"2,1,2,3,0.5,1551,1_2,images/1551/1_2.jpg",
        "1,face,1,1,1,2,2,0.5,1551,1_2,images/1551/1_2.jpg,extra");
    DatasetImportException q = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "character-instances", quoted,
            ImportOptions.defaults()));
    assertEquals(List.of(
        quoted + ":4: malformed CSV: quote inside unquoted field 4 (quote the whole field and"
            + " double the quote)",
        quoted + ":5: has 12 fields, the header has 11"),
        q.problems().stream().map(ImportProblem::toString).toList());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void dassJsonImportsWithoutInstancesAndExportsFreshCharIndices(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind);
    Path dir = tmp.resolve("json");
    image(dir.resolve("images/1551/1_2.jpg"), 720, 563);
    image(dir.resolve("images/1551/1_3.jpg"), 300, 200);
    Path json = text(dir.resolve("dass.json"),
        "[",
        "  {\"series_id\": \"1551\", \"page_id\": \"1_2\", \"image\": \"images/1551/1_2.jpg\",",
        "   \"faces\":  [[520, 189, 691, 395, 0.98], [110, 66, 156, 117, 0.96]],",
        "   \"bodies\": [[491, 92, 717, 541, 0.93]]},",
        "  {\"series_id\": 1551, \"page_id\": \"1_3\", \"image\": \"images/1551/1_3.jpg\",",
        "   \"faces\": [], \"bodies\": [[0.5, 0, 299.5, 200.25, 0.5]]}",
        "]");
    ImportReport r = DatasetImporter.importDataset(catalog, "character-instances", json,
        ImportOptions.defaults());
    assertEquals(Map.of("series", 1L, "pages", 1L, "panels", 2L, "detections", 4L,
        "instances", 0L), r.counts());
    assertEquals(List.of(
        "1551_1_2 BODY 1551_1_2_body_0 491,92,717,541 0.93",
        "1551_1_2 FACE 1551_1_2_face_0 520,189,691,395 0.98",
        "1551_1_2 FACE 1551_1_2_face_1 110,66,156,117 0.96",
        "1551_1_3 BODY 1551_1_3_body_0 0.5,0,299.5,200.25 0.5"),
        Fixtures.detections(catalog, "dass"));

    ExportReport e = DatasetExporter.export(catalog, "dass", "character-instances",
        tmp.resolve("json-out"));
    assertEquals(List.of(HEADER,
        "0,face,0,520,189,691,395,0.98,1551,1_2,images/1551/1_2.jpg",
        "1,face,1,110,66,156,117,0.96,1551,1_2,images/1551/1_2.jpg",
        "2,body,0,491,92,717,541,0.93,1551,1_2,images/1551/1_2.jpg",
        "0,body,0,0.5,0,299.5,200.25,0.5,1551,1_3,images/1551/1_3.jpg"),
        Fixtures.lines(e.mainFile()));
  }

  @Test
  void brokenJsonIsReportedAtTheLineOfItsObject() {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    Path dir = tmp.resolve("badjson");
    image(dir.resolve("images/1551/1_2.jpg"), 720, 563);
    Path json = text(dir.resolve("bad.json"),
        "[",
        "  {\"series_id\": \"1551\", \"page_id\": \"1_2\", \"image\": \"images/1551/1_2.jpg\",",
        "   \"faces\":  [[520, 189, 691, 395, 0.98],",
        "               [110, 66, 956, 117, 0.96]],",
        "   \"bodys\": [[491, 92, 717, 541, 0.93]]},",
        "  {\"series_id\": \"1551\", \"page_id\": \"1_2\", \"image\": \"images/1551/gone.jpg\"},",
        "  {\"series_id\": \"1551\", \"page_id\": \"1_4\", \"image\": \"images/1551/1_2.jpg\",",
        "   \"faces\": [[1, 2, 3]]},",
        "  {\"series_id\": \"1551\", \"page_id\": \"1_5\", \"image\": \"images/1551/1_2.jpg\"}",
        "]");
    DatasetImportException e = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "character-instances", json,
            ImportOptions.defaults()));
    String f = json.toString();
    assertEquals(List.of(
        f + ":2: unknown key 'bodys' (expected series_id, page_id, image, faces, bodies)",
        f + ":6: image " + dir.resolve("images/1551/gone.jpg") + " not found",
        f + ":8: face 0 is not [x1, y1, x2, y2, score]"),
        e.problems().stream().map(ImportProblem::toString).toList());

    Path malformed = text(dir.resolve("malformed.json"),
        "[",
        "  {\"series_id\": \"1551\", \"page_id\": \"1_2\", \"image\": \"images/1551/gone.jpg\"},",
        "  {\"series_id\": \"1551\", \"page_id\": \"1_3\",",
        "   \"faces\": [[1, 2, 3, 4, 0.5]",
        "  }",
        "]");
    DatasetImportException m = assertThrows(DatasetImportException.class, () ->
        DatasetImporter.importDataset(catalog, "character-instances", malformed,
            ImportOptions.defaults().withSkipInvalid(true)));
    assertEquals(2, m.problems().size());
    assertEquals(malformed + ":2: image " + dir.resolve("images/1551/gone.jpg") + " not found",
        m.problems().get(0).toString());
    assertTrue(m.problems().get(1).toString().startsWith(malformed + ":5: malformed JSON: "),
        m.problems().get(1).toString());
  }
}
