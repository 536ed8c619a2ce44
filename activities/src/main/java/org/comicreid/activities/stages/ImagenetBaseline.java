package org.comicreid.activities.stages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.provenance.ContentHash;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.embed.TorchScriptBackbone;

/**
 * The frozen features of the paper's "Pre-trained ResNet50" baseline (Appendix F.4): an
 * ImageNet-1k ResNet-50 whose last layer is replaced by a trainable 256-d linear layer, the
 * backbone frozen, i.e. the same fine-tuning as ours on other frozen features. This class gives
 * the frozen part: the 2048-d features of every instance's face crop and body crop, from the
 * TorchScript file {@value #KEY} names ({@code tools/imagenet/export_resnet50.py} makes it); the
 * fine-tune stage trains the head on them.
 *
 * <p>Decisions the paper leaves open:
 *
 * <ul>
 *   <li>The crops are the pair stage's crops (the same pixels our own backbone sees), each at its
 *       own size, ImageNet-normalised ({@link TorchScriptBackbone}); no resize to 224.
 *   <li>Face and body are separate images through the same backbone, as for our model; a missing
 *       part has no feature ({@code null}).
 *   <li>The features are cached under {@code <cacheDir>/features/} by content: the sha256 of the
 *       weights file, of the pairs file and of the requested instance ids (as the fine-tune stage
 *       caches its own frozen features), so reruns and retries do not recompute them.
 *   <li>The key missing from the stage's params counts as unset: the baseline is optional.
 * </ul>
 */
public final class ImagenetBaseline {

  /** The config key of the TorchScript file; empty = the baseline is off. */
  public static final String KEY = "baseline.imagenet_weights";

  /** Crops per forward pass. */
  static final int BATCH_SIZE = 32;

  /** Bump when the features change for the same inputs, so old cache entries are not reused. */
  static final String CACHE_VERSION = "imagenet-features-v1";

  private ImagenetBaseline() {}

  /**
   * Frozen features.
   *
   * @param dim the feature dimension D (2048 for ResNet-50; 0 when there was no crop)
   * @param byInstance per instance id {@code {face, body}}, each D values or {@code null} when the
   *     instance lacks that part; in the order of the rows asked for
   * @param weightsSha256 the weights file's sha256
   * @param fromCache whether they came from the cache
   * @param faces face crops in {@code byInstance}
   * @param bodies body crops in {@code byInstance}
   */
  public record Features(int dim, Map<Long, float[][]> byInstance, String weightsSha256,
      boolean fromCache, int faces, int bodies) {}

  /** The weights file of {@code params}, or empty when {@value #KEY} is unset (or absent). */
  public static Optional<Path> weights(StageParams params) {
    String v = params.values().getOrDefault(KEY, "").strip();
    return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
  }

  /**
   * The frozen face and body features of {@code rows}, or empty when {@value #KEY} is unset.
   *
   * @param env the crop store ({@link StageEnvironment#crops()}), cache directory and device
   * @param params the stage's params
   * @param pairsFile the pair stage's {@code instances.tsv} the rows come from (part of the cache key)
   * @param rows the instances (their face and body crop specs)
   * @throws org.comicreid.core.ReidInputException naming {@value #KEY} when the file is missing or
   *     is not loadable TorchScript
   */
  public static Optional<Features> features(StageEnvironment env, StageParams params, Path pairsFile,
      List<Artifacts.InstanceRow> rows) {
    Optional<Path> weights = weights(params);
    if (weights.isEmpty()) {
      return Optional.empty();
    }
    Path model = weights.get();
    if (!Files.isRegularFile(model)) {
      throw new ReidInputException(KEY + " = " + model + ": no such file; expected a TorchScript"
          + " backbone (make one from torchvision's ImageNet resnet50 weights with"
          + " tools/imagenet/export_resnet50.py), or leave " + KEY + " empty to skip the baseline");
    }
    String weightsSha = ContentHash.sha256(model);
    StringBuilder ids = new StringBuilder();
    for (Artifacts.InstanceRow r : rows) {
      ids.append(r.instanceId()).append(r.faceCrop().isEmpty() ? "" : "f")
          .append(r.bodyCrop().isEmpty() ? "" : "b").append(',');
    }
    String key = ContentHash.sha256(CACHE_VERSION + "|" + weightsSha + "|" + ContentHash.sha256(pairsFile)
        + "|" + ContentHash.sha256(ids.toString()));
    Path file = env.cacheDir().resolve("features").resolve(key + ".bin");
    if (Files.isRegularFile(file)) {
      Features f = read(file, weightsSha);
      if (f.byInstance().size() == rows.size()) {
        return Optional.of(f);
      }
    }
    List<CropImage> faces = new ArrayList<>();
    List<CropImage> bodies = new ArrayList<>();
    for (Artifacts.InstanceRow r : rows) {
      if (!r.faceCrop().isEmpty()) {
        faces.add(crop(env.crops(), r.faceCrop()));
      }
      if (!r.bodyCrop().isEmpty()) {
        bodies.add(crop(env.crops(), r.bodyCrop()));
      }
    }
    Map<Long, float[][]> out = new LinkedHashMap<>();
    int dim;
    try (TorchScriptBackbone backbone = TorchScriptBackbone.load(model, KEY, env.device())) {
      float[][] ff = backbone.extract(faces, BATCH_SIZE);
      float[][] bf = backbone.extract(bodies, BATCH_SIZE);
      dim = Math.max(0, backbone.featureDim());
      int fi = 0;
      int bi = 0;
      for (Artifacts.InstanceRow r : rows) {
        float[][] v = new float[2][];
        if (!r.faceCrop().isEmpty()) {
          v[0] = ff[fi++];
        }
        if (!r.bodyCrop().isEmpty()) {
          v[1] = bf[bi++];
        }
        out.put(r.instanceId(), v);
      }
    }
    Features f = new Features(dim, out, weightsSha, false, faces.size(), bodies.size());
    write(file, f);
    return Optional.of(f);
  }

  private static CropImage crop(CropStore crops, String spec) {
    CropStore.Square sq = CropStore.square(crops.crop(spec));
    return new CropImage(sq.side(), sq.rgb());
  }

  private static void write(Path file, Features f) {
    FeatureCache.write(file, new FeatureCache.Table(f.dim(), f.byInstance()));
  }

  private static Features read(Path file, String weightsSha) {
    FeatureCache.Table t = FeatureCache.read(file, 2);
    int faces = 0;
    int bodies = 0;
    for (float[][] v : t.byInstance().values()) {
      faces += v[0] == null ? 0 : 1;
      bodies += v[1] == null ? 0 : 1;
    }
    return new Features(t.dim(), t.byInstance(), weightsSha, true, faces, bodies);
  }

}
