package org.comicreid.learning.detect;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.comicreid.learning.device.TorchScriptModules;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.learning.training.GradMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a DASS detector saved as TorchScript (DJL, PyTorch engine, offline) on whole images.
 *
 * <p>The module's {@code forward(x: Tensor, mode: int) -> Tensor} takes the letterboxed image
 * {@code [1, 3, H, W]} (BGR, 0-255, see {@link Letterbox}) and the head to run, {@code 1} for faces
 * and {@code 2} for bodies (DASS's {@code mode}; its mode 0, both heads at once, returns a pair and
 * is not used), and returns that head's raw rows {@code [1, N, 5 + C]}, which {@link YoloxDecoder}
 * filters, suppresses and maps back to the image. {@code tools/detector/trace_dass.py} makes such
 * a file from a DASS checkpoint.
 *
 * <p>DJL's {@code Block.forward(NDList)} passes tensors only, so the int mode goes through the
 * engine's own {@link PtSymbolBlock#forward(IValue...)} as {@code IValue.from(long)} (a TorchScript
 * {@code int} is 64-bit); that is why this class, unlike the rest of the module, compiles against
 * the PyTorch engine.
 *
 * <p><b>Threads.</b> The methods are {@code synchronized}: one detector can be shared, but its
 * calls run one at a time; for parallel detection open one detector per thread. Each call turns
 * PyTorch's per-thread grad mode off and frees its native arrays (a per-call sub-manager) before it
 * returns.
 */
public final class TorchScriptDetector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TorchScriptDetector.class);

  /** DASS's {@code mode} for the face head. */
  public static final int MODE_FACES = 1;

  /** DASS's {@code mode} for the body head. */
  public static final int MODE_BODIES = 2;

  private final DetectorSettings settings;
  private final YoloxDecoder decoder;
  private final TorchScriptModules.Loaded module;
  private final PtNDManager manager;
  private final PtSymbolBlock block;
  private boolean closed;

  private TorchScriptDetector(DetectorSettings settings, TorchScriptModules.Loaded module) {
    this.settings = settings;
    this.decoder = new YoloxDecoder(settings.confidence(), settings.nms());
    this.module = module;
    this.manager = module.manager();
    this.block = module.block();
  }

  /**
   * Loads {@code settings.model()} on the device that {@code settings.device()} selects.
   *
   * @throws ReidInputException if the file is missing or is not TorchScript, or the device name is
   *     unknown
   * @throws ReidRunException if the PyTorch engine cannot start
   */
  public static TorchScriptDetector load(DetectorSettings settings) {
    Path model = settings.model();
    if (!Files.isRegularFile(model)) {
      throw new ReidInputException("detector model " + model + ": no such file; expected a"
          + " TorchScript file with forward(x, mode) (trace a DASS checkpoint with"
          + " tools/detector/trace_dass.py)");
    }
    TorchScriptModules.Loaded m = TorchScriptModules.load(model, settings.device(), "the detector",
        "detector model " + model, "a DASS .pth checkpoint must be traced first with"
            + " tools/detector/trace_dass.py");
    if (m.device().fallback()) {
      LOG.warn("detector: {}", m.device().description());
    }
    LOG.info("detector: loaded {} on {} ({}x{}, confidence {}, nms {})", model,
        m.device().description(), settings.inputWidth(), settings.inputHeight(),
        settings.confidence(), settings.nms());
    return new TorchScriptDetector(settings, m);
  }

  public DetectorSettings settings() {
    return settings;
  }

  /** Faces (score descending), then bodies (score descending), in the image's pixels. */
  public synchronized List<DetectedBox> detect(BufferedImage image) {
    return run(image, List.of(PartKind.FACE, PartKind.BODY));
  }

  /** The boxes of one kind, score descending, in the image's pixels. */
  public synchronized List<DetectedBox> detect(BufferedImage image, PartKind kind) {
    return run(image, List.of(kind));
  }

  /** DASS's {@code mode} argument for a head. */
  public static int modeOf(PartKind kind) {
    return switch (kind) {
      case FACE -> MODE_FACES;
      case BODY -> MODE_BODIES;
    };
  }

  private List<DetectedBox> run(BufferedImage image, List<PartKind> kinds) {
    Objects.requireNonNull(image, "image");
    Letterbox lb = Letterbox.of(image, settings.inputWidth(), settings.inputHeight());
    float[] chw = lb.toBgrChw(image);
    List<DetectedBox> out = new ArrayList<>();
    Raw[] raws = forward(chw, kinds.stream().mapToInt(TorchScriptDetector::modeOf).toArray());
    for (int i = 0; i < kinds.size(); i++) {
      out.addAll(decoder.decode(raws[i].data(), raws[i].columns(), lb, kinds.get(i)));
    }
    return out;
  }

  /** One head's output: {@code rows x columns} values, row-major. */
  record Raw(float[] data, int rows, int columns) {}

  /**
   * Runs {@code forward(x, mode)} once per mode on the input {@code chw} (3 x H x W, as
   * {@link Letterbox#toBgrChw} makes it) and checks each output's shape. Package-private for tests.
   */
  synchronized Raw[] forward(float[] chw, int... modes) {
    if (closed) {
      throw new IllegalStateException("detector " + settings.model() + " is closed");
    }
    int h = settings.inputHeight();
    int w = settings.inputWidth();
    if (chw.length != 3 * h * w) {
      throw new IllegalArgumentException(
          "expected 3x" + h + "x" + w + " = " + 3 * h * w + " input values, got " + chw.length);
    }
    GradMode.offForThisThread();
    Raw[] raws = new Raw[modes.length];
    try (PtNDManager call = (PtNDManager) manager.newSubManager()) {
      PtNDArray x = (PtNDArray) call.create(chw, new Shape(1, 3, h, w));
      for (int i = 0; i < modes.length; i++) {
        raws[i] = forwardOne(call, x, modes[i]);
      }
    }
    return raws;
  }

  private Raw forwardOne(PtNDManager call, PtNDArray x, int mode) {
    try (IValue xv = IValue.from(x);
        IValue mv = IValue.from((long) mode);
        IValue result = callForward(xv, mv, mode)) {
      if (!result.isTensor()) {
        throw new ReidInputException("detector model " + settings.model() + ": forward(x, mode="
            + mode + ") returned " + result.getType() + ", expected a Tensor [1, N, 5 + C] (the"
            + " raw rows of one head; tools/detector/trace_dass.py wraps DASS that way)");
      }
      PtNDArray t = result.toTensor(call);
      Shape s = t.getShape();
      if (s.dimension() != 3 || s.get(0) != 1 || s.get(2) < YoloxDecoder.BOX_COLUMNS) {
        throw new ReidInputException("detector model " + settings.model() + ": forward(x, mode="
            + mode + ") returned a tensor of shape " + s + ", expected [1, N, 5 + C]"
            + " (rows cx, cy, w, h, objectness[, class scores])");
      }
      float[] data = t.getDataType() == DataType.FLOAT32
          ? t.toFloatArray()
          : t.toType(DataType.FLOAT32, false).toFloatArray();
      return new Raw(data, (int) s.get(1), (int) s.get(2));
    }
  }

  private IValue callForward(IValue x, IValue mode, int modeValue) {
    try {
      return block.forward(x, mode);
    } catch (EngineException e) {
      throw new ReidRunException("detector model " + settings.model() + ": forward(x, mode="
          + modeValue + ") failed (" + TorchScriptModules.firstLine(e.getMessage()) + "); expected"
          + " forward(x: Tensor[1, 3, " + settings.inputHeight() + ", " + settings.inputWidth()
          + "], mode: int) -> Tensor[1, N, 5 + C]", e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    module.close();
  }
}
