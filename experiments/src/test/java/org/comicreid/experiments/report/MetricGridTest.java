package org.comicreid.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.Test;

class MetricGridTest {

  private static final double EPS = 1e-12;

  /** A run document with {@code global.semi_supervised.p_at_1 = p} and {@code local...map = m}. */
  static Map<String, Object> runDoc(Double p, Double m) {
    Map<String, Object> semiG = new LinkedHashMap<>();
    semiG.put("p_at_1", p);
    Map<String, Object> semiL = new LinkedHashMap<>();
    semiL.put("map", m);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("workflow_id", "demo-abc");
    doc.put("local", Map.of("semi_supervised", semiL));
    doc.put("global", Map.of("semi_supervised", semiG));
    return doc;
  }

  @Test
  void cellMeanAndSampleStdByHand() {
    MetricGrid.Cell c = MetricGrid.Cell.of(List.of(0.5, 0.7, 0.6));
    assertEquals(3, c.n());
    assertEquals(0.6, c.mean(), EPS);
    // deviations -0.1, 0.1, 0: sum of squares 0.02, over n-1 = 2: 0.01, sqrt 0.1
    assertEquals(0.1, c.std(), EPS);

    MetricGrid.Cell two = MetricGrid.Cell.of(Arrays.asList(0.2, null, 0.4, Double.NaN));
    assertEquals(2, two.n(), "null and NaN are missing values, not zeros");
    assertEquals(0.3, two.mean(), EPS);
    assertEquals(Math.sqrt(0.02), two.std(), EPS);

    MetricGrid.Cell one = MetricGrid.Cell.of(List.of(0.25));
    assertEquals(1, one.n());
    assertTrue(Double.isNaN(one.std()));
    assertTrue(MetricGrid.Cell.of(Arrays.asList((Double) null)).missing());
  }

  @Test
  void sweepMembersAggregateTheirRuns() {
    List<Object> members = new ArrayList<>();
    Map<String, Object> a = new LinkedHashMap<>(runDoc(0.99, 0.99)); // member means are ignored when runs exist
    a.put("name", "triplet");
    a.put("overrides", Map.of("finetune.loss", "triplet", "finetune.margin", 0.2));
    a.put("status", "finished");
    a.put("runs", List.of(runDoc(0.5, 0.1), runDoc(0.7, null), runDoc(0.6, 0.3)));
    members.add(a);
    Map<String, Object> b = new LinkedHashMap<>(runDoc(0.8, null));
    b.put("name", "contrastive");
    b.put("overrides", Map.of("finetune.loss", "contrastive"));
    b.put("status", "finished");
    b.put("std", runDoc(0.05, null));
    members.add(b);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", "broken");
    c.put("overrides", Map.of());
    c.put("status", "failed");
    c.put("error", "fine-tune diverged");
    members.add(c);
    Map<String, Object> doc = Map.of(
        "sweep", Map.of("name", "table5-small", "seeds", 3,
            "columns", List.of("global.semi_supervised.p_at_1", "local.semi_supervised.map")),
        "members", members);

    MetricGrid g = MetricGrid.fromSweep(doc, null);
    assertEquals("table5-small", g.title());
    assertEquals(List.of("global.semi_supervised.p_at_1", "local.semi_supervised.map"), GridColumns.paths(g.columns()));
    assertEquals(3, g.rows().size());

    MetricGrid.Row triplet = g.rows().get(0);
    assertEquals("triplet", triplet.name());
    assertEquals(Map.of("finetune.loss", "triplet", "finetune.margin", "0.2"), triplet.overrides());
    assertEquals(3, triplet.cells().get(0).n());
    assertEquals(0.6, triplet.cells().get(0).mean(), EPS);
    assertEquals(0.1, triplet.cells().get(0).std(), EPS);
    assertEquals(2, triplet.cells().get(1).n(), "one seed had local map null");
    assertEquals(0.2, triplet.cells().get(1).mean(), EPS);

    MetricGrid.Row contrastive = g.rows().get(1);
    assertEquals(new MetricGrid.Cell(3, 0.8, 0.05), contrastive.cells().get(0),
        "without runs: the member's mean, its std section and sweep.seeds");
    assertTrue(contrastive.cells().get(1).missing());

    MetricGrid.Row broken = g.rows().get(2);
    assertEquals("failed: fine-tune diverged", broken.note());
    assertTrue(broken.cells().stream().allMatch(MetricGrid.Cell::missing));

    assertEquals(List.of(1), g.best(0), "contrastive's 0.8 beats triplet's 0.6");
    assertEquals(List.of(), g.best(1), "a lone value is not marked best");
    assertTrue(g.repeated());

    MetricGrid chosen = MetricGrid.fromSweep(doc, GridColumns.parse(List.of("local.semi_supervised.map")));
    assertEquals(1, chosen.columns().size(), "explicit columns win over the declared ones");
  }

  @Test
  void notASweepIsBadInput() {
    assertThrows(ReidInputException.class, () -> MetricGrid.fromSweep(runDoc(0.1, 0.1), null));
  }

  @Test
  void bestHonoursLowerIsBetterAndTies() {
    List<GridColumn> cols = GridColumns.parse(List.of("pretrain.ssl_val.face.mean_position", "pretrain.ssl_val.face.top1"));
    MetricGrid g = MetricGrid.fromMembers("t", List.of(
        new MetricGrid.Member("a", Map.of(), List.of(Map.of("pretrain.ssl_val.face.mean_position", 3.0,
            "pretrain.ssl_val.face.top1", 0.4)), ""),
        new MetricGrid.Member("b", Map.of(), List.of(Map.of("pretrain.ssl_val.face.mean_position", 2.0,
            "pretrain.ssl_val.face.top1", 0.4)), ""),
        new MetricGrid.Member("c", Map.of(), List.of(Map.of("pretrain.ssl_val.face.mean_position", 5.0,
            "pretrain.ssl_val.face.top1", 0.3)), ""),
        new MetricGrid.Member("d", Map.of(), List.of(Map.of("pretrain.ssl_val.face.mean_position", 5.0)), "")), cols);
    assertEquals(List.of(1), g.best(0), "mean position: lower is better");
    assertEquals(List.of(0, 1), g.best(1), "a tie marks both");
    MetricGrid even = MetricGrid.fromMembers("t", List.of(
        new MetricGrid.Member("a", Map.of(), List.of(Map.of("pretrain.ssl_val.face.top1", 0.4)), ""),
        new MetricGrid.Member("b", Map.of(), List.of(Map.of("pretrain.ssl_val.face.top1", 0.4)), "")), cols);
    assertEquals(List.of(), even.best(1), "all equal: nothing stands out");
  }

  @Test
  void combineLabelsRowsBySourceOverTheUnionOfColumns() {
    MetricGrid a = MetricGrid.fromRun("a.json", "run-a", runDoc(0.5, 0.2),
        GridColumns.parse(List.of("global.semi_supervised.p_at_1")));
    MetricGrid b = MetricGrid.fromRun("b.json", "run-b", runDoc(0.6, 0.3),
        GridColumns.parse(List.of("local.semi_supervised.map", "global.semi_supervised.p_at_1")));
    MetricGrid g = MetricGrid.combine(List.of(a, b));
    assertEquals(List.of("global.semi_supervised.p_at_1", "local.semi_supervised.map"), GridColumns.paths(g.columns()));
    assertEquals(List.of("a.json", "b.json"), g.rows().stream().map(MetricGrid.Row::source).toList());
    assertTrue(g.rows().get(0).cells().get(1).missing(), "a did not ask for local map");
    assertEquals(0.3, g.rows().get(1).cells().get(1).mean(), EPS);
    assertEquals(0.5, g.rows().get(0).cells().get(0).mean(), EPS);
  }

  @Test
  void columnsParsePresetsAndPathsOnce() {
    List<GridColumn> d = GridColumns.parse(List.of("default"));
    assertEquals(10, d.size());
    assertEquals("local.semi_supervised.map", d.get(0).path());
    assertEquals("global.semi_supervised.r_precision", d.get(9).path());
    assertEquals("global P@1", d.get(8).label());
    List<GridColumn> t3 = GridColumns.parse("table3");
    assertEquals(9, t3.size());
    assertEquals("pretrain.ssl_val.identity.mean_position", t3.get(8).path());
    assertTrue(!t3.get(8).higherIsBetter());
    List<GridColumn> f3 = GridColumns.parse("figure3");
    assertEquals(List.of("face.local.self_supervised.p_at_1", "body.local.self_supervised.p_at_1",
        "local.self_supervised.p_at_1", "face.global.self_supervised.p_at_1", "body.global.self_supervised.p_at_1",
        "global.self_supervised.p_at_1"), GridColumns.paths(f3));
    List<GridColumn> mixed = GridColumns.parse(" global.semi_supervised.p_at_1 ,default,face.global.semi_supervised.mrr");
    assertEquals(11, mixed.size(), "the path named first is not repeated by the preset");
    assertEquals("global.semi_supervised.p_at_1", mixed.get(0).path());
    assertEquals("face global semi MRR", mixed.get(10).label());
    for (String bad : List.of("p_at_1", "global..p_at_1", "global.semi supervised.p_at_1", "", "tabel3", "a.b;c")) {
      ReidInputException e = assertThrows(ReidInputException.class, () -> GridColumns.parse(List.of(bad)), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void flattenAndNestAreInverse() {
    Map<String, Object> doc = runDoc(0.5, null);
    Map<String, Double> flat = MetricDocs.flatten(doc);
    assertEquals(2, flat.size(), flat.toString());
    assertTrue(flat.containsKey("local.semi_supervised.map") && flat.get("local.semi_supervised.map") == null,
        "a null metric stays as a null entry");
    assertEquals(0.5, flat.get("global.semi_supervised.p_at_1"));
    assertTrue(!flat.containsKey("workflow_id"), "strings are not metrics");
    Map<String, Object> back = MetricDocs.nest(flat);
    assertEquals(MetricDocs.flatten(back), flat);
    assertEquals(0.5, MetricDocs.value(back, "global.semi_supervised.p_at_1"));
    assertEquals(null, MetricDocs.value(back, "global.semi_supervised"));
    assertEquals(null, MetricDocs.value(back, "face.global.semi_supervised.p_at_1"));
  }
}
