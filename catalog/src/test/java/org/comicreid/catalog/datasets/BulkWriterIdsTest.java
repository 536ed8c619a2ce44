package org.comicreid.catalog.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Detection;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.catalog.entity.Page;
import org.comicreid.catalog.entity.Panel;
import org.comicreid.catalog.entity.Series;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.repository.DetectionRepository;
import org.comicreid.catalog.repository.PageRepository;
import org.comicreid.catalog.repository.PanelRepository;
import org.comicreid.catalog.repository.SeriesRepository;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Imports write their ids over plain JDBC from the sequences Hibernate uses; Hibernate keeps
 * handing out ids from its own pooled blocks in the same process before and after. A writer that
 * took, say, {@code max(id) + 1}, or the sequence value itself as the first id of its block,
 * would collide with the block Hibernate holds (primary key violation) or leave Hibernate's next
 * block overlapping its rows.
 */
class BulkWriterIdsTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path tmp;

  /** 60 rows of Table 6 shape on one panel: more than one id block of 50. */
  Path csv(String name) {
    Fixtures.image(tmp.resolve("images/7/1_0.png"), 100, 100);
    List<String> lines = new ArrayList<>();
    lines.add(CharacterInstancesFormatTest.HEADER);
    for (int i = 0; i < 60; i++) {
      lines.add(i + ",face," + i + ",1,1,10,10,0.5,7,1_0,images/7/1_0.png");
    }
    return Fixtures.text(tmp.resolve(name + ".csv"), lines.toArray(new String[0]));
  }

  /** Persists {@code n} detections through Hibernate (one id block of 50 and more). */
  static List<Long> hibernateDetections(Catalog catalog, String name, int n) {
    Dataset ds = new DatasetRepository(catalog).create(name, null, null);
    Series s = new SeriesRepository(catalog).insert(new Series(ds, "s", null));
    Page page = new PageRepository(catalog).insert(new Page(s, "p"));
    Panel panel = new PanelRepository(catalog).insert(new Panel(page, 0, "/p.png", 10, 10));
    List<Detection> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Detection(panel, DetectionKind.FACE, 0, 0, 1, 1, 0.5));
    }
    return new DetectionRepository(catalog).insertAll(rows).stream().map(Detection::getId)
        .toList();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void hibernateBeforeAndAfterAnImportNeverMeetsItsIds(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind);
    List<Long> before = hibernateDetections(catalog, "before", 3); // Hibernate holds 1..51
    DatasetImporter.importDataset(catalog, "character-instances", csv("a"),
        ImportOptions.defaults());
    List<Long> after = hibernateDetections(catalog, "after", 70); // rest of 1..51, then more
    DatasetImporter.importDataset(catalog, "character-instances", csv("b"),
        ImportOptions.defaults());
    List<Long> last = hibernateDetections(catalog, "last", 5);

    assertEquals(3 + 60 + 70 + 60 + 5, Fixtures.count(catalog, "select count(*) from detection"));
    assertEquals(3 + 60 + 70 + 60 + 5,
        Fixtures.count(catalog, "select count(distinct id) from detection"));
    // Hibernate's first block was still in use after the import: the import did not take it
    assertTrue(after.get(0) < 52, "Hibernate continued its block: " + after.get(0));
    assertTrue(before.get(0) >= 1 && last.size() == 5);
    // every table the imports wrote to has distinct ids, and the instances point at their rows
    assertEquals(120, Fixtures.count(catalog, "select count(*) from character_instance i"
        + " join detection d on d.id = i.face_detection_id"));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void anImportIntoAFreshCatalogLeavesHibernateItsBlocks(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind);
    // the import is the first to use the sequences (value 1 reserves only id 1)
    DatasetImporter.importDataset(catalog, "character-instances", csv("first"),
        ImportOptions.defaults());
    hibernateDetections(catalog, "then", 120);
    assertEquals(180, Fixtures.count(catalog, "select count(distinct id) from detection"));
    assertEquals(1, Fixtures.count(catalog, "select min(id) from detection"));
  }
}
