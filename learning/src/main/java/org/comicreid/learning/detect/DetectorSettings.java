package org.comicreid.learning.detect;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the DASS detector runs.
 *
 * @param model the TorchScript file (see {@code tools/detector/trace_dass.py})
 * @param inputWidth model input width W in pixels, a positive multiple of 32 (YOLOX strides)
 * @param inputHeight model input height H in pixels, a positive multiple of 32
 * @param confidence keep a box when {@code objectness x class score >= confidence}, in [0, 1]
 * @param nms greedy NMS removes a box whose IoU with a kept, higher-scoring box is {@code > nms},
 *     in [0, 1]
 * @param device {@code cpu}, {@code gpu} or {@code auto} (see
 *     {@link org.comicreid.learning.device.DeviceSelection})
 */
public record DetectorSettings(
    Path model, int inputWidth, int inputHeight, double confidence, double nms, String device) {

  /** DASS's 640x640 setting: confidence 0.55, NMS 0.4. */
  public static final int DASS_SMALL_INPUT = 640;

  /** DASS's 1024x1024 setting: confidence 0.65. */
  public static final int DASS_LARGE_INPUT = 1024;

  public DetectorSettings {
    Objects.requireNonNull(model, "detector.model");
    Objects.requireNonNull(device, "detector.device");
    checkSide("detector.inputWidth", inputWidth);
    checkSide("detector.inputHeight", inputHeight);
    checkUnit("detector.confidence", confidence);
    checkUnit("detector.nms", nms);
  }

  /** DASS at 640x640, confidence 0.55, NMS 0.4, device {@code auto}. */
  public static DetectorSettings dass640(Path model) {
    return new DetectorSettings(model, DASS_SMALL_INPUT, DASS_SMALL_INPUT, 0.55, 0.4, "auto");
  }

  /**
   * DASS at 1024x1024, confidence 0.65. The DASS notes give no NMS threshold for this setting;
   * this keeps 0.4, the one given for 640.
   */
  public static DetectorSettings dass1024(Path model) {
    return new DetectorSettings(model, DASS_LARGE_INPUT, DASS_LARGE_INPUT, 0.65, 0.4, "auto");
  }

  /** The same settings with other thresholds. */
  public DetectorSettings withThresholds(double newConfidence, double newNms) {
    return new DetectorSettings(model, inputWidth, inputHeight, newConfidence, newNms, device);
  }

  private static void checkSide(String key, int v) {
    if (v <= 0 || v % 32 != 0) {
      throw new IllegalArgumentException(
          key + ": expected a positive multiple of 32 (YOLOX strides 8, 16, 32), got " + v);
    }
  }

  private static void checkUnit(String key, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(key + ": expected a number in [0, 1], got " + v);
    }
  }
}
