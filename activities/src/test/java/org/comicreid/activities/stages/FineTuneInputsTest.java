package org.comicreid.activities.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.experiments.config.ConfigKey;
import org.comicreid.experiments.config.ConfigKeys;
import org.comicreid.learning.finetune.FineTuneSettings;
import org.comicreid.learning.finetune.HeadFusion;
import org.comicreid.learning.finetune.IdentityHead;
import org.comicreid.learning.finetune.Padding;
import org.comicreid.learning.finetune.Parts;
import org.comicreid.learning.finetune.SingleIdentityGroups;
import org.comicreid.learning.loss.Distance;
import org.comicreid.learning.loss.ObjectiveSpec;
import org.comicreid.learning.training.GradMode;
import org.junit.jupiter.api.Test;

class FineTuneInputsTest {

  /** The fine-tune slice at its declared defaults, with some values replaced. */
  static StageParams params(String... overrides) {
    Map<String, String> m = new HashMap<>();
    for (ConfigKey k : ConfigKeys.forStage(Stage.FINE_TUNE)) {
      m.put(k.name(), k.defaultValue());
    }
    m.put("experiment.seed", "42");
    for (String o : overrides) {
      int eq = o.indexOf('=');
      m.put(o.substring(0, eq), o.substring(eq + 1));
    }
    return new StageParams(m);
  }

  @Test
  void theDefaultsAreThePapersFinalConfiguration() {
    FineTuneInputs.Options o = FineTuneInputs.read(params(), "aligned");
    FineTuneSettings s = o.settings();
    assertEquals(ObjectiveSpec.contrastive(), s.objective());
    assertEquals(HeadFusion.SUM, s.fusion());
    assertEquals(Padding.ZERO, s.padding());
    assertEquals(0.0, s.maskP());
    assertEquals(256, s.outDim());
    assertEquals(Parts.BOTH, o.parts());
    assertFalse(o.singleIdentity());
  }

  @Test
  void everyOptionReachesTheSettings() {
    FineTuneInputs.Options o = FineTuneInputs.read(params("finetune.loss=triplet",
        "finetune.miner=multi_similarity", "finetune.distance=cosine", "finetune.triplet_margin=0.2",
        "finetune.miner_epsilon=0.2", "finetune.ms_alpha=3", "finetune.ipv_weight=0.25",
        "finetune.fusion=weighted_sum", "finetune.padding=trainable", "finetune.mask_p=0.4",
        "finetune.parts=auto", "finetune.single_identity=true", "finetune.out_dim=64"), "face");
    ObjectiveSpec spec = o.settings().objective();
    assertEquals("triplet", spec.loss());
    assertEquals("multi_similarity", spec.miner());
    assertEquals(Distance.COSINE, spec.distance());
    assertEquals(0.2, spec.tripletMargin());
    assertEquals(0.2, spec.minerEpsilon());
    assertEquals(Distance.COSINE, spec.minerDistance()); // same as the loss by default
    assertEquals(Distance.LP, FineTuneInputs.read(params("finetune.distance=cosine",
        "finetune.miner_distance=lp"), "aligned").settings().objective().minerDistance());
    assertEquals(Distance.COSINE, FineTuneInputs.read(params("finetune.miner_distance=cosine"),
        "aligned").settings().objective().minerDistance());
    assertEquals(Distance.LP, FineTuneInputs.read(params(), "aligned").settings().objective().minerDistance());
    assertEquals(3.0, spec.msAlpha());
    assertEquals(0.25, spec.ipvWeight());
    assertEquals(HeadFusion.WEIGHTED_SUM, o.settings().fusion());
    assertEquals(Padding.TRAINABLE, o.settings().padding());
    assertEquals(0.4, o.settings().maskP());
    assertEquals(64, o.settings().outDim());
    assertEquals(Parts.FACE, o.parts());
    assertTrue(o.singleIdentity());
    assertEquals(Parts.BODY, FineTuneInputs.read(params("finetune.parts=body"), "face").parts());
  }

  @Test
  void aBadValueNamesItsKeyAndTheValue() {
    for (String[] bad : new String[][] {{"finetune.fusion", "attention"},
        {"finetune.padding", "random"}, {"finetune.loss", "arcface"}, {"finetune.miner", "hard"},
        {"finetune.distance", "manhattan"}, {"finetune.miner_distance", "hamming"}, {"finetune.mask_p", "1.5"}, {"finetune.parts", "faces"},
        {"finetune.out_dim", "0"}}) {
      ReidInputException e = assertThrows(ReidInputException.class,
          () -> FineTuneInputs.read(params(bad[0] + "=" + bad[1]), "aligned"), bad[0]);
      assertTrue(e.getMessage().contains(bad[0]) && e.getMessage().contains(bad[1]), e.getMessage());
    }
  }

  @Test
  void thePretrainVariantComesFromTheParamsThenThePretrainProvenance() {
    assertEquals("face", FineTuneInputs.pretrainVariant(Map.of("pretrain.variant", "face"),
        Map.of("config.pretrain.variant", "body")));
    assertEquals("body", FineTuneInputs.pretrainVariant(Map.of(),
        Map.of("config.pretrain.variant", "body")));
    assertEquals("aligned", FineTuneInputs.pretrainVariant(Map.of(), Map.of()));
  }

  @Test
  void singletonsAreTheSplitsCharactersOutsideEveryClique() {
    List<Artifacts.IdentityRow> ids = List.of(
        new Artifacts.IdentityRow(0, "a", "A", "train", new long[] {10, 11}, new int[] {1}),
        new Artifacts.IdentityRow(1, "b", "A", "train", new long[] {12}, new int[] {0}),
        new Artifacts.IdentityRow(2, "c", "A", "train", new long[] {13, 14}, new int[0]),
        new Artifacts.IdentityRow(3, "d", "B", "train", new long[] {15}, new int[0]),
        new Artifacts.IdentityRow(4, "e", "B", "val", new long[] {16}, new int[0]),
        new Artifacts.IdentityRow(5, "f", "B", "train", new long[] {17}, new int[0]));
    List<Artifacts.CliqueRow> cliques = List.of(new Artifacts.CliqueRow(0, "A", "train", new int[] {0, 1}, 3));
    // instance 17 has no row (e.g. dropped by the parts filter)
    Map<Long, Integer> rowOf = Map.of(10L, 0, 11L, 1, 12L, 2, 13L, 3, 14L, 4, 15L, 5, 16L, 6);
    List<SingleIdentityGroups.Singleton> s = FineTuneInputs.singletons(ids, cliques, "train", rowOf);
    assertEquals(List.of(2, 3), s.stream().map(SingleIdentityGroups.Singleton::identity).toList());
    assertArrayEquals(new int[] {3, 4}, s.get(0).instanceIndexes());
    assertEquals("B", s.get(1).series());
  }

  // ---- embeddings.tsv, by hand: D = 2, outDim = 2, h(x) = W x + b

  static final double[][] W = {{1, 2}, {-1, 0.5}};
  static final double[] B = {0.1, -0.2};

  static double[] h(double[] x) {
    return new double[] {B[0] + W[0][0] * x[0] + W[0][1] * x[1], B[1] + W[1][0] * x[0] + W[1][1] * x[1]};
  }

  static float[] l2sum(double[] a, double[] b) {
    double x = a[0] + b[0];
    double y = a[1] + b[1];
    double n = Math.sqrt(x * x + y * y);
    return new float[] {(float) (x / n), (float) (y / n)};
  }

  static void assertCell(float[] expected, String cell) {
    assertArrayEquals(expected, Tsv.parseFloats(cell), 1e-6f);
  }

  @Test
  void embeddingRowsHaveEveryColumnAndEmptyCellsForMissingParts() {
    GradMode.offForThisThread();
    float[] face = {1f, -1f};
    float[] body = {0.5f, 2f};
    float[] sslF = {0.6f, 0.8f};
    float[] sslB = {1f, 0f};
    List<FineTuneInputs.Source> sources = List.of(
        new FineTuneInputs.Source(1, "val", face, body, sslF, sslB),
        new FineTuneInputs.Source(2, "test", face, null, sslF, null),
        new FineTuneInputs.Source(3, "test", null, body, null, sslB));
    double[] hf = h(new double[] {1, -1});
    double[] hb = h(new double[] {0.5, 2});
    double[] h0 = h(new double[] {0, 0});
    assertEquals(List.of("instance_id", "split", "semi", "ssl", "semi_face", "semi_body", "ssl_face",
        "ssl_body"), FineTuneInputs.COLUMNS);
    try (NDManager m = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(2, 2, m, 1)) {
      List<Parameter> lin = head.linearParameters();
      lin.get(0).getArray().set(new float[] {1f, 2f, -1f, 0.5f});
      lin.get(1).getArray().set(new float[] {0.1f, -0.2f});

      List<List<String>> rows = FineTuneInputs.embeddingRows(head, Parts.BOTH, sources, 2);
      assertEquals(3, rows.size());
      List<String> r = rows.get(0);
      assertEquals(8, r.size());
      assertEquals(List.of("1", "val"), r.subList(0, 2));
      assertCell(l2sum(hf, hb), r.get(2));
      assertCell(new float[] {1.6f, 0.8f}, r.get(3));
      assertCell(l2sum(hf, h0), r.get(4)); // body treated as missing: zero feature, bias only
      assertCell(l2sum(h0, hb), r.get(5));
      assertCell(sslF, r.get(6));
      assertCell(sslB, r.get(7));
      r = rows.get(1);
      assertCell(l2sum(hf, h0), r.get(2));
      assertCell(sslF, r.get(3));
      assertEquals(r.get(2), r.get(4));
      assertEquals("", r.get(5));
      assertEquals("", r.get(7));
      r = rows.get(2);
      assertEquals("", r.get(4));
      assertEquals("", r.get(6));
      assertCell(l2sum(h0, hb), r.get(5));

      // faces only: the body-only instance has no row, bodies are hidden from the semi columns
      rows = FineTuneInputs.embeddingRows(head, Parts.FACE, sources, 2);
      assertEquals(List.of("1", "2"), rows.stream().map(x -> x.get(0)).toList());
      r = rows.get(0);
      assertCell(l2sum(hf, h0), r.get(2));
      assertEquals(r.get(2), r.get(4));
      assertEquals("", r.get(5));
      // ssl follows the parts too: a face model's embedding is its face output alone
      assertCell(sslF, r.get(3));
      assertCell(sslF, r.get(6));
      assertEquals("", r.get(7));
    }
  }
}
