package org.comicreid.catalog.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.IdentityScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The facade's own rules: names, formats, options, the export target, the problem message. */
class DatasetImporterTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  @Test
  void inputErrorsNameWhatWasExpected() {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    ReidInputException format = assertThrows(ReidInputException.class, () ->
        DatasetImporter.importDataset(catalog, "coco", tmp, ImportOptions.defaults()));
    assertEquals("unknown dataset format 'coco': expected one of character-instances,"
        + " instances, sequences", format.getMessage());
    ReidInputException missing = assertThrows(ReidInputException.class, () ->
        DatasetImporter.importDataset(catalog, "instances", tmp.resolve("nope.csv"),
            ImportOptions.defaults()));
    assertTrue(missing.getMessage().endsWith("nope.csv does not exist"), missing.getMessage());
    ReidInputException scope = assertThrows(ReidInputException.class, () ->
        DatasetImporter.importDataset(catalog, "sequences", tmp,
            ImportOptions.defaults().withIdentityScope(IdentityScope.DATASET)));
    assertTrue(scope.getMessage().contains("always sequence"), scope.getMessage());
    assertThrows(ReidInputException.class, () -> ImportOptions.defaults().withSplit(0, 0.5, 0));
    assertThrows(ReidInputException.class, () -> ImportOptions.defaults().withSplit(5, 1.0, 0));
    ReidInputException unknown = assertThrows(ReidInputException.class, () ->
        DatasetExporter.export(catalog, "absent", "instances", tmp.resolve("x")));
    assertTrue(unknown.getMessage().startsWith("dataset 'absent' is not in the catalog"),
        unknown.getMessage());
  }

  @Test
  void anExportNeverWritesIntoAFolderThatHoldsSomething() throws Exception {
    Catalog catalog = DBS.catalog(DatabaseKind.H2);
    Path dir = tmp.resolve("in");
    Fixtures.image(dir.resolve("faces/a.png"), 8, 8);
    Path csv = Fixtures.text(dir.resolve("tiny.csv"),
        "instance_id,series_id,sequence_id,panel_id,identity,face_path,body_path,split",
        "a,s,q,p,x,faces/a.png,,train");
    DatasetImporter.importDataset(catalog, "instances", csv, ImportOptions.defaults());
    Fixtures.text(tmp.resolve("full/keep.txt"), "mine");
    ReidInputException e = assertThrows(ReidInputException.class, () ->
        DatasetExporter.export(catalog, "tiny", "instances", tmp.resolve("full")));
    assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    assertEquals(List.of("mine"), Fixtures.lines(tmp.resolve("full/keep.txt")));
    // an empty folder is fine; nothing temporary is left beside it
    java.nio.file.Files.createDirectories(tmp.resolve("empty"));
    ExportReport r = DatasetExporter.export(catalog, "tiny", "instances", tmp.resolve("empty"));
    assertEquals(1, r.rows());
    assertEquals(List.of("empty", "full", "in"), list(tmp));
    assertEquals(List.of("images", "instances.csv"), list(tmp.resolve("empty")));
  }

  @Test
  void theMessageListsTwentyProblemsAndCountsTheRest() {
    List<ImportProblem> problems = new java.util.ArrayList<>();
    for (int i = 1; i <= 23; i++) {
      problems.add(new ImportProblem("f.csv", i + 1, "bad " + i));
    }
    DatasetImportException e = new DatasetImportException("f.csv", problems);
    List<String> lines = e.getMessage().lines().toList();
    assertEquals("cannot import f.csv: 23 problems, nothing was imported (--skip-invalid"
        + " imports the valid part)", lines.get(0));
    assertEquals("f.csv:2: bad 1", lines.get(1));
    assertEquals("f.csv:21: bad 20", lines.get(20));
    assertEquals("and 3 more", lines.get(21));
    assertEquals(22, lines.size());
    assertEquals(23, e.problems().size());
  }

  private static List<String> list(Path dir) {
    try (var s = java.nio.file.Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
