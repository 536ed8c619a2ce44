package org.comicreid.learning.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.comicreid.learning.model.BackboneSpec;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.pretrain.PretrainSpeed.Inputs;
import org.comicreid.learning.pretrain.PretrainSpeed.StepTiming;
import org.comicreid.learning.pretrain.PretrainSpeed.TrainStepResult;
import org.comicreid.learning.pretrain.PretrainSpeed.TrainStepSpec;
import org.comicreid.learning.pretrain.PretrainSpeed.Variant;
import org.comicreid.learning.training.GradMode;
import org.junit.jupiter.api.Test;

/** Two-step smoke runs of the train-step probe on 8 px views; timings are checked for sign only. */
class PretrainSpeedTest {

  static final BackboneSpec TINY = BackboneSpec.forInput("tiny", 4, 8);

  static TrainStepSpec spec(Variant v, int pairs, int steps, int warmup, Inputs inputs) {
    return new TrainStepSpec(TINY, 8, pairs, v, steps, warmup, 0, inputs, 5L);
  }

  @Test
  void reportsEveryStepAndTheMedianOfTheTimedOnes() {
    int threads = currentThreads();
    TrainStepSpec s = new TrainStepSpec(TINY, 8, 2, Variant.ALIGNED, 3, 1, threads,
        Inputs.AUGMENTED, 5L);
    int[] calls = {0};
    TrainStepResult r = PretrainSpeed.trainStep(s, st -> calls[0]++);
    assertEquals(4, calls[0]);
    assertEquals(4, r.steps().size());
    assertTrue(r.steps().get(0).warmup());
    for (int i = 1; i < 4; i++) {
      assertFalse(r.steps().get(i).warmup());
    }
    for (StepTiming st : r.steps()) {
      assertTrue(st.stepSeconds() > 0 && st.prepareSeconds() > 0, st.toString());
      assertTrue(Double.isFinite(st.loss()) && st.loss() > 0, st.toString());
      assertTrue(st.gradNorm() > 0, "backward left gradients: " + st);
    }
    // median of three timed steps = the middle one; 6 views per pair for the aligned variant
    double a = r.steps().get(1).stepSeconds();
    double b = r.steps().get(2).stepSeconds();
    double c = r.steps().get(3).stepSeconds();
    double middle = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    assertEquals(middle, r.medianStepSeconds(), 0);
    assertEquals(12, s.views());
    assertEquals(12 / middle, r.imagesPerSecond(), 1e-9 * r.imagesPerSecond());
    assertEquals(3, r.timedStepSeconds().length);
    assertTrue(r.engineVersion().matches("\\d+\\.\\d+.*"), r.engineVersion());
    assertEquals(threads, r.threads());
    // tiny width 4: stem conv 3·3·3·4 + BN 8; stages of basic blocks, head on D = 32
    assertEquals(expectedTinyParameters(4), r.parameters());
  }

  /** Trainable values of the tiny backbone (one basic block per stage) plus the head, by hand. */
  static long expectedTinyParameters(int w) {
    long n = 3L * 3 * 3 * w + 2L * w; // small stem: 3x3 conv, BN
    int in = w;
    for (int s = 0; s < 4; s++) {
      int c = w << s;
      n += 9L * in * c + 2L * c + 9L * c * c + 2L * c; // conv, BN, conv, BN
      if (s > 0) {
        n += (long) in * c + 2L * c; // 1x1 stride-2 shortcut conv and BN
      }
      in = c;
    }
    long d = in;
    n += 2 * (d * d + d + 2 * d) + d * 128 + 128 + 2 * 128;
    return n;
  }

  @Test
  void viewCountsFollowTheVariant() {
    assertEquals(2 * 3, spec(Variant.FACE, 3, 1, 0, Inputs.RANDOM).views());
    assertEquals(2 * 3, spec(Variant.BODY, 3, 1, 0, Inputs.RANDOM).views());
    assertEquals(4 * 3, spec(Variant.UNALIGNED, 3, 1, 0, Inputs.RANDOM).views());
    assertEquals(6 * 3, spec(Variant.ALIGNED, 3, 1, 0, Inputs.RANDOM).views());
    assertEquals(Variant.UNALIGNED, Variant.parse(" Unaligned "));
  }

  /**
   * The first step's loss (before any update) equals the variant's NT-Xent terms computed here in
   * plain doubles from the head outputs of the same fresh network on the same views; pairing the
   * wrong views (the negative control) gives another value.
   */
  @Test
  void firstStepLossIsTheVariantsTermsByHand() {
    GradMode.offForThisThread();
    for (Variant v : Variant.values()) {
      TrainStepSpec s = spec(v, 3, 1, 0, Inputs.RANDOM);
      TrainStepResult r = PretrainSpeed.trainStep(s, null);
      double reported = r.steps().get(0).loss();
      int n = 3;
      float[][] views = PretrainSpeed.views(s, List.of(), 0);
      double[][] zf;
      double[][] zb;
      try (NDManager m = NDManager.newBaseManager();
          ReidNetwork net = ReidNetwork.create(TINY, m, PretrainSpeed.initSeed(5L))) {
        zf = head(net, views[0], v.faceViewsPerPair() * n);
        zb = head(net, views[1], v.bodyViewsPerPair() * n);
      }
      double expected = 0;
      int fo = 0;
      int bo = 0;
      if (v == Variant.FACE || v == Variant.UNALIGNED || v == Variant.ALIGNED) {
        expected += ntXent(rows(zf, 0, n), rows(zf, n, n), 0.07);
        fo = 2 * n;
      }
      if (v == Variant.BODY || v == Variant.UNALIGNED || v == Variant.ALIGNED) {
        expected += ntXent(rows(zb, 0, n), rows(zb, n, n), 0.07);
        bo = 2 * n;
      }
      if (v == Variant.ALIGNED) {
        expected += ntXent(rows(zf, fo, n), rows(zb, bo, n), 0.07);
        double wrong = expected - ntXent(rows(zf, fo, n), rows(zb, bo, n), 0.07)
            + ntXent(rows(zf, 0, n), rows(zb, 0, n), 0.07);
        assertTrue(Math.abs(wrong - reported) > 1e-3, "negative control: " + wrong);
      }
      assertEquals(expected, reported, 1e-4 * Math.max(1, expected), v.key());
    }
  }

  /**
   * Head outputs (rows) of a fresh network with the probe's initialisation, in training mode
   * (batch statistics; the parameters do not change).
   */
  private static double[][] head(ReidNetwork net, float[] flat, int count) {
    if (count == 0) {
      return new double[0][];
    }
    try (NDManager tmp = net.manager().newSubManager()) {
      float[] z = net.forward(tmp.create(flat, new Shape(count, 3, 8, 8)), true).head()
          .toFloatArray();
      int d = ReidNetwork.PROJECTION_DIM;
      double[][] out = new double[count][d];
      for (int i = 0; i < count; i++) {
        for (int k = 0; k < d; k++) {
          out[i][k] = z[i * d + k];
        }
      }
      return out;
    }
  }

  private static double[][] rows(double[][] z, int from, int n) {
    double[][] out = new double[n][];
    System.arraycopy(z, from, out, 0, n);
    return out;
  }

  /** NT-Xent over the 2N rows [a; b]: mean of −s(i, partner) + log Σ_{j≠i} exp s(i, j). */
  static double ntXent(double[][] a, double[][] b, double tau) {
    int n = a.length;
    int m = 2 * n;
    double[][] z = new double[m][];
    for (int i = 0; i < m; i++) {
      double[] row = i < n ? a[i] : b[i - n];
      double norm = 0;
      for (double x : row) {
        norm += x * x;
      }
      norm = Math.max(Math.sqrt(norm), 1e-12);
      z[i] = new double[row.length];
      for (int k = 0; k < row.length; k++) {
        z[i][k] = row[k] / norm;
      }
    }
    double total = 0;
    for (int i = 0; i < m; i++) {
      int p = (i + n) % m;
      double sum = 0;
      double sp = 0;
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int k = 0; k < z[i].length; k++) {
          s += z[i][k] * z[j][k];
        }
        s /= tau;
        if (j == p) {
          sp = s;
        }
        if (j != i) {
          sum += Math.exp(s);
        }
      }
      total += -sp + Math.log(sum);
    }
    return total / m;
  }

  @Test
  void badSpecsNameTheFieldAndTheValue() {
    assertMessage(() -> new TrainStepSpec(TINY, 7, 2, Variant.ALIGNED, 1, 0, 0, Inputs.RANDOM, 1),
        "size must be at least 8, got 7");
    assertMessage(() -> new TrainStepSpec(TINY, 8, 1, Variant.ALIGNED, 1, 0, 0, Inputs.RANDOM, 1),
        "pairs must be at least 2, got 1");
    assertMessage(() -> new TrainStepSpec(TINY, 8, 2, Variant.ALIGNED, 0, 0, 0, Inputs.RANDOM, 1),
        "steps must be at least 1, got 0");
    assertMessage(() -> new TrainStepSpec(TINY, 8, 2, Variant.ALIGNED, 1, -1, 0, Inputs.RANDOM, 1),
        "warmup must be at least 0, got -1");
    assertMessage(() -> new TrainStepSpec(TINY, 8, 2, Variant.ALIGNED, 1, 0, -2, Inputs.RANDOM, 1),
        "got -2");
    assertMessage(() -> Variant.parse("separate"), "got 'separate'");
  }

  private static void assertMessage(Runnable r, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  private static int currentThreads() {
    GradMode.offForThisThread(); // loads the engine
    return JniUtils.getNumThreads();
  }
}
