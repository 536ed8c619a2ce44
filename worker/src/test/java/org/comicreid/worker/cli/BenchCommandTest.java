package org.comicreid.worker.cli;

import static org.comicreid.worker.cli.EvalEmbeddingsCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.comicreid.worker.cli.EvalEmbeddingsCommandTest.Run;
import org.junit.jupiter.api.Test;

/** Smoke tests: tiny sizes, one repetition; timings themselves are not asserted. */
class BenchCommandTest {

  @Test
  void metricsTableHasOneRowPerSizeAndCase() {
    Run r = run("bench", "metrics", "--sizes", "300,500", "--dim", "16", "--warmup", "0", "--reps", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| clustered | 300 | 16 |"), r.out());
    assertTrue(r.out().contains("| random | 500 | 16 |"), r.out());
    assertTrue(r.out().contains("load average"), r.out());
  }

  @Test
  void clusterTable() {
    Run r = run("bench", "cluster", "--sizes", "200", "--dim", "8", "--warmup", "0", "--reps", "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| 200 | 8 |"), r.out());
  }

  @Test
  void badSizesAreInputErrors() {
    Run r = run("bench", "metrics", "--sizes", "1");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--sizes contains 1"), r.err());
  }
}
