package org.comicreid.learning.embed;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.comicreid.learning.augment.Batches;
import org.comicreid.learning.augment.EvalTransform;
import org.comicreid.learning.checkpoint.Checkpoint;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.model.PartNetworks;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.pretrain.PretrainTrainer;
import org.comicreid.learning.pretrain.PretrainVariant;

/**
 * Computes, with a pretrained model in inference mode (batch norm uses its running statistics),
 * the middle features (D-dimensional, the input of fine-tuning) and the normalised 128-d head
 * outputs of crops, after the evaluation transform.
 *
 * <p>Loads the checkpoint of any {@link PretrainVariant} (resumable or {@code best.ckpt}): faces go
 * through the face network and bodies through the body network, which are one network except for
 * the {@code separate} variant. {@link #extractFaces} and {@link #extractBodies} say which part the
 * crops are; {@link #extract} serves shared-network checkpoints only (where the part does not
 * matter) and refuses a separate one.
 */
public final class FeatureExtractor implements AutoCloseable {

  private final NDManager manager;
  private final PartNetworks nets;
  private final PretrainVariant variant;
  private final Path source;
  private EvalTransform transform = EvalTransform.INSTANCE;

  /** Middle features and head outputs, one row per crop, in input order. */
  public record Features(float[][] middle, float[][] head) {}

  private FeatureExtractor(NDManager manager, PartNetworks nets, PretrainVariant variant, Path source) {
    this.manager = manager;
    this.nets = nets;
    this.variant = variant;
    this.source = source;
  }

  /**
   * Loads a pretraining checkpoint onto the engine's default device (its backbone and variant are
   * read from the header).
   */
  public static FeatureExtractor load(Path checkpoint) {
    return load(checkpoint, ai.djl.engine.Engine.getInstance().defaultDevice());
  }

  /** Loads a pretraining checkpoint onto {@code device}. */
  public static FeatureExtractor load(Path checkpoint, Device device) {
    NDManager manager = NDManager.newBaseManager(device);
    try {
      PretrainVariant v = PretrainTrainer.variantOf(Checkpoint.readHeader(checkpoint));
      return new FeatureExtractor(manager, PretrainTrainer.load(checkpoint, manager), v, checkpoint);
    } catch (IOException e) {
      manager.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Normalises crops with {@code t} instead of the default mean/std 0.5 (it must match the
   * normalisation the checkpoint was pretrained with, {@code augment.normalize_*}); returns this.
   */
  public FeatureExtractor normalizedBy(EvalTransform t) {
    this.transform = java.util.Objects.requireNonNull(t, "transform");
    return this;
  }

  /** The middle feature dimension D. */
  public int featureDim() {
    return nets.face().featureDim();
  }

  /** The variant the checkpoint was trained as. */
  public PretrainVariant variant() {
    return variant;
  }

  /** Whether faces and bodies have their own networks (then use the part-aware methods). */
  public boolean separate() {
    return nets.separate();
  }

  /**
   * Features of {@code crops} with the shared network (shared-network checkpoints only); see
   * {@link #extractFaces} for batching.
   *
   * @throws IllegalStateException for a {@code separate} checkpoint, whose parts need their own
   *     networks
   */
  public Features extract(List<CropImage> crops, int batchSize) {
    if (nets.separate()) {
      throw new IllegalStateException(source + " holds separate face and body networks (variant "
          + variant.key() + "): use extractFaces or extractBodies");
    }
    return run(nets.face(), crops, batchSize);
  }

  /**
   * Features of face crops, with the face network, in batches of at most {@code batchSize};
   * consecutive crops of one size share a batch (a size change starts a new batch).
   */
  public Features extractFaces(List<CropImage> crops, int batchSize) {
    return run(nets.face(), crops, batchSize);
  }

  /** Features of body crops, with the body network; batching as {@link #extractFaces}. */
  public Features extractBodies(List<CropImage> crops, int batchSize) {
    return run(nets.body(), crops, batchSize);
  }

  private Features run(ReidNetwork net, List<CropImage> crops, int batchSize) {
    org.comicreid.learning.training.GradMode.offForThisThread();
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    float[][] middle = new float[crops.size()][];
    float[][] head = new float[crops.size()][];
    int start = 0;
    while (start < crops.size()) {
      int size = crops.get(start).size();
      int end = start;
      List<float[]> images = new ArrayList<>();
      while (end < crops.size() && end - start < batchSize && crops.get(end).size() == size) {
        images.add(transform.apply(crops.get(end), null));
        end++;
      }
      try (NDManager tmp = net.manager().newSubManager()) {
        ReidNetwork.Outputs out = net.forward(Batches.stack(tmp, images, size), false);
        copyRows(out.middle(), middle, start);
        copyRows(out.head(), head, start);
      }
      start = end;
    }
    return new Features(middle, head);
  }

  private static void copyRows(NDArray a, float[][] target, int offset) {
    int rows = (int) a.getShape().get(0);
    int cols = (int) a.getShape().get(1);
    float[] all = a.toFloatArray();
    for (int r = 0; r < rows; r++) {
      float[] row = new float[cols];
      System.arraycopy(all, r * cols, row, 0, cols);
      target[offset + r] = row;
    }
  }

  @Override
  public void close() {
    nets.close();
    manager.close();
  }
}
