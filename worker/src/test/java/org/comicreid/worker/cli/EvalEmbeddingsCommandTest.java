package org.comicreid.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalEmbeddingsCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ReidMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  static double jsonValue(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": ([^,\\n}]+)").matcher(json);
    assertTrue(m.find(), "key " + key + " in " + json);
    String v = m.group(1).trim();
    return v.equals("null") ? Double.NaN : Double.parseDouble(v);
  }

  /** FACTS.md vector C as CSV files (labels as strings). */
  private Path[] vectorC() throws IOException {
    StringBuilder q = new StringBuilder("id,label,e0\n");
    StringBuilder r = new StringBuilder("id,label,e0\n");
    for (int i = 0; i < 10; i++) {
      q.append("q").append(i).append(',').append(i < 9 ? "zero" : "one").append(',').append(i < 9 ? i : 100).append('\n');
      r.append("r").append(i).append(',').append(i == 0 ? "one" : "zero").append(',').append(i == 0 ? -100 : i).append('\n');
    }
    return new Path[] {write("q.csv", q.toString()), write("r.csv", r.toString())};
  }

  @Test
  void separateReferenceSetWithJsonOnBothEngines() throws IOException {
    Path[] f = vectorC();
    for (String engine : new String[] {"fast", "reference"}) {
      Path json = dir.resolve("out-" + engine + "/metrics.json");
      Run r = run("eval-embeddings", "--query", f[0].toString(), "--reference", f[1].toString(),
          "--json", json.toString(), "--engine", engine);
      assertEquals(0, r.code(), r.err());
      String j = Files.readString(json);
      assertEquals(0.91, jsonValue(j, "map"), 1e-4);
      assertEquals(0.9, jsonValue(j, "map_at_r"), 1e-4);
      assertEquals(0.9, jsonValue(j, "p_at_1"), 1e-4);
      assertEquals(0.9, jsonValue(j, "r_precision"), 1e-4);
      assertEquals(0.91, jsonValue(j, "mrr"), 1e-4);
      assertEquals(5, j.chars().filter(c -> c == ':').count(), "exactly five keys: " + j);
      assertTrue(r.out().contains("MAP@R"), r.out());
      assertTrue(r.out().matches("(?s).*P@1\\s+0\\.90000.*"), r.out());
      try (var files = Files.list(json.getParent())) {
        assertEquals(1, files.count(), "no temporary file left behind");
      }
    }
  }

  @Test
  void avgOfAvgsChangesTheResult() throws IOException {
    Path[] f = vectorC();
    Path json = dir.resolve("a.json");
    Run r = run("eval-embeddings", "--query", f[0].toString(), "--reference", f[1].toString(),
        "--avg-of-avgs", "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    String j = Files.readString(json);
    assertEquals(0.55, jsonValue(j, "map"), 1e-4);
    assertEquals(0.5, jsonValue(j, "p_at_1"), 1e-4);
  }

  @Test
  void allLoneQueriesGiveNullInJson() throws IOException {
    Path q = write("lone.csv", "id,label,e0\na,x,0\nb,y,1\n");
    Path json = dir.resolve("lone.json");
    Run r = run("eval-embeddings", "--query", q.toString(), "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    String j = Files.readString(json);
    assertTrue(j.contains("\"map\": null") && j.contains("\"r_precision\": null"), j);
    assertTrue(r.out().contains("lone queries  2"), r.out());
  }

  @Test
  void shippedSampleRuns() {
    Path sample = Path.of("..", "docs", "samples", "embeddings.csv");
    Run fast = run("eval-embeddings", "--query", sample.toString());
    Run ref = run("eval-embeddings", "--query", sample.toString(), "--engine", "reference");
    assertEquals(0, fast.code(), fast.err());
    assertEquals(ref.out(), fast.out());
    assertTrue(fast.out().contains("queries used  58"), fast.out());
  }

  private void assertInputError(Run r, String expected) {
    assertEquals(2, r.code(), r.err());
    String[] lines = r.err().strip().split("\\R");
    assertTrue(lines[0].startsWith("reid: error: "), r.err());
    assertTrue(lines[0].contains(expected), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void badInputExitsWithTwoAndOneLine() throws IOException {
    assertInputError(run("eval-embeddings", "--query", dir.resolve("missing.csv").toString()), "missing.csv: file not found");
    assertInputError(run("eval-embeddings", "--query", write("empty.csv", "").toString()), "empty.csv:1: file is empty");
    assertInputError(run("eval-embeddings", "--query", write("rag.csv", "id,label,e0,e1\na,x,1,2\nb,x,1\n").toString()),
        "rag.csv:3: row has 3 fields; expected 4");
    assertInputError(run("eval-embeddings", "--query", write("nan.csv", "id,label,e0\na,x,1\nb,x,oops\n").toString()),
        "nan.csv:3:3: e0 is 'oops'; expected a number");
    Path q = write("q2.csv", "id,label,e0,e1\na,x,1,2\n");
    Path r = write("r1.csv", "id,label,e0\nb,x,1\n");
    assertInputError(run("eval-embeddings", "--query", q.toString(), "--reference", r.toString()), "r1.csv:1: has 1 embedding columns");
  }
}
