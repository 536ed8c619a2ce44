package org.comicreid.experiments.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.comicreid.experiments.gate.RegressionGate.Check;
import org.comicreid.experiments.gate.RegressionGate.Report;
import org.comicreid.experiments.gate.RegressionGate.Verdict;
import org.junit.jupiter.api.Test;

class RegressionGateTest {

  private static final String P1 = "global.semi_supervised.p_at_1";

  /** A baseline with every model and metric in both scopes at 0.5, and a face section. */
  private static Map<String, Double> baseline() {
    Map<String, Double> b = new LinkedHashMap<>();
    for (String scope : List.of("local", "global")) {
      for (String model : List.of("random", "color_hist", "self_supervised", "semi_supervised")) {
        for (String m : List.of("map", "map_at_r", "mrr", "p_at_1", "r_precision")) {
          b.put(scope + "." + model + "." + m, 0.5);
        }
      }
    }
    b.put("face.global.semi_supervised.p_at_1", 0.4);
    b.put("pretrain.ssl_val.identity.mean_position", 3.0);
    b.put("cluster.threshold", 0.7);
    return b;
  }

  private static Check only(Report r, String path) {
    return r.checks().stream().filter(c -> c.path().equals(path)).findFirst().orElseThrow();
  }

  private static Report withCandidate(RegressionGate gate, String path, Double value) {
    Map<String, Double> c = new LinkedHashMap<>(baseline());
    c.put(path, value);
    return gate.evaluateFlat(c, baseline());
  }

  @Test
  void defaultsGateTheTrainedModelsOnly() {
    Report r = new RegressionGate(Map.of()).evaluateFlat(baseline(), baseline());
    assertEquals(20, r.checks().size(), "2 scopes x 2 trained models x 5 metrics");
    assertTrue(r.checks().stream().allMatch(c -> c.path().contains("self_supervised") || c.path().contains("semi_supervised")));
    assertTrue(r.checks().stream().noneMatch(c -> c.path().startsWith("face.")), "face is gated only on request");
    assertTrue(r.passed());
    assertEquals(20, r.count(Verdict.OK));
    // a baseline model collapsing does not fail the gate
    assertTrue(withCandidate(new RegressionGate(Map.of()), "global.random.p_at_1", 0.0).passed());
  }

  @Test
  void theBoundaryOfTheDefaultDrop() {
    RegressionGate gate = new RegressionGate(Map.of());
    assertEquals(0.02, RegressionGate.DEFAULT_MAX_DROP);
    // 0.5 - 0.48 is 0.020000000000000018 in doubles: exactly the allowed drop still passes
    Check at = only(withCandidate(gate, P1, 0.48), P1);
    assertEquals(Verdict.OK, at.verdict());
    assertEquals(-0.02, at.delta(), 1e-12);
    assertEquals(Verdict.DROPPED, only(withCandidate(gate, P1, 0.4799), P1).verdict());
    assertEquals(Verdict.OK, only(withCandidate(gate, P1, 0.4801), P1).verdict());
    assertEquals(Verdict.OK, only(withCandidate(gate, P1, 0.5), P1).verdict());
    assertEquals(Verdict.IMPROVED, only(withCandidate(gate, P1, 0.5001), P1).verdict());
    Report dropped = withCandidate(gate, P1, 0.47);
    assertFalse(dropped.passed());
    assertEquals(1, dropped.count(Verdict.DROPPED));
    assertTrue(dropped.render().contains("gate FAILED: 1 dropped, 0 missing of 20"), dropped.render());
  }

  @Test
  void missingOrNullInTheCandidateFails() {
    RegressionGate gate = new RegressionGate(Map.of());
    Check nul = only(withCandidate(gate, P1, null), P1);
    assertEquals(Verdict.MISSING, nul.verdict());
    assertNull(nul.delta());
    Map<String, Double> c = new LinkedHashMap<>(baseline());
    c.remove(P1);
    Report r = gate.evaluateFlat(c, baseline());
    assertEquals(Verdict.MISSING, only(r, P1).verdict());
    assertFalse(r.passed());
    assertTrue(r.render().contains(P1), r.render());
  }

  @Test
  void overridesChangeToleranceAndAddPaths() {
    RegressionGate gate = new RegressionGate(Map.of(P1, 0.1, "face.global.semi_supervised.p_at_1", 0.0,
        "pretrain.ssl_val.identity.mean_position", 0.5));
    assertEquals(Verdict.OK, only(withCandidate(gate, P1, 0.4), P1).verdict(), "0.1 allowed");
    assertEquals(Verdict.DROPPED, only(withCandidate(gate, P1, 0.3999), P1).verdict());
    String face = "face.global.semi_supervised.p_at_1";
    assertEquals(21 + 1, gate.evaluateFlat(baseline(), baseline()).checks().size(), "face and mean position added");
    assertEquals(Verdict.OK, only(withCandidate(gate, face, 0.4), face).verdict(), "zero tolerance: equal passes");
    assertEquals(Verdict.DROPPED, only(withCandidate(gate, face, 0.3999), face).verdict());
    String pos = "pretrain.ssl_val.identity.mean_position";
    assertEquals(Verdict.OK, only(withCandidate(gate, pos, 3.5), pos).verdict(), "lower is better: a rise of 0.5 is allowed");
    assertEquals(Verdict.DROPPED, only(withCandidate(gate, pos, 3.6), pos).verdict());
    assertEquals(Verdict.IMPROVED, only(withCandidate(gate, pos, 2.0), pos).verdict());
  }

  @Test
  void nestedDocumentsAreGatedLikeFlatOnes() {
    Map<String, Object> base = Map.of("global", Map.of("semi_supervised", Map.of("p_at_1", 0.6, "mrr", 0.7)),
        "workflow_id", "w");
    Map<String, Object> cand = Map.of("global", Map.of("semi_supervised", Map.of("p_at_1", 0.55, "mrr", 0.7)));
    Report r = new RegressionGate(Map.of()).evaluate(cand, base);
    assertEquals(2, r.checks().size());
    assertEquals(Verdict.DROPPED, only(r, P1).verdict());
    assertEquals(Verdict.OK, only(r, "global.semi_supervised.mrr").verdict());
  }

  @Test
  void badInput() {
    assertThrows(ReidInputException.class, () -> new RegressionGate(Map.of("face.local.semi_supervised.map", 0.1))
        .evaluateFlat(baseline(), baseline()), "a --max-drop path the baseline lacks");
    assertThrows(ReidInputException.class, () -> new RegressionGate(Map.of()).evaluateFlat(Map.of(), Map.of("cluster.threshold", 0.5)),
        "nothing to gate");
    assertEquals(Map.of(P1, 0.05), RegressionGate.parseMaxDrops(List.of(" " + P1 + " = 0.05")));
    for (String bad : List.of(P1, P1 + "=", P1 + "=-0.01", P1 + "=abc", P1 + "=NaN", P1 + "=Infinity", "p_at_1=0.1", "=0.1")) {
      ReidInputException e = assertThrows(ReidInputException.class, () -> RegressionGate.parseMaxDrops(List.of(bad)), bad);
      assertTrue(e.getMessage().contains("--max-drop"), e.getMessage());
    }
  }
}
