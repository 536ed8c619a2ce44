package org.comicreid.learning.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Helpers over a block's parameters: seeded initialisation, the trainable list, snapshots. */
public final class Params {

  private Params() {}

  /**
   * Re-initialises every parameter of an initialised block from a Java {@link Random} seeded with
   * {@code seed}, so that the starting point does not depend on the engine's random state:
   * convolution weights Kaiming-normal (fan-out, as torchvision's ResNet), linear weights and biases
   * uniform in ±1/√fan-in (PyTorch's {@code nn.Linear} default), batch-norm gamma 1, beta 0,
   * running mean 0, running variance 1, other biases 0.
   */
  public static void initialize(Block block, long seed) {
    Random rnd = new Random(seed);
    long lastFanIn = 1;
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter param = p.getValue();
      NDArray a = param.getArray();
      Shape s = a.getShape();
      int n = (int) s.size();
      float[] v = new float[n];
      String name = p.getKey();
      switch (param.getType()) {
        case WEIGHT -> {
          if (s.dimension() == 4) {
            long fanOut = s.get(0) * s.get(2) * s.get(3);
            double std = Math.sqrt(2.0 / fanOut);
            for (int i = 0; i < n; i++) {
              v[i] = (float) (rnd.nextGaussian() * std);
            }
            lastFanIn = s.get(1) * s.get(2) * s.get(3);
          } else {
            lastFanIn = s.size() / s.get(0);
            double bound = 1.0 / Math.sqrt(lastFanIn);
            for (int i = 0; i < n; i++) {
              v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
          }
        }
        case BIAS -> {
          if (name.endsWith("bias") && lastFanIn > 0) {
            double bound = 1.0 / Math.sqrt(lastFanIn);
            for (int i = 0; i < n; i++) {
              v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
          }
        }
        case GAMMA, RUNNING_VAR -> java.util.Arrays.fill(v, 1f);
        default -> { }
      }
      a.set(v);
    }
  }

  /** Parameters that receive gradients, in the block's (stable) order. */
  public static List<Parameter> trainable(Block block) {
    List<Parameter> out = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getValue().requiresGradient()) {
        out.add(p.getValue());
      }
    }
    return out;
  }

  /** Copies every parameter (trainable or not) to Java arrays, in block order. */
  public static List<float[]> snapshot(Block block) {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      out.add(p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  /** Largest absolute difference between two snapshots of the same block. */
  public static double maxAbsDiff(List<float[]> a, List<float[]> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("snapshots of different blocks");
    }
    double m = 0;
    for (int i = 0; i < a.size(); i++) {
      float[] x = a.get(i);
      float[] y = b.get(i);
      for (int k = 0; k < x.length; k++) {
        m = Math.max(m, Math.abs(x[k] - y[k]));
      }
    }
    return m;
  }
}
