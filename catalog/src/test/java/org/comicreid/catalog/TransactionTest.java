package org.comicreid.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
import org.comicreid.core.ReidRunException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Nothing is half-written: a failing transaction leaves no rows behind. */
class TransactionTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases(10);

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void failureAfterWritesRollsEverythingBack(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    DatasetRepository datasets = new DatasetRepository(catalog);
    IllegalStateException boom =
        assertThrows(
            IllegalStateException.class,
            () ->
                catalog.inTransaction(
                    s -> {
                      Dataset ds = datasets.create("rollback-" + kind, null, null);
                      new SeriesRepository(catalog).insert(new Series(ds, "x", null));
                      s.flush(); // the rows reached the database inside the transaction
                      throw new IllegalStateException("boom");
                    }));
    assertEquals("boom", boom.getMessage());
    assertTrue(datasets.findByName("rollback-" + kind).isEmpty());
    assertFalse(catalog.isInTransaction());
    // the same name is free again: the catalog is still usable
    assertEquals("rollback-" + kind, datasets.create("rollback-" + kind, null, null).getName());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void bulkInsertFailingInALaterBatchLeavesNoRows(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    Dataset ds = new DatasetRepository(catalog).create("bulk-rollback-" + kind, null, null);
    Series series = new SeriesRepository(catalog).insert(new Series(ds, "s", null));
    Page page = new PageRepository(catalog).insert(new Page(series, "p"));
    List<Panel> panels = new ArrayList<>();
    for (int i = 0; i < 35; i++) {
      panels.add(new Panel(page, i, i + ".jpg", 1, 1));
    }
    panels.add(new Panel(page, 3, "duplicate-index.jpg", 1, 1)); // violates (page, index)
    PanelRepository repo = new PanelRepository(catalog);
    assertThrows(RuntimeException.class, () -> repo.insertAll(panels));
    assertEquals(List.of(), repo.findByPage(page), "batches flushed before the failure are gone");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void aCaughtFailureInAJoinedCallStillRollsBackTheOuterTransaction(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    DatasetRepository datasets = new DatasetRepository(catalog);
    datasets.create("taken-" + kind, null, null);
    ReidRunException e =
        assertThrows(
            ReidRunException.class,
            () ->
                catalog.inTransaction(
                    s -> {
                      datasets.create("outer-" + kind, null, null);
                      try {
                        datasets.create("taken-" + kind, null, null);
                      } catch (RuntimeException expected) {
                        // swallowed on purpose: the outer transaction must not commit anyway
                      }
                    }));
    assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
    assertTrue(e.getMessage().contains("taken-" + kind), "names the swallowed failure: " + e.getMessage());
    assertTrue(datasets.findByName("outer-" + kind).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void successfulTransactionCommitsAllRepositoryCalls(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    Detection det =
        catalog.fromTransaction(
            s -> {
              Dataset ds = new DatasetRepository(catalog).create("commit-" + kind, null, null);
              Series series = new SeriesRepository(catalog).insert(new Series(ds, "s", null));
              Page page = new PageRepository(catalog).insert(new Page(series, "p"));
              Panel panel = new PanelRepository(catalog).insert(new Panel(page, 0, "a.jpg", 1, 1));
              return new DetectionRepository(catalog)
                  .insert(new Detection(panel, DetectionKind.FACE, 1, 2, 3, 4, 0.9));
            });
    assertTrue(new DetectionRepository(catalog).findById(det.getId()).isPresent());
  }
}
