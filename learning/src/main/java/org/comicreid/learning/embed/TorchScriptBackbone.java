package org.comicreid.learning.embed;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.comicreid.learning.device.TorchScriptModules;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.training.GradMode;

/**
 * A frozen backbone saved as TorchScript (DJL, PyTorch engine, offline): the ImageNet-1k
 * ResNet-50 of the paper's "Pre-trained ResNet50" baseline (Appendix F.4), made by {@code
 * tools/imagenet/export_resnet50.py}.
 *
 * <p>The module's {@code forward(x: Tensor[N, 3, H, W]) -> Tensor[N, D]} takes RGB in [0, 1]
 * normalised per channel with the ImageNet mean ({@link #IMAGENET_MEAN}) and std ({@link
 * #IMAGENET_STD}) and returns one D-dimensional feature per image (D = 2048 for ResNet-50 with
 * {@code fc} replaced by an identity). This class does the normalisation; the file holds none.
 *
 * <p>Decisions the paper leaves open:
 *
 * <ul>
 *   <li>Each crop goes in at its own size ({@link CropImage#size()}, i.e. the pair stage's crop
 *       size), without resizing to 224: ResNet-50 ends in an adaptive average pool, and the
 *       crops our own backbone sees are the same.
 *   <li>The module runs in inference mode (batch norm uses its running statistics) with autograd
 *       off: the backbone is frozen, only the linear layer on top is trained (by the fine-tuning
 *       stage, on the features this class returns).
 *   <li>Crops of one size share a batch of at most {@code batchSize}; output rows keep the input
 *       order whatever the sizes.
 * </ul>
 *
 * <p><b>Threads.</b> {@link #extract} is {@code synchronized}; each call frees its native arrays
 * (a per-batch sub-manager) before it returns.
 */
public final class TorchScriptBackbone implements AutoCloseable {

  /** ImageNet per-channel mean of RGB in [0, 1] (torchvision's normalisation). */
  public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

  /** ImageNet per-channel standard deviation of RGB in [0, 1] (torchvision's normalisation). */
  public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  private final Path model;
  private final String origin;
  private final String deviceDescription;
  private final TorchScriptModules.Loaded module;
  private final PtNDManager manager;
  private final PtSymbolBlock block;
  private int featureDim = -1;
  private boolean closed;

  private TorchScriptBackbone(Path model, String origin, TorchScriptModules.Loaded module) {
    this.model = model;
    this.origin = origin;
    this.deviceDescription = module.device().description();
    this.module = module;
    this.manager = module.manager();
    this.block = module.block();
  }

  /**
   * Loads a TorchScript backbone.
   *
   * @param model the TorchScript file
   * @param configKey the config key the path came from (named in every error message), e.g.
   *     {@code baseline.imagenet_weights}
   * @param device {@code cpu}, {@code gpu} or {@code auto} (as {@code worker.device})
   * @throws ReidInputException when the file is missing or is not loadable TorchScript
   * @throws ReidRunException when the PyTorch engine cannot start
   */
  public static TorchScriptBackbone load(Path model, String configKey, String device) {
    Objects.requireNonNull(model, "model");
    String origin = configKey + " = " + model;
    if (!Files.isRegularFile(model)) {
      throw new ReidInputException(origin + ": no such file; expected a TorchScript backbone"
          + " (make one from torchvision's ImageNet resnet50 weights with"
          + " tools/imagenet/export_resnet50.py)");
    }
    TorchScriptModules.Loaded m = TorchScriptModules.load(model, device, origin, origin,
        "a torchvision .pth checkpoint must be exported first with"
            + " tools/imagenet/export_resnet50.py");
    return new TorchScriptBackbone(model, origin, m);
  }

  /** The file this backbone was loaded from. */
  public Path model() {
    return model;
  }

  /** The device it runs on, in words. */
  public String deviceDescription() {
    return deviceDescription;
  }

  /** The feature dimension D seen so far, or -1 before the first {@link #extract}. */
  public synchronized int featureDim() {
    return featureDim;
  }

  /**
   * The features of {@code crops}, one row per crop in input order. Crops of one size share
   * batches of at most {@code batchSize}.
   *
   * @throws ReidRunException when forward fails or returns anything but an {@code [n, D]} tensor
   *     with the same D for every batch
   */
  public synchronized float[][] extract(List<CropImage> crops, int batchSize) {
    if (closed) {
      throw new IllegalStateException(origin + ": backbone is closed");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    GradMode.offForThisThread();
    float[][] out = new float[crops.size()][];
    Map<Integer, List<Integer>> bySize = new LinkedHashMap<>();
    for (int i = 0; i < crops.size(); i++) {
      bySize.computeIfAbsent(crops.get(i).size(), s -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Integer, List<Integer>> e : bySize.entrySet()) {
      int size = e.getKey();
      List<Integer> idx = e.getValue();
      for (int from = 0; from < idx.size(); from += batchSize) {
        List<Integer> batch = idx.subList(from, Math.min(idx.size(), from + batchSize));
        float[][] rows = forward(crops, batch, size);
        for (int k = 0; k < batch.size(); k++) {
          out[batch.get(k)] = rows[k];
        }
      }
    }
    return out;
  }

  private float[][] forward(List<CropImage> crops, List<Integer> batch, int size) {
    int plane = 3 * size * size;
    float[] data = new float[batch.size() * plane];
    for (int k = 0; k < batch.size(); k++) {
      System.arraycopy(normalisedChw(crops.get(batch.get(k))), 0, data, k * plane, plane);
    }
    try (PtNDManager call = (PtNDManager) manager.newSubManager()) {
      NDArray x = call.create(data, new Shape(batch.size(), 3, size, size));
      NDList result;
      try {
        result = block.forward(new ParameterStore(call, false), new NDList(x), false);
      } catch (EngineException e) {
        throw new ReidRunException(origin + ": forward failed on a batch of " + batch.size() + "x3x"
            + size + "x" + size + " (" + TorchScriptModules.firstLine(e.getMessage()) + "); expected forward(x:"
            + " Tensor[N, 3, H, W]) -> Tensor[N, D]", e);
      }
      NDArray y = result.isEmpty() ? null : result.head();
      Shape s = y == null ? null : y.getShape();
      if (s == null || s.dimension() != 2 || s.get(0) != batch.size() || s.get(1) < 1) {
        throw new ReidRunException(origin + ": forward on " + batch.size() + "x3x" + size + "x"
            + size + " returned " + (s == null ? "nothing" : "a tensor of shape " + s)
            + ", expected [" + batch.size() + ", D] (tools/imagenet/export_resnet50.py replaces"
            + " fc by an identity, D = 2048)");
      }
      int d = (int) s.get(1);
      if (featureDim >= 0 && d != featureDim) {
        throw new ReidRunException(origin + ": forward returned " + d + " features per crop at "
            + size + "x" + size + " but " + featureDim + " before");
      }
      featureDim = d;
      float[] all = y.getDataType() == DataType.FLOAT32
          ? y.toFloatArray() : y.toType(DataType.FLOAT32, false).toFloatArray();
      float[][] rows = new float[batch.size()][];
      for (int k = 0; k < rows.length; k++) {
        rows[k] = java.util.Arrays.copyOfRange(all, k * d, (k + 1) * d);
      }
      return rows;
    }
  }

  /**
   * The crop as the module's input: channels R, G, B (planes, row-major), each value {@code
   * (byte / 255 - mean_c) / std_c} with the ImageNet mean and std.
   */
  static float[] normalisedChw(CropImage crop) {
    int s = crop.size();
    int plane = s * s;
    float[] out = new float[3 * plane];
    byte[] rgb = crop.rgb();
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        out[c * plane + p] = ((rgb[p * 3 + c] & 0xff) / 255f - IMAGENET_MEAN[c]) / IMAGENET_STD[c];
      }
    }
    return out;
  }

  /** Frees the module and its native memory; later calls to {@link #extract} fail. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    module.close();
  }
}
