package org.comicreid.catalog.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Detection;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.catalog.entity.Page;
import org.comicreid.catalog.entity.Panel;
import org.comicreid.catalog.entity.Series;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Bulk inserts go out in JDBC batches: Hibernate prepares one statement per batch (and the pooled
 * sequence optimizer asks the database for ids once per 50 rows), so the number of prepared
 * statements is a small fraction of the row count. The unbatched control (batch size 1) shows the
 * counter does see one statement per row when batching is off.
 */
class BulkInsertTest {

  private static final int ROWS = 2_000;
  private static final int BATCH = 50;

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void twoThousandDetectionsGoOutInBatches(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind, BATCH);
    long prepared = insertDetections(catalog, "bulk-" + kind);
    // per batch one insert statement, plus one sequence call per 50 ids (allocationSize)
    long bound = ROWS / BATCH + ROWS / 50 + 5;
    assertTrue(prepared <= bound, "prepared " + prepared + " statements for " + ROWS + " rows");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void withoutBatchingEveryRowIsItsOwnStatement(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind, 1);
    long prepared = insertDetections(catalog, "unbatched-" + kind);
    assertTrue(prepared >= ROWS, "prepared " + prepared + " statements for " + ROWS + " rows");
  }

  /** Inserts ROWS detections, checks they all arrived, and returns the prepared-statement count. */
  private static long insertDetections(Catalog catalog, String name) {
    Dataset ds = new DatasetRepository(catalog).create(name, null, null);
    Series series = new SeriesRepository(catalog).insert(new Series(ds, "s", null));
    Page page = new PageRepository(catalog).insert(new Page(series, "p"));
    Panel panel = new PanelRepository(catalog).insert(new Panel(page, 0, "p.jpg", 100, 100));
    List<Detection> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      DetectionKind kind = i % 2 == 0 ? DetectionKind.FACE : DetectionKind.BODY;
      rows.add(new Detection(panel, kind, i, i, i + 10, i + 20, 0.5));
    }
    Statistics stats = catalog.statistics();
    stats.setStatisticsEnabled(true);
    stats.clear();
    List<Detection> inserted = new DetectionRepository(catalog).insertAll(rows);
    long prepared = stats.getPrepareStatementCount();
    stats.setStatisticsEnabled(false);
    LoggerFactory.getLogger(BulkInsertTest.class)
        .info("{} rows, batch size {}: {} prepared statements", ROWS, catalog.batchSize(), prepared);

    assertEquals(ROWS, inserted.stream().map(Detection::getId).distinct().count());
    assertEquals(ROWS, new DetectionRepository(catalog).countByDataset(ds));
    List<Detection> back = new DetectionRepository(catalog).findByPanel(panel);
    assertEquals(1999.0, back.get(ROWS - 1).getX1());
    return prepared;
  }
}
