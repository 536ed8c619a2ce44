package org.comicreid.learning.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.comicreid.learning.training.GradMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fusions and paddings of the identity head on hand examples: every expected vector is
 * computed here in plain Java doubles from the formulas (h(x) = W·x + b, softmax, L2).
 */
class IdentityHeadTest {

  // D = 2, outDim = 2
  static final double[][] W = {{1, 2}, {-1, 0.5}};
  static final double[] B = {0.1, -0.2};
  static final float[] FACE = {1f, -1f};
  static final float[] BODY = {0.5f, 2f};

  @BeforeEach
  void gradOff() {
    GradMode.offForThisThread();
  }

  static FineTuneData.Instance inst(float[] face, float[] body) {
    return new FineTuneData.Instance(face, body, 0, "S");
  }

  static double[] h(double[][] w, double[] b, double[] x) {
    double[] out = new double[w.length];
    for (int k = 0; k < w.length; k++) {
      out[k] = b[k];
      for (int j = 0; j < x.length; j++) {
        out[k] += w[k][j] * x[j];
      }
    }
    return out;
  }

  static double[] d(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  static float[] l2(double[] v) {
    double n = 0;
    for (double x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / n);
    }
    return out;
  }

  static void set(Parameter p, double[]... rows) {
    int cols = rows[0].length;
    float[] v = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < cols; c++) {
        v[r * cols + c] = (float) rows[r][c];
      }
    }
    p.getArray().set(v);
  }

  static void setLinear(IdentityHead head, double[][] w, double[] b) {
    List<Parameter> lin = head.linearParameters();
    set(lin.get(0), w);
    set(lin.get(1), b);
  }

  @Test
  void sumWithZeroPaddingIsTheNormalisedSumOfHeadOutputs() {
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(2, 2, m, 1)) {
      setLinear(head, W, B);
      float[][] e = head.embed(List.of(inst(FACE, BODY), inst(FACE, null)));
      double[] hf = h(W, B, d(FACE));
      double[] hb = h(W, B, d(BODY));
      double[] h0 = h(W, B, new double[2]); // the zero padding contributes the bias
      assertArrayEquals(l2(new double[] {hf[0] + hb[0], hf[1] + hb[1]}), e[0], 1e-6f);
      assertArrayEquals(l2(new double[] {hf[0] + h0[0], hf[1] + h0[1]}), e[1], 1e-6f);
    }
  }

  @Test
  void concatIsOneLayerOverBothFeaturesAndKeepsOutDim() {
    double[][] w = {{1, 0, 2, -1}, {0.5, 1, 0, 3}, {-2, 1, 1, 0}};
    double[] b = {0, 0.5, -0.5};
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(2, 3, HeadFusion.CONCAT, Padding.ZERO, m, 1)) {
      assertEquals(List.of(3L, 4L), List.of(head.linearParameters().get(0).getArray().getShape()
          .get(0), head.linearParameters().get(0).getArray().getShape().get(1)));
      setLinear(head, w, b);
      float[][] e = head.embed(List.of(inst(FACE, BODY), inst(null, BODY)));
      assertEquals(3, e[0].length);
      assertArrayEquals(l2(h(w, b, new double[] {1, -1, 0.5, 2})), e[0], 1e-6f);
      assertArrayEquals(l2(h(w, b, new double[] {0, 0, 0.5, 2})), e[1], 1e-6f);
    }
  }

  @Test
  void weightedSumUsesAPerDimensionSoftmaxOverThePair() {
    double[][] fw = {{0, Math.log(3)}, {1, -1}};
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(2, 2, HeadFusion.WEIGHTED_SUM, Padding.ZERO, m, 1)) {
      assertEquals(4, head.fusionParameter().orElseThrow().getArray().size());
      setLinear(head, W, B);
      set(head.fusionParameter().orElseThrow(), fw);
      float[] e = head.embed(List.of(inst(FACE, BODY)))[0];
      double[] hf = h(W, B, d(FACE));
      double[] hb = h(W, B, d(BODY));
      // dimension 0: weights 1/4 and 3/4; dimension 1: e/(e+1/e) and (1/e)/(e+1/e)
      double w0f = 0.25;
      double w0b = 0.75;
      double w1f = Math.exp(1) / (Math.exp(1) + Math.exp(-1));
      double w1b = Math.exp(-1) / (Math.exp(1) + Math.exp(-1));
      assertArrayEquals(l2(new double[] {w0f * hf[0] + w0b * hb[0], w1f * hf[1] + w1b * hb[1]}), e,
          1e-6f);
      // negative control: the plain sum points elsewhere
      float[] sum = l2(new double[] {hf[0] + hb[0], hf[1] + hb[1]});
      assertTrue(Math.abs(sum[0] - e[0]) > 1e-3, "weights had no effect");
    }
  }

  @Test
  void coefficientSumWeightsSumToOne() {
    double cf = 0.3;
    double cb = -0.2;
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(2, 2, HeadFusion.COEFFICIENT_SUM, Padding.ZERO, m, 1)) {
      assertEquals(2, head.fusionParameter().orElseThrow().getArray().size());
      setLinear(head, W, B);
      set(head.fusionParameter().orElseThrow(), new double[] {cf, cb});
      float[] c = head.fusionParameter().orElseThrow().getArray().softmax(0).toFloatArray();
      assertEquals(1.0, c[0] + c[1], 1e-6);
      double wf = Math.exp(cf) / (Math.exp(cf) + Math.exp(cb));
      double wb = Math.exp(cb) / (Math.exp(cf) + Math.exp(cb));
      assertEquals(wf, c[0], 1e-6);
      float[] e = head.embed(List.of(inst(FACE, BODY)))[0];
      double[] hf = h(W, B, d(FACE));
      double[] hb = h(W, B, d(BODY));
      assertArrayEquals(l2(new double[] {wf * hf[0] + wb * hb[0], wf * hf[1] + wb * hb[1]}), e, 1e-6f);
    }
  }

  @Test
  void untrainedWeightedFusionsPointWhereSumPoints() {
    List<FineTuneData.Instance> xs = List.of(inst(FACE, BODY), inst(null, BODY), inst(FACE, null));
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead sum = IdentityHead.create(2, 2, HeadFusion.SUM, Padding.ZERO, m, 7);
        IdentityHead ws = IdentityHead.create(2, 2, HeadFusion.WEIGHTED_SUM, Padding.TRAINABLE, m, 7);
        IdentityHead cs = IdentityHead.create(2, 2, HeadFusion.COEFFICIENT_SUM, Padding.ZERO, m, 7)) {
      float[][] a = sum.embed(xs);
      float[][] b = ws.embed(xs);
      float[][] c = cs.embed(xs);
      for (int i = 0; i < xs.size(); i++) {
        assertArrayEquals(a[i], b[i], 1e-6f);
        assertArrayEquals(a[i], c[i], 1e-6f);
      }
    }
  }

  @Test
  void trainablePaddingReplacesTheMissingPartAndReceivesGradients() {
    double[] faceDefault = {0.7, -0.4};
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(2, 2, HeadFusion.SUM, Padding.TRAINABLE, m, 1)) {
      setLinear(head, W, B);
      set(head.facePadding().orElseThrow(), faceDefault);
      float[] e = head.embed(List.of(inst(null, BODY)))[0];
      double[] hp = h(W, B, faceDefault);
      double[] hb = h(W, B, d(BODY));
      assertArrayEquals(l2(new double[] {hp[0] + hb[0], hp[1] + hb[1]}), e, 1e-6f);

      // a loss over a batch whose first instance lacks its face: the face padding gets a gradient,
      // the body padding (no body missing) a zero one, but it has one
      try (NDManager tmp = head.manager().newSubManager()) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray emb = head.embed(tmp, List.of(inst(null, BODY), inst(FACE, BODY)));
          gc.backward(emb.get(0).mul(tmp.create(new float[] {1f, -2f})).sum());
        }
        float[] gFace = head.facePadding().orElseThrow().getArray().getGradient().toFloatArray();
        float[] gBody = head.bodyPadding().orElseThrow().getArray().getGradient().toFloatArray();
        assertTrue(Math.abs(gFace[0]) + Math.abs(gFace[1]) > 1e-6, "no gradient on the face padding");
        assertArrayEquals(new float[2], gBody, 0f);
      }
    }
  }

  @Test
  void zeroPaddingHasNoParameters() {
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(2, 2, m, 1)) {
      assertTrue(head.facePadding().isEmpty() && head.bodyPadding().isEmpty()
          && head.fusionParameter().isEmpty());
      assertEquals(2, head.trainableParameters().size());
    }
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(2, 2, HeadFusion.WEIGHTED_SUM, Padding.TRAINABLE, m, 1)) {
      assertEquals(5, head.trainableParameters().size());
    }
  }

  @Test
  void saveAndLoadKeepFusionAndPadding() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<FineTuneData.Instance> xs = List.of(inst(FACE, BODY), inst(null, BODY));
    float[][] before;
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(2, 2, HeadFusion.WEIGHTED_SUM, Padding.TRAINABLE, m, 1)) {
      set(head.fusionParameter().orElseThrow(), new double[] {0.2, -0.3}, new double[] {1, 0});
      set(head.facePadding().orElseThrow(), new double[] {0.5, 0.25});
      before = head.embed(xs);
      head.save(new DataOutputStream(bytes));
    }
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead other = IdentityHead.create(2, 2, HeadFusion.WEIGHTED_SUM, Padding.TRAINABLE, m, 99)) {
      other.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      float[][] after = other.embed(xs);
      for (int i = 0; i < xs.size(); i++) {
        assertArrayEquals(before[i], after[i], 0f);
      }
      assertTrue(other.facePadding().orElseThrow().getArray().hasGradient());
    }
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead wrong = IdentityHead.create(2, 2, HeadFusion.COEFFICIENT_SUM, Padding.TRAINABLE, m, 1)) {
      assertThrows(IOException.class,
          () -> wrong.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }
  }

  @Test
  void parsersNameTheKeyAndTheValue() {
    assertEquals(HeadFusion.WEIGHTED_SUM, HeadFusion.parse(" Weighted_Sum "));
    assertEquals(Padding.TRAINABLE, Padding.parse("trainable"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HeadFusion.parse("attention"));
    assertTrue(e.getMessage().contains("finetune.fusion") && e.getMessage().contains("attention"));
    e = assertThrows(IllegalArgumentException.class, () -> Padding.parse("random"));
    assertTrue(e.getMessage().contains("finetune.padding") && e.getMessage().contains("random"));
  }
}
