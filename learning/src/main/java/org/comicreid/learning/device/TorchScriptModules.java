package org.comicreid.learning.device;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import org.comicreid.learning.training.GradMode;

/**
 * Loads a TorchScript file for inference on the device {@code worker.device} selects: starts the
 * PyTorch engine (offline), turns grad mode off on the calling thread, loads the module into its
 * own manager and enables inference mode. Shared by the detector and the frozen ImageNet backbone.
 */
public final class TorchScriptModules {

  private TorchScriptModules() {}

  /**
   * A loaded module, the manager that owns its native memory, and the device choice.
   *
   * @param manager the module's manager (on the chosen device)
   * @param block the module
   * @param device the device decision (with its fallback flag and description)
   */
  public record Loaded(PtNDManager manager, PtSymbolBlock block, DeviceSelection.Choice device) {

    /** Frees the module, then its manager. */
    public void close() {
      try {
        block.close();
      } finally {
        manager.close();
      }
    }
  }

  /**
   * Loads {@code model} (which the caller has checked exists).
   *
   * @param requestedDevice {@code cpu}, {@code gpu} or {@code auto}
   * @param engineUser who needs the engine, for the engine-start error ("the detector")
   * @param what the subject of the load error ("detector model /x.pt")
   * @param fix what to do when the file is not TorchScript, appended to the load error
   * @throws ReidRunException when the PyTorch engine cannot start
   * @throws ReidInputException when the file cannot be loaded as TorchScript
   */
  public static Loaded load(Path model, String requestedDevice, String engineUser, String what,
      String fix) {
    Engine engine;
    try {
      engine = Engine.getEngine(DeviceSelection.ENGINE);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new ReidRunException("cannot start the DJL " + DeviceSelection.ENGINE + " engine for "
          + engineUser + ": " + e.getMessage(), e);
    }
    DeviceSelection.Choice choice = DeviceSelection.select(requestedDevice);
    GradMode.offForThisThread();
    PtNDManager manager = (PtNDManager) engine.newBaseManager(choice.device());
    try {
      PtSymbolBlock block = JniUtils.loadModule(manager, model.toAbsolutePath(), true,
          new String[0], new String[0], false);
      JniUtils.enableInferenceMode(block);
      return new Loaded(manager, block, choice);
    } catch (EngineException e) {
      manager.close();
      throw new ReidInputException(what + ": cannot load it as TorchScript ("
          + firstLine(e.getMessage()) + "); " + fix, e);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The first line of an engine message (libtorch's messages carry whole stack traces). */
  public static String firstLine(String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
