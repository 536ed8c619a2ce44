package org.comicreid.activities.stages;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.learning.augment.EvalTransform;
import org.comicreid.learning.augment.Normalize;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.embed.FeatureExtractor;
import org.comicreid.learning.finetune.FineTuneTrainer;
import org.comicreid.learning.finetune.IdentityHead;
import org.comicreid.learning.finetune.Parts;

/**
 * The model a pipeline trained, applied to instances outside the pipeline ({@code reid assign}):
 * the pretrained backbone's frozen features of each instance's face and body crops (computed as the
 * fine-tune stage computes them, {@link #features}), then the fine-tuned identity layer's fused
 * embedding, the {@code semi} column of fine-tune's {@code embeddings.tsv} that the cluster stage
 * clusters ({@link FineTuneInputs#embeddingRows}). Temporal-free.
 */
public final class TrainedModel {
  private static final int BATCH = 256;
  private static final int SSL_DIM = 128;

  private TrainedModel() {}

  /**
   * One instance to embed: crop specs ({@link org.comicreid.catalog.images.CropSpec#encode()}),
   * empty = the part is missing.
   */
  public record Crops(long instanceId, String faceCrop, String bodyCrop) {}

  /**
   * Frozen features of {@code rows} from the pretrained checkpoint: per instance the middle (D)
   * and head (128) outputs of its face and body, {@code [faceMiddle, bodyMiddle, faceHead,
   * bodyHead]}, null where the part is missing; faces and bodies are each run in batches of 256 in
   * the order given.
   */
  static FeatureCache.Table features(Path pretrainCheckpoint, Normalize normalize,
      List<Crops> rows, CropStore store) {
    List<CropImage> faces = new ArrayList<>();
    List<CropImage> bodies = new ArrayList<>();
    for (Crops r : rows) {
      if (!r.faceCrop().isEmpty()) {
        faces.add(crop(store, r.faceCrop()));
      }
      if (!r.bodyCrop().isEmpty()) {
        bodies.add(crop(store, r.bodyCrop()));
      }
    }
    Map<Long, float[][]> out = new LinkedHashMap<>();
    try (FeatureExtractor fx = FeatureExtractor.load(pretrainCheckpoint)) {
      fx.normalizedBy(new EvalTransform(normalize));
      int dim = fx.featureDim();
      FeatureExtractor.Features ff = fx.extractFaces(faces, BATCH);
      FeatureExtractor.Features bf = fx.extractBodies(bodies, BATCH);
      int fi = 0;
      int bi = 0;
      for (Crops r : rows) {
        float[][] v = new float[4][];
        if (!r.faceCrop().isEmpty()) {
          v[0] = ff.middle()[fi];
          v[2] = ff.head()[fi];
          fi++;
        }
        if (!r.bodyCrop().isEmpty()) {
          v[1] = bf.middle()[bi];
          v[3] = bf.head()[bi];
          bi++;
        }
        out.put(r.instanceId(), v);
      }
      return new FeatureCache.Table(dim, out);
    }
  }

  private static CropImage crop(CropStore store, String spec) {
    CropStore.Square sq = CropStore.square(store.crop(spec));
    return new CropImage(sq.side(), sq.rgb());
  }

  /**
   * The fused identity embeddings of {@code rows}, as fine-tune writes them for its validation and
   * test instances (through {@link FineTuneInputs#embeddingRows}, so the values are the ones the
   * cluster stage reads back); an instance the model's parts cannot embed (under {@code
   * finetune.parts=face}, one without a face) has none.
   *
   * @param pretrainCheckpoint the pretrain stage's checkpoint (the frozen backbone)
   * @param headCheckpoint the fine-tune stage's {@code model.ckpt}
   * @param fineTuneParams the fine-tune stage's config slice ({@code finetune.parts}, {@code
   *     augment.normalize_*})
   * @param pretrainProvenance the pretrain output's provenance ({@code pretrain.variant} for {@code
   *     finetune.parts=auto})
   * @param store where crops are cut and cached
   */
  public static Map<Long, float[]> embed(Path pretrainCheckpoint, Path headCheckpoint,
      Map<String, String> fineTuneParams, Map<String, String> pretrainProvenance,
      List<Crops> rows, CropStore store) {
    Parts parts = Parts.resolve(new StageParams(fineTuneParams).string("finetune.parts"),
        FineTuneInputs.pretrainVariant(fineTuneParams, pretrainProvenance));
    FeatureCache.Table t = features(pretrainCheckpoint, Normalize.fromConfig(fineTuneParams), rows,
        store);
    List<FineTuneInputs.Source> sources = new ArrayList<>();
    for (Crops r : rows) {
      float[][] f = t.byInstance().get(r.instanceId());
      sources.add(new FineTuneInputs.Source(r.instanceId(), "assign", f[0], f[1], f[2], f[3]));
    }
    int semi = FineTuneInputs.COLUMNS.indexOf("semi");
    Map<Long, float[]> out = new HashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      IdentityHead head = FineTuneTrainer.loadHead(headCheckpoint, manager);
      for (List<String> row : FineTuneInputs.embeddingRows(head, parts, sources, SSL_DIM)) {
        out.put(Long.parseLong(row.get(0)), Tsv.parseFloats(row.get(semi)));
      }
    }
    return out;
  }
}
