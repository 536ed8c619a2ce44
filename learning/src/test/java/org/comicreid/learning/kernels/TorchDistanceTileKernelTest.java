package org.comicreid.learning.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.comicreid.core.metrics.DistanceTileKernel;
import org.comicreid.core.metrics.Distances;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.metrics.RankCountingRetrievalEngine;
import org.comicreid.core.metrics.ReferenceRetrievalEngine;
import org.comicreid.core.metrics.RetrievalEngine;
import org.comicreid.core.metrics.RetrievalMetrics;
import org.junit.jupiter.api.Test;

class TorchDistanceTileKernelTest {

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
        lab[i] = rnd.nextInt(labels);
        continue;
      }
      lab[i] = rnd.nextInt(labels);
      for (int k = 0; k < dim; k++) {
        d[i * dim + k] = (float) (centres[lab[i]][k] + spread * rnd.nextGaussian());
      }
    }
    return Embeddings.of(d, dim, lab);
  }

  @Test
  void tilesAreSquaredDistancesWithinTheErrorBound() {
    Embeddings q = random(1, 50, 33, 5, 1.0, 0);
    Embeddings r = random(2, 70, 33, 5, 1.0, 0);
    float[] out = new float[20 * 30];
    try (DistanceTileKernel.Session s = new TorchDistanceTileKernel().open(q, r)) {
      s.tile(10, 20, 35, 30, out);
    }
    for (int i = 0; i < 20; i++) {
      for (int j = 0; j < 30; j++) {
        double exact = Distances.squared(q.data(), 10 + i, r.data(), 35 + j, 33);
        double bound = DistanceTileKernel.errorBound(33,
            Distances.squaredNorm(q.data(), 10 + i, 33), Distances.squaredNorm(r.data(), 35 + j, 33));
        double err = Math.abs(out[i * 30 + j] - exact);
        assertTrue(err <= bound, "entry " + i + "," + j + ": |" + out[i * 30 + j] + " - " + exact + "| > " + bound);
        assertTrue(exact > 1.0, "test data should be spread out");
      }
    }
  }

  private static void assertSame(RetrievalMetrics want, RetrievalMetrics got) {
    assertEquals(want.map(), got.map(), 1e-6, "MAP");
    assertEquals(want.mapAtR(), got.mapAtR(), 1e-6, "MAP@R");
    assertEquals(want.mrr(), got.mrr(), 1e-6, "MRR");
    assertEquals(want.pAt1(), got.pAt1(), 1e-6, "P@1");
    assertEquals(want.rPrecision(), got.rPrecision(), 1e-6, "R-precision");
    assertEquals(want.queriesUsed(), got.queriesUsed());
    assertEquals(want.loneQueries(), got.loneQueries());
  }

  @Test
  void fastEngineOnTorchEqualsReferenceEngine() {
    RetrievalEngine ref = new ReferenceRetrievalEngine();
    RetrievalEngine fast = new RankCountingRetrievalEngine(new TorchDistanceTileKernel(), 2, 128, null);
    // good retrieval, 256-d, ~5 per identity
    Embeddings a = random(3, 600, 256, 120, 0.2, 0.0);
    assertSame(ref.evaluate(a, null, false), fast.evaluate(a, null, false));
    assertSame(ref.evaluate(a, null, true), fast.evaluate(a, null, true));
    // exact duplicates with mixed labels (ties) and poor retrieval
    Embeddings b = random(4, 500, 32, 60, 3.0, 0.3);
    assertSame(ref.evaluate(b, null, false), fast.evaluate(b, null, false));
    // separate reference set with lone queries
    Embeddings q = random(5, 200, 64, 80, 0.5, 0.1);
    Embeddings r = random(5, 400, 64, 50, 0.5, 0.1);
    RetrievalMetrics want = ref.evaluate(q, r, false);
    assertTrue(want.loneQueries() > 0);
    assertSame(want, fast.evaluate(q, r, false));
  }
}
