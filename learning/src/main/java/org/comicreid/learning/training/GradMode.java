package org.comicreid.learning.training;

import java.lang.reflect.Method;

/**
 * PyTorch's grad mode is per thread and ON by default in every new thread; DJL switches it off
 * only on the thread that loads the engine. Our optimiser updates parameters in place outside a
 * {@code GradientCollector}, which PyTorch refuses while grad mode is on ("a leaf Variable that
 * requires grad is being used in an in-place operation"), and inference with grad mode on records
 * graphs for nothing. Trainers and extractors therefore switch it off on the thread they run on
 * (Temporal runs activities on pooled threads). DJL's switch lives in the engine's JNI utilities,
 * a runtime dependency, hence the reflection; with another engine this is a no-op.
 */
public final class GradMode {
  private static final Method SET = find();

  private GradMode() {}

  private static Method find() {
    try {
      return Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod("setGradMode", boolean.class);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** Switches autograd recording off for the calling thread (a collector turns it on while open). */
  public static void offForThisThread() {
    if (SET == null) {
      return;
    }
    ai.djl.engine.Engine.getEngine("PyTorch"); // loads the native library before the call
    try {
      SET.invoke(null, false);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot switch PyTorch grad mode off", e);
    }
  }
}
