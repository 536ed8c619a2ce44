package org.comicreid.learning.embed;

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
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.pretrain.PretrainTrainer;

/**
 * Computes, with a pretrained network in inference mode (batch norm uses its running statistics),
 * the middle features (D-dimensional, the input of fine-tuning) and the normalised 128-d head
 * outputs of crops, after the evaluation transform.
 */
public final class FeatureExtractor implements AutoCloseable {

  private final NDManager manager;
  private final ReidNetwork net;

  /** Middle features and head outputs, one row per crop, in input order. */
  public record Features(float[][] middle, float[][] head) {}

  private FeatureExtractor(NDManager manager, ReidNetwork net) {
    this.manager = manager;
    this.net = net;
  }

  /** Loads a pretraining checkpoint (its backbone is read from the header). */
  public static FeatureExtractor load(Path checkpoint) {
    NDManager manager = NDManager.newBaseManager();
    try {
      Checkpoint header = Checkpoint.readHeader(checkpoint);
      ReidNetwork net = ReidNetwork.create(PretrainTrainer.backboneOf(header), manager, 0);
      Checkpoint.read(checkpoint, net::load, null);
      return new FeatureExtractor(manager, net);
    } catch (IOException e) {
      manager.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The middle feature dimension D. */
  public int featureDim() {
    return net.featureDim();
  }

  /**
   * Features of {@code crops} in batches of at most {@code batchSize}; consecutive crops of one
   * size share a batch (a size change starts a new batch).
   */
  public Features extract(List<CropImage> crops, int batchSize) {
    org.comicreid.learning.training.GradMode.offForThisThread();
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive");
    }
    float[][] middle = new float[crops.size()][];
    float[][] head = new float[crops.size()][];
    int start = 0;
    while (start < crops.size()) {
      int size = crops.get(start).size();
      int end = start;
      List<float[]> images = new ArrayList<>();
      while (end < crops.size() && end - start < batchSize && crops.get(end).size() == size) {
        images.add(EvalTransform.INSTANCE.apply(crops.get(end), null));
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
    net.close();
    manager.close();
  }
}
