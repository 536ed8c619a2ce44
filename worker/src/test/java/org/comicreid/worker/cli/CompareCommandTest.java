package org.comicreid.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

  @TempDir Path dir;

  Path write(String name, Object doc) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, new ObjectMapper().writeValueAsString(doc));
    return p;
  }

  private static Map<String, Object> member(String name, Map<String, Object> overrides, double... p1) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("overrides", overrides);
    m.put("status", "finished");
    m.put("error", null);
    java.util.List<Object> runs = new java.util.ArrayList<>();
    for (int s = 0; s < p1.length; s++) {
      runs.add(Map.of("seed", s, "global", Map.of("semi_supervised", Map.of("p_at_1", p1[s]))));
    }
    m.put("runs", runs);
    return m;
  }

  @Test
  void twoRunFilesSideBySide() throws IOException {
    Path a = write("a.json", GateCommandTest.runDoc("demo-a", Map.of()));
    Path b = write("b.json", GateCommandTest.runDoc("demo-b", Map.of("global.semi_supervised.p_at_1", 0.9)));
    GateCommandTest.Result r = GateCommandTest.run("compare", a.toString(), b.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("comparison", lines.get(0));
    assertTrue(lines.get(1).startsWith("source  name  ") && lines.get(1).contains("local MAP") && lines.get(1).contains("global R-P"), r.out());
    assertTrue(lines.get(2).startsWith("a.json  demo-a"), r.out());
    assertTrue(lines.get(3).startsWith("b.json  demo-b"), r.out());
    assertTrue(lines.get(3).contains("0.900*"), "b's P@1 is best: " + r.out());
    assertTrue(lines.get(2).contains("0.680 "), r.out());

    Path csv = dir.resolve("out.csv");
    GateCommandTest.Result w = GateCommandTest.run("compare", a.toString(), b.toString(), "--format", "csv",
        "--columns", "global.semi_supervised.p_at_1,local.random.map", "--out", csv.toString());
    assertEquals(0, w.code(), w.err());
    assertEquals("source,name,overrides,global.semi_supervised.p_at_1,local.random.map\r\n"
        + "a.json,demo-a,,0.68,0.3\r\n"
        + "b.json,demo-b,,0.9,0.3\r\n", Files.readString(csv));
    assertTrue(w.out().contains("wrote 2 rows x 2 columns to " + csv), w.out());
  }

  @Test
  void aSweepFileUsesItsDeclaredColumnsAndAggregatesSeeds() throws IOException {
    Map<String, Object> doc = Map.of(
        "sweep", Map.of("name", "table5-small", "workflow_id", "w", "seeds", 2,
            "columns", List.of("global.semi_supervised.p_at_1")),
        "members", List.of(member("triplet", Map.of("finetune.loss", "triplet"), 0.5, 0.7),
            member("contrastive", Map.of("finetune.loss", "contrastive"), 0.4, 0.4)));
    Path s = write("sweep.json", doc);
    GateCommandTest.Result r = GateCommandTest.run("compare", s.toString(), "--format", "md");
    assertEquals(0, r.code(), r.err());
    assertEquals("**table5-small**\n\n"
        + "| name | overrides | global semi P@1 |\n"
        + "| --- | --- | ---: |\n"
        + "| triplet | finetune.loss=triplet | **0.600 ± 0.141** |\n"
        + "| contrastive | finetune.loss=contrastive | 0.400 ± 0.000 |\n"
        + "\nmean ± sample std over seeds\n", r.out());
  }

  @Test
  void badInputExits2() throws IOException {
    Path a = write("a.json", GateCommandTest.runDoc("demo-a", Map.of()));
    for (String[] args : List.of(
        new String[] {"compare", a.toString(), "--columns", "global.semi supervised"},
        new String[] {"compare", a.toString(), "--format", "pdf"},
        new String[] {"compare", a.toString(), "--out", dir.resolve("no/such/dir/x.csv").toString()},
        new String[] {"compare", dir.resolve("missing.json").toString(), "--set", "paths.workdir=" + dir.resolve("w"),
            "--set", "tracking.backend=local"})) {
      GateCommandTest.Result r = GateCommandTest.run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("reid: error: "), r.err());
    }
  }
}
