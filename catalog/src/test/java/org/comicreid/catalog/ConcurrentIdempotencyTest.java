package org.comicreid.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retried activities may race: several threads creating the same tracking run or starting the same
 * stage at once still end with one row and one answer (the unique constraints decide, the loser
 * re-reads).
 */
class ConcurrentIdempotencyTest {

  private static final int THREADS = 6;

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void racingCreateOrFindRunYieldsOneRun(DatabaseKind kind) throws Exception {
    Catalog catalog = DBS.catalog(kind);
    TrackingStore store = new TrackingStore(catalog);
    String exp = "race-" + kind;
    for (int round = 0; round < 5; round++) {
      String key = exp + "-" + round;
      List<String> ids = race(() -> store.createOrFindRun(key, exp, "r", null, Map.of("t", "v")));
      Set<String> distinct = new HashSet<>(ids);
      assertEquals(1, distinct.size(), "round " + round + ": " + ids);
    }
    assertEquals(5, store.listRuns(exp).size());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void racingMarkStartedLeavesOneRecord(DatabaseKind kind) throws Exception {
    Catalog catalog = DBS.catalog(kind);
    CatalogStageLedger ledger = new CatalogStageLedger(catalog);
    String exp = "race-ledger-" + kind;
    for (int round = 0; round < 5; round++) {
      StageRecord rec =
          new StageRecord(exp + "-" + round, exp, Stage.PAIR, StageStatus.RUNNING, "c", "wf",
              null, null, List.of(), null, Instant.now(), null, null);
      race(
          () -> {
            ledger.markStarted(rec);
            return "ok";
          });
    }
    assertEquals(5, ledger.listByExperiment(exp).size());
  }

  private static List<String> race(Callable<String> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return call.call();
                }));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
