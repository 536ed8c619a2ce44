package org.comicreid.learning.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.comicreid.core.ReidInputException;

/**
 * Chooses the device that training runs on from {@code worker.device} ({@code cpu}, {@code gpu}
 * or {@code auto}) and what the PyTorch engine of this build can see.
 *
 * <p>Maven Central ships no CUDA libtorch for PyTorch 2.7.1, so a stock build sees no GPU: a
 * worker asked for {@code gpu} then says so and falls back to the CPU instead of failing, and
 * {@link Choice#fallback()} tells callers (and the tracker) that it happened.
 */
public final class DeviceSelection {

  /** The engine whose devices are counted. */
  public static final String ENGINE = "PyTorch";

  private DeviceSelection() {}

  /**
   * The device for {@code requested}, given the number of GPUs the engine sees.
   *
   * @param fallback true when a GPU was asked for explicitly but none is visible
   * @param description one line for logs and run tags, e.g. {@code gpu(0) (auto: 1 GPU visible)}
   */
  public record Choice(Device device, boolean fallback, String description) {}

  /** Pure decision, separated from the engine so it can be tested for every case. */
  public static Choice choose(String requested, int gpuCount) {
    String r = requested == null ? "auto" : requested.strip().toLowerCase(Locale.ROOT);
    switch (r) {
      case "cpu":
        return new Choice(Device.cpu(), false, "cpu (worker.device=cpu)");
      case "gpu":
        if (gpuCount > 0) {
          return new Choice(Device.gpu(0), false, "gpu(0) (worker.device=gpu, " + gpus(gpuCount) + ")");
        }
        return new Choice(Device.cpu(), true,
            "cpu: worker.device=gpu but the " + ENGINE + " engine of this build sees no CUDA device"
                + " (no CUDA libtorch on the classpath); falling back to the CPU");
      case "auto":
        return gpuCount > 0
            ? new Choice(Device.gpu(0), false, "gpu(0) (auto: " + gpus(gpuCount) + ")")
            : new Choice(Device.cpu(), false, "cpu (auto: no GPU visible)");
      default:
        throw new ReidInputException(
            "worker.device: expected cpu, gpu or auto, got '" + requested + "'");
    }
  }

  /** Asks the PyTorch engine how many GPUs it sees (starting the engine, offline), then chooses. */
  public static Choice select(String requested) {
    return choose(requested, Engine.getEngine(ENGINE).getGpuCount());
  }

  /** {@code <engine> <version>}, for provenance. */
  public static String engineDescription() {
    Engine e = Engine.getEngine(ENGINE);
    return e.getEngineName() + " " + e.getVersion();
  }

  private static String gpus(int n) {
    return n + (n == 1 ? " GPU" : " GPUs") + " visible";
  }
}
