package org.comicreid.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.experiments.tracking.LocalTracker;
import org.comicreid.experiments.tracking.MetricPoint;
import org.comicreid.experiments.tracking.RunSpec;
import org.comicreid.experiments.tracking.RunStatus;
import org.comicreid.experiments.tracking.TrackedRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateCommandTest {

  static final List<String> MODELS = List.of("random", "color_hist", "self_supervised", "semi_supervised");
  static final List<String> METRICS = List.of("map", "map_at_r", "mrr", "p_at_1", "r_precision");

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ReidMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * A document shaped like {@code reid run --json}: metric m of model i in scope s is {@code 0.3 +
   * 0.1 i + 0.01 m} (+ 0.05 for global), with {@code changes} applied (a null removes nothing, it
   * sets the JSON null).
   */
  static Map<String, Object> runDoc(String workflowId, Map<String, Double> changes) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("workflow_id", workflowId);
    for (String scope : List.of("local", "global")) {
      Map<String, Object> models = new LinkedHashMap<>();
      for (int i = 0; i < MODELS.size(); i++) {
        Map<String, Object> ms = new LinkedHashMap<>();
        for (int m = 0; m < METRICS.size(); m++) {
          String path = scope + "." + MODELS.get(i) + "." + METRICS.get(m);
          double v = Math.round((0.3 + 0.1 * i + 0.01 * m + (scope.equals("global") ? 0.05 : 0)) * 1e6) / 1e6;
          ms.put(METRICS.get(m), changes.containsKey(path) ? changes.get(path) : (Double) v);
        }
        models.put(MODELS.get(i), ms);
      }
      doc.put(scope, models);
    }
    doc.put("cluster", Map.of("threshold", 0.7, "clusters", 12));
    doc.put("stages", Map.of("detect", Map.of("reused", false, "seconds", 1.5)));
    doc.put("metrics_file", "/tmp/metrics.json");
    return doc;
  }

  Path write(String name, Object doc) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    return p;
  }

  private String[] gate(Path candidate, Path baseline, String... more) {
    List<String> a = new ArrayList<>(List.of("gate", "--candidate", candidate.toString(), "--baseline",
        baseline.toString(), "--set", "paths.workdir=" + dir.resolve("work"), "--set", "tracking.backend=local"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void equalCandidatePassesWithExit0() throws IOException {
    Path base = write("baseline.json", runDoc("demo-1", Map.of()));
    Path cand = write("candidate.json", runDoc("demo-2", Map.of()));
    Result r = run(gate(cand, base));
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("gate passed: 20 metrics within tolerance (0 improved)"), r.out());
    assertTrue(r.out().contains("global.semi_supervised.p_at_1"), r.out());
    assertTrue(!r.out().contains("random"), "reference models are not gated: " + r.out());
  }

  @Test
  void oneLoweredMetricFailsWithExit1() throws IOException {
    Path base = write("baseline.json", runDoc("demo-1", Map.of()));
    // baseline global semi p_at_1 = 0.3 + 0.3 + 0.03 + 0.05 = 0.68
    Path cand = write("candidate.json", runDoc("demo-2", Map.of("global.semi_supervised.p_at_1", 0.65)));
    Result r = run(gate(cand, base));
    assertEquals(1, r.code(), r.out() + r.err());
    String line = r.out().lines().filter(l -> l.startsWith("global.semi_supervised.p_at_1")).findFirst().orElseThrow();
    assertTrue(line.matches("global\\.semi_supervised\\.p_at_1\\s+0\\.6800\\s+0\\.6500\\s+-0\\.0300\\s+-0\\.0200\\s+DROPPED"), line);
    assertTrue(r.out().contains("gate FAILED: 1 dropped, 0 missing of 20"), r.out());

    Result loosened = run(gate(cand, base, "--max-drop", "global.semi_supervised.p_at_1=0.03"));
    assertEquals(0, loosened.code(), loosened.out());

    Path missing = write("missing.json", runDoc("demo-3", new java.util.HashMap<>(java.util.Collections.singletonMap(
        "local.self_supervised.mrr", null))));
    Result m = run(gate(missing, base));
    assertEquals(1, m.code(), m.out());
    assertTrue(m.out().contains("MISSING"), m.out());
  }

  @Test
  void badInputExits2WithOneLine() throws IOException {
    Path base = write("baseline.json", runDoc("demo-1", Map.of()));
    Path cand = write("candidate.json", runDoc("demo-2", Map.of()));
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"local\": {");
    Path sweep = write("sweep.json", Map.of("sweep", Map.of("name", "s"), "members", List.of()));
    List<String[]> bad = List.of(
        gate(dir.resolve("nope.json"), base),
        gate(broken, base),
        gate(sweep, base),
        gate(cand, base, "--max-drop", "global.semi_supervised.p_at_1"),
        gate(cand, base, "--max-drop", "global.semi_supervised.p_at_1=-0.1"),
        gate(cand, base, "--max-drop", "face.global.semi_supervised.p_at_1=0.1"));
    List<String> expect = List.of("nope.json", "broken.json", "--member NAME", "PATH=VALUE", "-0.1",
        "face.global.semi_supervised.p_at_1");
    for (int i = 0; i < bad.size(); i++) {
      Result r = run(bad.get(i));
      assertEquals(2, r.code(), String.join(" ", bad.get(i)) + ": " + r.out() + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("reid: error: ") && r.err().contains(expect.get(i)), r.err());
    }
  }

  /** A {@code reid sweep --json} member: the run shape of its means, plus what is not gated. */
  static Map<String, Object> member(String name, Map<String, Double> changes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("overrides", Map.of("finetune.loss", name));
    m.put("status", "finished");
    Map<String, Object> doc = runDoc("w-" + name, changes);
    m.put("local", doc.get("local"));
    m.put("global", doc.get("global"));
    m.put("std", Map.of("global", Map.of("semi_supervised", Map.of("p_at_1", 0.9))));
    m.put("runs", List.of(runDoc("w-" + name + ".0", Map.of())));
    return m;
  }

  @Test
  void aSweepMembersMeansAreGatedOnEitherSide() throws IOException {
    Path base = write("baseline.json", runDoc("demo-1", Map.of()));
    Path sweep = write("sweep2.json", Map.of("sweep", Map.of("name", "s"), "members", List.of(
        member("a", Map.of()), member("b", Map.of("global.semi_supervised.p_at_1", 0.6)))));
    Result a = run(gate(sweep, base, "--member", "a"));
    assertEquals(0, a.code(), a.out() + a.err());
    assertTrue(a.out().contains("gate passed: 20 metrics"), a.out());
    // a member works as the baseline too
    Result asBase = run(gate(base, sweep, "--member", "a"));
    assertEquals(0, asBase.code(), asBase.out() + asBase.err());
    assertTrue(asBase.out().contains("gate passed: 20 metrics"), asBase.out());
    Result b = run(gate(sweep, base, "--member", "b"));
    assertEquals(1, b.code(), b.out() + b.err());
    assertTrue(b.out().lines().anyMatch(l -> l.startsWith("global.semi_supervised.p_at_1") && l.endsWith("DROPPED")), b.out());
    Result none = run(gate(sweep, base));
    assertEquals(2, none.code(), none.err());
    assertTrue(none.err().contains("[a, b]") && none.err().contains("--member NAME"), none.err());
    Result unknown = run(gate(sweep, base, "--member", "c"));
    assertEquals(2, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains("no member 'c'"), unknown.err());
    Path one = write("sweep1.json", Map.of("sweep", Map.of("name", "s"), "members", List.of(
        member("b", Map.of("global.semi_supervised.p_at_1", 0.6)))));
    assertEquals(1, run(gate(one, base)).code());
    assertEquals(0, run(gate(one, one)).code(), "a sweep member as the baseline too");
  }

  @Test
  void aTrackedRunIdIsReadFromTheLocalTracker() throws IOException {
    Path work = dir.resolve("work");
    String runId;
    try (Catalog catalog = Catalog.open(CatalogSettings.embedded(work))) {
      LocalTracker tracker = new LocalTracker(new TrackingStore(catalog), work.resolve("artifacts"));
      TrackedRun run = tracker.startRun(RunSpec.of("gate-test", "demo", "demo pipeline"));
      List<MetricPoint> points = new ArrayList<>();
      for (Map.Entry<String, Double> e : org.comicreid.experiments.report.MetricDocs.flatten(
          runDoc("x", Map.of("local.semi_supervised.map", 0.1))).entrySet()) {
        if (e.getValue() != null) {
          points.add(MetricPoint.of(e.getKey(), e.getValue(), 0));
        }
      }
      run.logMetrics(points);
      run.finish(RunStatus.FINISHED);
      runId = run.runId();
    }
    Path base = write("baseline.json", runDoc("demo-1", Map.of()));
    Result r = run("gate", "--candidate", runId, "--baseline", base.toString(),
        "--set", "paths.workdir=" + work, "--set", "tracking.backend=local");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("local.semi_supervised.map") && l.endsWith("DROPPED")), r.out());
    assertTrue(r.out().contains("gate FAILED: 1 dropped, 0 missing of 20"), r.out());

    Result unknown = run("gate", "--candidate", "0123456789abcdef0123456789abcdef", "--baseline", base.toString(),
        "--set", "paths.workdir=" + work, "--set", "tracking.backend=local");
    assertEquals(2, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains("no run with that id in the local tracker"), unknown.err());
  }
}
