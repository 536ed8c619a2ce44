package org.comicreid.worker.cli;

import static org.comicreid.worker.cli.EvalEmbeddingsCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.comicreid.worker.cli.EvalEmbeddingsCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {
  @TempDir Path dir;

  private Path points() throws IOException {
    Path p = dir.resolve("p.csv");
    Files.writeString(p, "id,e0,e1\nb1,10,0\na1,0,0\nb2,10.5,0\na2,0,0.5\nc,50,50\n");
    return p;
  }

  @Test
  void writesIdClusterCsv() throws IOException {
    Path out = dir.resolve("labels.csv");
    Run r = run("cluster", "--input", points().toString(), "--threshold", "1.0", "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("id,cluster", "b1,0", "a1,1", "b2,0", "a2,1", "c,2"), Files.readAllLines(out));
    assertTrue(r.out().contains("5 points, 3 clusters"), r.out());
  }

  @Test
  void thresholdAndLinkageMatter() throws IOException {
    Path out = dir.resolve("l.csv");
    // average linkage between {a1,a2} and {b1,b2} is about 10.3; single is 10.0
    assertEquals(0, run("cluster", "--input", points().toString(), "--threshold", "10.1", "--output", out.toString()).code());
    assertEquals("a1,1", Files.readAllLines(out).get(2));
    assertEquals(0, run("cluster", "--input", points().toString(), "--threshold", "10.1", "--linkage", "single",
        "--output", out.toString()).code());
    assertEquals(List.of("id,cluster", "b1,0", "a1,0", "b2,0", "a2,0", "c,1"), Files.readAllLines(out));
  }

  private static void assertInputError(Run r, String expected) {
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("reid: error: ") && r.err().contains(expected), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void badInput() throws IOException {
    Path out = dir.resolve("x.csv");
    assertInputError(run("cluster", "--input", points().toString(), "--threshold", "-1", "--output", out.toString()),
        "--threshold is -1.0; expected a finite number >= 0");
    assertInputError(run("cluster", "--input", points().toString(), "--threshold", "NaN", "--output", out.toString()),
        "--threshold is NaN");
    assertInputError(run("cluster", "--input", dir.resolve("none.csv").toString(), "--threshold", "1", "--output", out.toString()),
        "none.csv: file not found");
    Path empty = dir.resolve("e.csv");
    Files.writeString(empty, "");
    assertInputError(run("cluster", "--input", empty.toString(), "--threshold", "1", "--output", out.toString()), "e.csv:1: file is empty");
    Path rag = dir.resolve("rag.csv");
    Files.writeString(rag, "id,e0,e1\na,1\n");
    assertInputError(run("cluster", "--input", rag.toString(), "--threshold", "1", "--output", out.toString()), "rag.csv:2: row has 2 fields");
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "id,e0\na,x1\n");
    assertInputError(run("cluster", "--input", bad.toString(), "--threshold", "1", "--output", out.toString()), "bad.csv:2:2: e0 is 'x1'");
    assertInputError(run("cluster", "--input", points().toString(), "--threshold", "1", "--linkage", "ward", "--output", out.toString()),
        "--linkage is 'ward'");
    assertFalse(Files.exists(out), "nothing written on error");
  }
}
