package org.comicreid.core.metrics;

import static org.comicreid.core.metrics.RetrievalScoringTest.assertMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Test vectors B and C of FACTS.md on every engine, plus ties, lone queries and random data where
 * the fast engine must equal the reference engine.
 */
class RetrievalEnginesTest {

  static Stream<Arguments> engines() {
    return Stream.of(
        Arguments.of("reference", new ReferenceRetrievalEngine()),
        Arguments.of("fast tile 3, 2 threads", new RankCountingRetrievalEngine(new JavaTileKernel(), 2, 3, null)),
        Arguments.of("fast tile 64, 1 thread", new RankCountingRetrievalEngine(new JavaTileKernel(), 1, 64, null)));
  }

  static Embeddings line(double[] xs, int[] labels) {
    float[] d = new float[xs.length];
    for (int i = 0; i < xs.length; i++) {
      d[i] = (float) xs[i];
    }
    return Embeddings.of(d, 1, labels);
  }

  static double[] range(double start, int n) {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = start + i;
    }
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void vectorB_identicalCopiesAreAllOnes(String name, RetrievalEngine engine) {
    int[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    RetrievalMetrics m = engine.evaluate(line(range(0, 10), labels), line(range(0, 10), labels), false);
    assertMetrics(m, 1, 1, 1, 1, 1);
    assertEquals(10, m.queriesUsed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void vectorB_queryInsideLargerReferenceSet(String name, RetrievalEngine engine) {
    int[] qLabels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    double[] refX = new double[20];
    int[] refLabels = new int[20];
    int[] self = new int[10];
    for (int i = 0; i < 10; i++) {
      refX[i] = i;
      refLabels[i] = i;
      refX[10 + i] = i + 0.5;
      refLabels[10 + i] = 1;
      self[i] = i;
    }
    RetrievalMetrics m = engine.evaluate(line(range(0, 10), qLabels), line(refX, refLabels), self, false);
    assertEquals(1, m.pAt1(), 1e-4);
    assertEquals(0.5, m.rPrecision(), 1e-4);
    assertEquals(0.37270, m.mapAtR(), 1e-4);
    assertEquals(0.63999, m.map(), 1e-4);
    assertEquals(1, m.queriesUsed());
    assertEquals(9, m.loneQueries());
  }

  private static RetrievalMetrics vectorC(RetrievalEngine engine, boolean avgOfAvgs) {
    double[] q = range(0, 10);
    double[] r = range(0, 10);
    q[9] = 100;
    r[0] = -100;
    return engine.evaluate(
        line(q, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
        line(r, new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
        avgOfAvgs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void vectorC_separateSets(String name, RetrievalEngine engine) {
    RetrievalMetrics m = vectorC(engine, false);
    assertEquals(0.9, m.pAt1(), 1e-4);
    assertEquals(0.9, m.rPrecision(), 1e-4);
    assertEquals(0.9, m.mapAtR(), 1e-4);
    assertEquals(0.91, m.map(), 1e-4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void vectorC_avgOfAvgs(String name, RetrievalEngine engine) {
    RetrievalMetrics m = vectorC(engine, true);
    assertEquals(0.5, m.pAt1(), 1e-4);
    assertEquals(0.5, m.rPrecision(), 1e-4);
    assertEquals(0.5, m.mapAtR(), 1e-4);
    assertEquals(0.55, m.map(), 1e-4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void tiesAreOrderedByReferenceIndex(String name, RetrievalEngine engine) {
    // Query at 0 (label 0); references at distance 1: index 0 label 9, index 1 label 0, then a
    // further label-0 point. The tie puts the wrong one first: P@1 0, MRR 1/2.
    RetrievalMetrics m = engine.evaluate(
        line(new double[] {0}, new int[] {0}), line(new double[] {1, -1, 5}, new int[] {9, 0, 0}), false);
    assertMetrics(m, 0, 0.5, 0.25, (0.5 + 2.0 / 3) / 2, 0.5);
    // Swapping reference order flips the tie: now the match is first.
    RetrievalMetrics swapped = engine.evaluate(
        line(new double[] {0}, new int[] {0}), line(new double[] {-1, 1, 5}, new int[] {0, 9, 0}), false);
    assertMetrics(swapped, 1, 0.5, 0.5, (1 + 2.0 / 3) / 2, 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void selfMatchIsRemovedByIndexEvenWithDuplicates(String name, RetrievalEngine engine) {
    // Points 0 and 1 coincide with different labels; point 2 shares point 1's label. Query 0
    // (label A, lone: nothing else has A). Query 1's nearest non-self is point 0 (tie at 0 with
    // itself removed), wrong label: P@1 0, rank of point 2 is 2.
    RetrievalMetrics m = engine.evaluate(line(new double[] {3, 3, 4}, new int[] {0, 1, 1}), null, false);
    assertEquals(1, m.loneQueries());
    assertEquals(2, m.queriesUsed());
    // Query 2: nearest are points 0 and 1 (both at 1, tie -> index 0 first, wrong), then 1: rank 2.
    assertMetrics(m, 0, 0, 0, 0.5, 0.5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void allLoneGivesNaN(String name, RetrievalEngine engine) {
    RetrievalMetrics m = engine.evaluate(line(range(0, 5), new int[] {0, 1, 2, 3, 4}), null, false);
    assertTrue(Double.isNaN(m.map()) && Double.isNaN(m.mapAtR()) && Double.isNaN(m.mrr())
        && Double.isNaN(m.pAt1()) && Double.isNaN(m.rPrecision()));
    assertEquals(5, m.loneQueries());
  }

  /** Clustered data with identity structure, duplicates and lone labels. */
  static Embeddings random(long seed, int n, int dim, int labels, double spread, double dupFraction) {
    Random rnd = new Random(seed);
    float[][] centres = new float[labels][dim];
    for (float[] c : centres) {
      for (int k = 0; k < dim; k++) {
        c[k] = (float) rnd.nextGaussian();
      }
    }
    float[] d = new float[n * dim];
    int[] lab = new int[n];
    for (int i = 0; i < n; i++) {
      if (i > 0 && rnd.nextDouble() < dupFraction) {
        int src = rnd.nextInt(i);
        System.arraycopy(d, src * dim, d, i * dim, dim);
        lab[i] = rnd.nextInt(labels); // exact duplicate point, possibly another label
        continue;
      }
      lab[i] = rnd.nextInt(labels);
      for (int k = 0; k < dim; k++) {
        d[i * dim + k] = (float) (centres[lab[i]][k] + spread * rnd.nextGaussian());
      }
    }
    return Embeddings.of(d, dim, lab);
  }

  static void assertSame(RetrievalMetrics want, RetrievalMetrics got) {
    assertEquals(want.map(), got.map(), 1e-6, "MAP");
    assertEquals(want.mapAtR(), got.mapAtR(), 1e-6, "MAP@R");
    assertEquals(want.mrr(), got.mrr(), 1e-6, "MRR");
    assertEquals(want.pAt1(), got.pAt1(), 1e-6, "P@1");
    assertEquals(want.rPrecision(), got.rPrecision(), 1e-6, "R-precision");
    assertEquals(want.queriesUsed(), got.queriesUsed());
    assertEquals(want.loneQueries(), got.loneQueries());
  }

  @Test
  void fastEqualsReferenceOnRandomData() {
    RetrievalEngine ref = new ReferenceRetrievalEngine();
    for (RetrievalEngine fast : List.of(
        new RankCountingRetrievalEngine(new JavaTileKernel(), 2, 37, null),
        new RankCountingRetrievalEngine(new JavaTileKernel(), 1, 500, null))) {
      for (int seed = 1; seed <= 3; seed++) {
        // good retrieval, 5 per identity, 16-d
        Embeddings a = random(seed, 400, 16, 80, 0.3, 0.0);
        assertSame(ref.evaluate(a, null, false), fast.evaluate(a, null, false));
        assertSame(ref.evaluate(a, null, true), fast.evaluate(a, null, true));
        // poor retrieval, many exact duplicates with mixed labels
        Embeddings b = random(seed + 10, 300, 8, 40, 2.0, 0.3);
        assertSame(ref.evaluate(b, null, false), fast.evaluate(b, null, false));
        // separate reference set with labels missing from it (lone queries)
        Embeddings q = random(seed + 20, 120, 16, 60, 0.5, 0.1);
        Embeddings r = random(seed + 20, 250, 16, 40, 0.5, 0.1);
        RetrievalMetrics want = ref.evaluate(q, r, false);
        assertTrue(want.loneQueries() > 0, "data should contain lone queries");
        assertSame(want, fast.evaluate(q, r, false));
        assertSame(ref.evaluate(q, r, true), fast.evaluate(q, r, true));
      }
    }
  }

  @Test
  void fastEqualsReferenceWithLargeClasses() {
    // ~60 relevant references per query: exercises the binary-search placement (R > 16).
    RetrievalEngine ref = new ReferenceRetrievalEngine();
    RetrievalEngine fast = new RankCountingRetrievalEngine(new JavaTileKernel(), 2, 50, null);
    Embeddings a = random(31, 300, 8, 5, 1.5, 0.2);
    assertSame(ref.evaluate(a, null, false), fast.evaluate(a, null, false));
    Embeddings q = random(32, 100, 8, 4, 1.0, 0.2);
    assertSame(ref.evaluate(q, a, true), fast.evaluate(q, a, true));
  }

  @Test
  void fastEqualsReferenceOnIntegerGridWithManyTies() {
    // Small integer coordinates: many exactly equal distances.
    Random rnd = new Random(7);
    int n = 200;
    int dim = 3;
    float[] d = new float[n * dim];
    int[] lab = new int[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < dim; k++) {
        d[i * dim + k] = rnd.nextInt(4);
      }
      lab[i] = rnd.nextInt(15);
    }
    Embeddings e = Embeddings.of(d, dim, lab);
    RetrievalEngine ref = new ReferenceRetrievalEngine();
    RetrievalEngine fast = new RankCountingRetrievalEngine(new JavaTileKernel(), 2, 16, null);
    assertSame(ref.evaluate(e, null, false), fast.evaluate(e, null, false));
    assertSame(ref.evaluate(e, e, false), fast.evaluate(e, e, false));
  }

  /**
   * Chance-level retrieval (labels unrelated to position), classes of 1 to 20 members: every
   * reference is a candidate, so the fast engine counts whole rows by threshold passes (R in every
   * residue of its groups of four, and R &gt; 16 by binary search), in row and transposed column
   * scans, with exact duplicates and integer ties landing inside the threshold windows.
   */
  @Test
  void fastEqualsReferenceWithRandomLabels() {
    RetrievalEngine ref = new ReferenceRetrievalEngine();
    List<RetrievalEngine> fasts = List.of(
        new RankCountingRetrievalEngine(new JavaTileKernel(), 2, 7, null),
        new RankCountingRetrievalEngine(new JavaTileKernel(), 1, 64, null),
        new RankCountingRetrievalEngine(new JavaTileKernel(), 2, 1000, null));
    for (int seed = 1; seed <= 3; seed++) {
      Random rnd = new Random(seed);
      int n = 420;
      int[] lab = new int[n];
      int next = 0;
      for (int size = 1; next < n; size = size % 20 + 1) {
        for (int i = 0; i < size && next < n; i++) {
          lab[next++] = size * 100 + seed;
        }
      }
      for (int i = n - 1; i > 0; i--) { // shuffle: labels unrelated to the points
        int k = rnd.nextInt(i + 1);
        int t = lab[i];
        lab[i] = lab[k];
        lab[k] = t;
      }
      for (int kind = 0; kind < 2; kind++) {
        int dim = kind == 0 ? 24 : 3;
        float[] d = new float[n * dim];
        for (int i = 0; i < n; i++) {
          if (i > 0 && rnd.nextDouble() < 0.15) {
            System.arraycopy(d, rnd.nextInt(i) * dim, d, i * dim, dim);
            continue;
          }
          for (int k = 0; k < dim; k++) {
            d[i * dim + k] = kind == 0 ? (float) rnd.nextGaussian() : rnd.nextInt(4);
          }
        }
        Embeddings e = Embeddings.of(d, dim, lab);
        int nq = 150;
        Embeddings q = Embeddings.of(java.util.Arrays.copyOf(d, nq * dim), dim, java.util.Arrays.copyOf(lab, nq));
        int[] self = new int[nq];
        for (int i = 0; i < nq; i++) {
          self[i] = i;
        }
        RetrievalMetrics wantSame = ref.evaluate(e, null, false);
        RetrievalMetrics wantSameAvg = ref.evaluate(e, null, true);
        RetrievalMetrics wantSep = ref.evaluate(q, e, self, false);
        RetrievalMetrics wantSepNoSelf = ref.evaluate(q, e, true);
        for (RetrievalEngine fast : fasts) {
          assertSame(wantSame, fast.evaluate(e, null, false));
          assertSame(wantSameAvg, fast.evaluate(e, null, true));
          assertSame(wantSep, fast.evaluate(q, e, self, false));
          assertSame(wantSepNoSelf, fast.evaluate(q, e, true));
        }
      }
    }
  }
}
