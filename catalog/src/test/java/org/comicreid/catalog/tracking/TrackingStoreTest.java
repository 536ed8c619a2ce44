package org.comicreid.catalog.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.entity.TrackingStatus;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.ReidRunException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrackingStoreTest {

  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.890Z");

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  private static TrackingStore store(DatabaseKind kind) {
    return new TrackingStore(DBS.catalog(kind), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void createOrFindRunIsIdempotentByKey(DatabaseKind kind) {
    TrackingStore store = store(kind);
    String exp = "exp-idem-" + kind;
    String id = store.createOrFindRun("key-1-" + kind, exp, "pretrain", null, Map.of("stage", "pretrain"));
    String again = store.createOrFindRun("key-1-" + kind, exp, "renamed", null, Map.of("stage", "other"));
    assertEquals(id, again);
    assertEquals(32, id.length());
    String other = store.createOrFindRun("key-2-" + kind, exp, "finetune", id, Map.of());
    assertNotEquals(id, other);
    String unkeyed1 = store.createOrFindRun(null, exp, "adhoc", null, null);
    String unkeyed2 = store.createOrFindRun(null, exp, "adhoc", null, null);
    assertNotEquals(unkeyed1, unkeyed2, "no key, no idempotency");

    assertEquals(4, store.listRuns(exp).size());
    TrackingRun run = store.findRunByKey("key-1-" + kind).orElseThrow();
    assertEquals(id, run.runId());
    assertEquals("pretrain", run.name(), "the first creation wins");
    assertEquals(TrackingStatus.RUNNING, run.status());
    assertEquals(NOW, run.startTime());
    assertNull(run.endTime());
    assertEquals(Map.of("stage", "pretrain"), store.getTags(id));
    assertEquals(id, store.getRun(other).orElseThrow().parentRunId());
    assertTrue(store.findRunByKey("key-3-" + kind).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void paramsAreWriteOnceTagsAreOverwritten(DatabaseKind kind) {
    TrackingStore store = store(kind);
    String id = store.createOrFindRun("p-" + kind, "exp-p-" + kind, "r", null, Map.of("a", "1"));
    store.logParams(id, Map.of("pretrain.temperature", "0.1", "seed", "7"));
    store.logParams(id, Map.of("seed", "7"));
    ReidRunException changed =
        assertThrows(ReidRunException.class, () -> store.logParams(id, Map.of("seed", "8")));
    assertTrue(changed.getMessage().contains("seed"), changed.getMessage());
    assertEquals(Map.of("pretrain.temperature", "0.1", "seed", "7"), store.getParams(id));

    store.setTags(id, Map.of("a", "2", "b", "3"));
    assertEquals(Map.of("a", "2", "b", "3"), store.getTags(id));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void metricsAreListedByKeyAndStep(DatabaseKind kind) {
    TrackingStore store = store(kind);
    String id = store.createOrFindRun("m-" + kind, "exp-m-" + kind, "r", null, Map.of());
    List<MetricPoint> points = new ArrayList<>();
    for (int step = 119; step >= 0; step--) {
      points.add(new MetricPoint("loss", 1.0 / (step + 1), step, 1000L + step));
    }
    points.add(new MetricPoint("acc", 0.5, 0, 5L));
    points.add(new MetricPoint("acc", Double.NaN, 1, 6L));
    store.logMetrics(id, points);

    List<MetricPoint> loss = store.listMetrics(id, "loss");
    assertEquals(120, loss.size());
    assertEquals(new MetricPoint("loss", 1.0, 0, 1000L), loss.get(0));
    assertEquals(new MetricPoint("loss", 1.0 / 120, 119, 1119L), loss.get(119));
    List<MetricPoint> all = store.listMetrics(id);
    assertEquals(122, all.size());
    assertEquals("acc", all.get(0).key());
    assertTrue(Double.isNaN(all.get(1).value()));
    assertThrows(ReidRunException.class, () -> store.listMetrics("0123456789abcdef", "loss"));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void finishRunSetsStatusAndEndTime(DatabaseKind kind) {
    TrackingStore store = store(kind);
    String exp = "exp-fin-" + kind;
    String id = store.createOrFindRun("fin-" + kind, exp, "r", null, Map.of());
    store.finishRun(id, TrackingStatus.FAILED);
    TrackingRun run = store.getRun(id).orElseThrow();
    assertEquals(TrackingStatus.FAILED, run.status());
    assertEquals(NOW, run.endTime());
    assertEquals(List.of(run), store.listRuns(exp));
    assertThrows(ReidRunException.class, () -> store.finishRun("missing", TrackingStatus.FINISHED));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void listChildrenGivesTheDirectChildrenOldestFirst(DatabaseKind kind) {
    TrackingStore store = store(kind);
    String exp = "exp-children-" + kind;
    String parent = store.createOrFindRun("sweep-" + kind, exp, "sweep", null, Map.of("reid.kind", "sweep"));
    String other = store.createOrFindRun("other-" + kind, exp, "other", null, Map.of());
    String first = store.createOrFindRun("m0-" + kind, exp, "member 0", parent, Map.of());
    store.createOrFindRun("o0-" + kind, exp, "other child", other, Map.of());
    String second = store.createOrFindRun("m1-" + kind, exp, "member 1", parent, Map.of());
    store.createOrFindRun("stage-" + kind, exp, "pretrain", first, Map.of());

    List<TrackingRun> children = store.listChildren(parent);
    assertEquals(List.of(first, second), children.stream().map(TrackingRun::runId).toList(),
        "direct children only, in creation order (same start time: by insertion)");
    assertEquals(List.of("member 0", "member 1"), children.stream().map(TrackingRun::name).toList());
    assertTrue(store.listChildren(second).isEmpty());
    assertTrue(store.listChildren("no-such-run").isEmpty());
  }
}
