package org.comicreid.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.comicreid.core.ReidInputException;
import org.comicreid.experiments.tracking.MetricPoint;
import org.comicreid.experiments.tracking.RunSpec;
import org.comicreid.experiments.tracking.RunStatus;
import org.comicreid.experiments.tracking.TrackedRun;
import org.comicreid.experiments.tracking.Tracker;

/**
 * A sweep logged through a real tracker, as {@code reid sweep} lays it out, and what reading it
 * back must give; shared by the MLflow and the local-tracker tests.
 */
final class SweepFixture {

  static final String P1 = "global.semi_supervised.p_at_1";
  static final String MAP = "local.semi_supervised.map";

  final String parentId;
  final String plainId;
  final String seedId;

  private SweepFixture(String parentId, String plainId, String seedId) {
    this.parentId = parentId;
    this.plainId = plainId;
    this.seedId = seedId;
  }

  /**
   * Logs: a sweep parent with member 1 (contrastive, one seed, FAILED, no metrics) created before
   * member 0 (triplet, seeds 0 and 1 with P@1 0.5 and 0.7, MAP 0.2 and 0.4), plus a plain pipeline
   * run whose P@1 was logged twice (step 0: 0.1, step 1: 0.3).
   */
  static SweepFixture log(Tracker tracker) {
    String exp = "reid-report-" + UUID.randomUUID();
    String k = UUID.randomUUID().toString().substring(0, 8);
    TrackedRun parent = tracker.startRun(RunSpec.of("sweep-" + k, exp, "table5-small")
        .withTags(Map.of(TrackedRuns.KIND, "sweep", TrackedRuns.SWEEP, "table5-small",
            TrackedRuns.COLUMNS, MAP + ", " + P1)));
    TrackedRun contrastive = tracker.startRun(RunSpec.of("m1s0-" + k, exp, "table5-small/contrastive/0")
        .withParent(parent.runId()).withTags(member(1, "contrastive", "{\"finetune.loss\":\"contrastive\"}", 0)));
    contrastive.finish(RunStatus.FAILED);
    String seed0 = null;
    double[][] values = {{0.5, 0.2}, {0.7, 0.4}};
    for (int seed = 0; seed < 2; seed++) {
      TrackedRun r = tracker.startRun(RunSpec.of("m0s" + seed + "-" + k, exp, "table5-small/triplet/" + seed)
          .withParent(parent.runId())
          .withTags(member(0, "triplet", "{\"finetune.loss\":\"triplet\",\"finetune.margin\":0.2}", seed)));
      r.logMetrics(List.of(MetricPoint.of(P1, values[seed][0], 0), MetricPoint.of(MAP, values[seed][1], 0)));
      r.finish(RunStatus.FINISHED);
      if (seed == 0) {
        seed0 = r.runId();
      }
    }
    parent.finish(RunStatus.FINISHED);
    TrackedRun plain = tracker.startRun(RunSpec.of("plain-" + k, exp, "demo pipeline"));
    plain.logMetrics(List.of(new MetricPoint(P1, 0.1, 0, 1000), new MetricPoint(P1, 0.3, 1, 2000),
        new MetricPoint(MAP, 0.25, 0, 1000)));
    plain.finish(RunStatus.FINISHED);
    return new SweepFixture(parent.runId(), plain.runId(), seed0);
  }

  private static Map<String, String> member(int index, String name, String overrides, int seed) {
    return Map.of(TrackedRuns.MEMBER, Integer.toString(index), TrackedRuns.MEMBER_NAME, name,
        TrackedRuns.OVERRIDES, overrides, TrackedRuns.SEED, Integer.toString(seed));
  }

  /** Checks what {@code reader} gives back. */
  void check(TrackedRuns.Reader reader) {
    List<GridColumn> cols = GridColumns.parse(List.of(P1, MAP));
    MetricGrid sweep = TrackedRuns.grid(reader, parentId, cols);
    assertEquals("table5-small", sweep.title());
    assertEquals(List.of("triplet", "contrastive"), sweep.rows().stream().map(MetricGrid.Row::name).toList(),
        "rows in member-index order, not creation order");
    MetricGrid.Row triplet = sweep.rows().get(0);
    assertEquals(Map.of("finetune.loss", "triplet", "finetune.margin", "0.2"), triplet.overrides());
    assertEquals(2, triplet.cells().get(0).n());
    assertEquals(0.6, triplet.cells().get(0).mean(), 1e-12);
    assertEquals(Math.sqrt(0.02), triplet.cells().get(0).std(), 1e-12);
    assertEquals(0.3, triplet.cells().get(1).mean(), 1e-12);
    MetricGrid.Row contrastive = sweep.rows().get(1);
    assertTrue(contrastive.note().contains("failed"), contrastive.note());
    assertTrue(contrastive.cells().stream().allMatch(MetricGrid.Cell::missing));

    MetricGrid declared = TrackedRuns.grid(reader, parentId, null);
    assertEquals(List.of(MAP, P1), declared.columns().stream().map(GridColumn::path).toList(),
        "without columns, the ones the sweep declared, in its order");
    assertEquals(0.3, declared.rows().get(0).cells().get(0).mean(), 1e-12);
    assertEquals(GridColumns.defaults(), TrackedRuns.grid(reader, plainId, null).columns(),
        "a pipeline run declares none");

    MetricGrid plain = TrackedRuns.grid(reader, plainId, cols);
    assertEquals(1, plain.rows().size());
    assertEquals("demo pipeline", plain.rows().get(0).name());
    assertEquals(0.3, plain.rows().get(0).cells().get(0).mean(), 1e-12, "the latest step's value");

    Map<String, Double> m = TrackedRuns.metrics(reader, seedId);
    assertEquals(0.5, m.get(P1), 1e-12);
    assertEquals(0.2, m.get(MAP), 1e-12);
    ReidInputException sweepGate = assertThrows(ReidInputException.class, () -> TrackedRuns.metrics(reader, parentId));
    assertTrue(sweepGate.getMessage().contains("sweep"), sweepGate.getMessage());
    String unknown = UUID.randomUUID().toString().replace("-", "");
    ReidInputException none = assertThrows(ReidInputException.class, () -> TrackedRuns.grid(reader, unknown, cols));
    assertTrue(none.getMessage().contains(unknown), none.getMessage());
    assertThrows(ReidInputException.class, () -> TrackedRuns.metrics(reader, "not a run id'"));
  }
}
