package org.comicreid.learning.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.comicreid.learning.loss.NtXentLoss;
import org.comicreid.learning.model.PartNetworks;
import org.comicreid.learning.training.Params;
import org.junit.jupiter.api.Test;

/** Table-3 validation metrics, model-selection loss and the hold-out rule. */
class SslValidationTest {

  private static final double TAU = 0.5;

  /** Unit vectors at the given angles (degrees), float64. */
  private static double[][] at(double... degrees) {
    double[][] out = new double[degrees.length][];
    for (int i = 0; i < degrees.length; i++) {
      double r = Math.toRadians(degrees[i]);
      out[i] = new double[] {Math.cos(r), Math.sin(r)};
    }
    return out;
  }

  private static NDArray nd(NDManager m, double[][] rows) {
    double[] flat = new double[rows.length * 2];
    for (int i = 0; i < rows.length; i++) {
      flat[2 * i] = rows[i][0];
      flat[2 * i + 1] = rows[i][1];
    }
    return m.create(flat, new Shape(rows.length, 2));
  }

  /**
   * NT-Xent of unit rows written out: z = [a; b], s_ij = z_i·z_j / τ, loss = mean over the 2N rows
   * of −s_{i,pos} + log Σ_{j≠i} exp s_ij.
   */
  private static double ntXent(double[][] a, double[][] b) {
    int n = a.length;
    double[][] z = new double[2 * n][];
    for (int i = 0; i < n; i++) {
      z[i] = a[i];
      z[i + n] = b[i];
    }
    double total = 0;
    for (int i = 0; i < 2 * n; i++) {
      int p = (i + n) % (2 * n);
      double sum = 0;
      for (int j = 0; j < 2 * n; j++) {
        if (j != i) {
          sum += Math.exp((z[i][0] * z[j][0] + z[i][1] * z[j][1]) / TAU);
        }
      }
      double sp = (z[i][0] * z[p][0] + z[i][1] * z[p][1]) / TAU;
      total += -sp + Math.log(sum);
    }
    return total / (2 * n);
  }

  @Test
  void handCheckedMetricsAreRowWeightedOverBatchesAndTheSelectionLossSumsTrainedTerms() {
    // batch 1 (3 pairs): positive ranks, worked out from the angles by hand, are
    // a0 0, a1 0, a2 2 (a1 at 90° and b1 at 100° beat b2 at 60°), b0 0, b1 0, b2 4 (everything
    // beats a2 at 180°): top-1 4/6, top-5 6/6, mean position 1 + 6/6 = 2
    double[][] a1 = at(0, 90, 180);
    double[][] b1 = at(10, 100, 60);
    // batch 2 (2 pairs): a0's positive b0 is opposite (rank 2), a1-b1 5° apart (rank 0),
    // b0 rank 2, b1 rank 0: top-1 2/4, top-5 1, mean position 2
    double[][] a2 = at(0, 45);
    double[][] b2 = at(180, 50);
    double[][] bodyA = at(0, 120, 240);
    double[][] bodyB = at(5, 125, 245);
    double[][] idA = at(0, 90);
    double[][] idB = at(90, 0);
    try (NDManager m = NDManager.newBaseManager()) {
      List<SslValidation.TermViews> views = List.of(
          new SslValidation.TermViews(SslTerm.FACE, nd(m, a1), nd(m, b1)),
          new SslValidation.TermViews(SslTerm.FACE, nd(m, a2), nd(m, b2)),
          new SslValidation.TermViews(SslTerm.BODY, nd(m, bodyA), nd(m, bodyB)),
          new SslValidation.TermViews(SslTerm.IDENTITY, nd(m, idA), nd(m, idB)));
      NtXentLoss loss = new NtXentLoss(TAU);
      Map<String, Double> unaligned = SslValidation.score(loss, PretrainVariant.UNALIGNED, views);
      double faceLoss = (6 * ntXent(a1, b1) + 4 * ntXent(a2, b2)) / 10;
      assertEquals(faceLoss, unaligned.get("ssl_val.face.loss"), 1e-9);
      assertEquals((6 * (4.0 / 6) + 4 * 0.5) / 10, unaligned.get("ssl_val.face.top1"), 1e-12);
      assertEquals(1.0, unaligned.get("ssl_val.face.top5"), 1e-12);
      assertEquals(2.0, unaligned.get("ssl_val.face.mean_position"), 1e-12);
      double bodyLoss = ntXent(bodyA, bodyB);
      assertEquals(bodyLoss, unaligned.get("ssl_val.body.loss"), 1e-9);
      assertEquals(1.0, unaligned.get("ssl_val.body.top1"), 1e-12);
      assertEquals(1.0, unaligned.get("ssl_val.body.mean_position"), 1e-12);
      // identity: each face's positive is the orthogonal vector, the other body is identical to
      // it: every row ranks its positive second (rank 1)
      double idLoss = ntXent(idA, idB);
      assertEquals(idLoss, unaligned.get("ssl_val.identity.loss"), 1e-9);
      assertEquals(0.0, unaligned.get("ssl_val.identity.top1"), 1e-12);
      assertEquals(1.0, unaligned.get("ssl_val.identity.top5"), 1e-12);
      assertEquals(2.0, unaligned.get("ssl_val.identity.mean_position"), 1e-12);
      // selection loss: unaligned trains face + body only; aligned also the identity term
      assertEquals(faceLoss + bodyLoss, unaligned.get("ssl_val.loss"), 1e-9);
      Map<String, Double> aligned = SslValidation.score(loss, PretrainVariant.ALIGNED, views);
      assertEquals(faceLoss + bodyLoss + idLoss, aligned.get("ssl_val.loss"), 1e-9);
      Map<String, Double> face = SslValidation.score(loss, PretrainVariant.FACE, views);
      assertEquals(faceLoss, face.get("ssl_val.loss"), 1e-9);
      assertEquals(13, unaligned.size());
    }
  }

  @Test
  void validationBatchesAreChunksAndALastSinglePairJoinsThePreviousChunk() {
    assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5, 6)),
        SslValidation.batches(List.of(0, 1, 2, 3, 4, 5, 6), 3));
    assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5)),
        SslValidation.batches(List.of(0, 1, 2, 3, 4, 5), 3));
    assertEquals(List.of(List.of(0, 1)), SslValidation.batches(List.of(0, 1), 5));
    assertEquals(List.of(List.of(0, 1), List.of(2, 3, 4)),
        SslValidation.batches(List.of(0, 1, 2, 3, 4), 2));
  }

  @Test
  void eachVariantReportsTheTermsItCanComputeAndTheSameModelGivesTheSameMetricsTwice() {
    List<CropPair> pairs = PretrainTrainerTest.pairs(6, 31);
    PretrainSettings base = PretrainTrainerTest.settings();
    try (NDManager m = NDManager.newBaseManager()) {
      for (PretrainVariant v : PretrainVariant.values()) {
        PretrainSettings s = base.withVariant(v);
        try (PartNetworks nets = PretrainTrainer.networks(v, PretrainTrainerTest.TINY, m, 5)) {
          List<float[]> before = new ArrayList<>();
          for (var n : nets.distinct()) {
            before.addAll(Params.snapshot(n.block()));
          }
          SslValidation val = new SslValidation(s, nets, pairs);
          List<String> batches = new ArrayList<>();
          Map<String, Double> first = val.evaluate(new org.comicreid.learning.training.TrainingMonitor() {
            @Override
            public void onStep(int e, int st, long g, long t, double l, double lr) {}

            @Override
            public void onCheckpoint(java.nio.file.Path c, long g) {}

            @Override
            public boolean cancelled() {
              return false;
            }

            @Override
            public void onValidationBatch(int batch, int of) {
              batches.add(batch + "/" + of);
            }
          });
          assertEquals(List.of("1/2", "2/2"), batches, "6 pairs in batches of 4 and 2");
          Map<String, Double> second = new SslValidation(s, nets, pairs).evaluate();
          assertEquals(first, second, v.key());
          List<float[]> after = new ArrayList<>();
          for (var n : nets.distinct()) {
            after.addAll(Params.snapshot(n.block()));
          }
          assertEquals(0.0, Params.maxAbsDiff(before, after), "validation changed " + v.key());
          Set<String> terms = new TreeSet<>();
          for (String k : first.keySet()) {
            if (!k.equals("ssl_val.loss")) {
              terms.add(k.split("\\.")[1]);
            }
          }
          Set<String> expected = switch (v) {
            case FACE -> Set.of("face");
            case BODY -> Set.of("body");
            default -> Set.of("face", "body", "identity");
          };
          assertEquals(new TreeSet<>(expected), terms, v.key());
          double sum = 0;
          for (SslTerm t : v.trainedTerms()) {
            sum += first.get("ssl_val." + t.key() + ".loss");
          }
          assertEquals(sum, first.get("ssl_val.loss"), 1e-12, v.key());
          for (Map.Entry<String, Double> e : first.entrySet()) {
            assertTrue(Double.isFinite(e.getValue()), e.toString());
          }
        }
      }
      // negative control: another model gives other metrics
      try (PartNetworks a = PretrainTrainer.networks(PretrainVariant.ALIGNED, PretrainTrainerTest.TINY, m, 5);
          PartNetworks b = PretrainTrainer.networks(PretrainVariant.ALIGNED, PretrainTrainerTest.TINY, m, 6)) {
        assertNotEquals(new SslValidation(base, a, pairs).evaluate().get("ssl_val.face.loss"),
            new SslValidation(base, b, pairs).evaluate().get("ssl_val.face.loss"));
      }
    }
  }

  @Test
  void theHoldOutDependsOnIdAndSeedNotOnOrder() {
    List<CropPair> pairs = new ArrayList<>();
    org.comicreid.learning.data.CropImage c = new org.comicreid.learning.data.CropImage(1, new byte[3]);
    for (int i = 0; i < 1000; i++) {
      pairs.add(new CropPair("series" + (i % 7) + "_" + i, c, c));
    }
    PretrainTrainer.Split s = PretrainTrainer.split(pairs, 9, 0.1);
    assertTrue(s.validation().size() > 70 && s.validation().size() < 130, "" + s.validation().size());
    assertEquals(1000, s.validation().size() + s.train().size());
    List<CropPair> shuffled = new ArrayList<>(pairs);
    Collections.shuffle(shuffled, new Random(3));
    PretrainTrainer.Split t = PretrainTrainer.split(shuffled, 9, 0.1);
    assertEquals(s.validation(), t.validation(), "the same pairs, in the same order");
    // a pair's side does not depend on the other pairs
    PretrainTrainer.Split half = PretrainTrainer.split(pairs.subList(0, 500), 9, 0.1);
    for (CropPair p : half.validation()) {
      assertTrue(s.validation().contains(p));
    }
    for (CropPair p : half.train()) {
      assertTrue(s.train().contains(p));
    }
    // another seed holds out other pairs; fraction 0 holds out none
    assertNotEquals(s.validation(), PretrainTrainer.split(pairs, 10, 0.1).validation());
    assertEquals(List.of(), PretrainTrainer.split(pairs, 9, 0).validation());
    // fewer than 2 held-out pairs: no validation, everything is trained on
    PretrainTrainer.Split tiny = PretrainTrainer.split(pairs.subList(0, 3), 9, 0.1);
    if (tiny.validation().isEmpty()) {
      assertEquals(3, tiny.train().size());
    }
  }
}
