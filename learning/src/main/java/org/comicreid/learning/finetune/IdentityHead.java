package org.comicreid.learning.finetune;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.training.Params;

/**
 * The trainable identity head: one Linear D→outDim (with bias) shared by faces and bodies;
 * embedding = L2norm(head(face) + head(body)).
 *
 * <p><b>Missing parts.</b> A missing part's <em>feature</em> is replaced by a zero vector, which
 * still goes through the linear layer, so it contributes the bias: embedding =
 * L2norm(W·(face + body) + 2b) for every instance. Thus single-part and two-part instances live in
 * the same affine space (the bias does not depend on which parts exist), and the fused embedding is
 * exactly the head applied to the summed features plus a constant.
 */
public final class IdentityHead implements AutoCloseable {

  private final NDManager manager;
  private final Linear linear;
  private final ParameterStore store;
  private final int featureDim;
  private final int outDim;

  private IdentityHead(NDManager parent, int featureDim, int outDim, long seed) {
    this.manager = parent.newSubManager();
    this.featureDim = featureDim;
    this.outDim = outDim;
    linear = Linear.builder().setUnits(outDim).build();
    linear.initialize(manager, DataType.FLOAT32, new Shape(1, featureDim));
    Params.initialize(linear, seed);
    store = new ParameterStore(manager, false);
  }

  /** A head initialised as PyTorch's {@code nn.Linear} (uniform ±1/√D), from {@code seed}. */
  public static IdentityHead create(int featureDim, int outDim, NDManager parent, long seed) {
    return new IdentityHead(parent, featureDim, outDim, seed);
  }

  /** D. */
  public int featureDim() {
    return featureDim;
  }

  /** Output dimension. */
  public int outDim() {
    return outDim;
  }

  /** The manager holding the parameters. */
  public NDManager manager() {
    return manager;
  }

  /** Weight and bias. */
  public List<Parameter> trainableParameters() {
    return Params.trainable(linear);
  }

  /** Embeddings (N, outDim) of face and body features (N, D) each, zeros for missing parts. */
  public NDArray embed(NDArray faces, NDArray bodies) {
    NDArray f = linear.forward(store, new NDList(faces), true).singletonOrThrow();
    NDArray b = linear.forward(store, new NDList(bodies), true).singletonOrThrow();
    return ReidNetwork.l2Normalize(f.add(b));
  }

  /** Embeddings of instances, in order, computed in batches of 1024. */
  public float[][] embed(List<FineTuneData.Instance> instances) {
    org.comicreid.learning.training.GradMode.offForThisThread();
    float[][] out = new float[instances.size()][];
    for (int start = 0; start < instances.size(); start += 1024) {
      int end = Math.min(instances.size(), start + 1024);
      try (NDManager tmp = manager.newSubManager()) {
        NDArray[] parts = features(tmp, instances.subList(start, end), featureDim);
        float[] all = embed(parts[0], parts[1]).toFloatArray();
        for (int i = start; i < end; i++) {
          out[i] = new float[outDim];
          System.arraycopy(all, (i - start) * outDim, out[i], 0, outDim);
        }
      }
    }
    return out;
  }

  /** Embeddings of every instance of {@code data}. */
  public float[][] embed(FineTuneData data) {
    return embed(data.instances());
  }

  /** (N, D) face and body arrays with zero rows for missing parts. */
  static NDArray[] features(NDManager m, List<FineTuneData.Instance> instances, int d) {
    float[] face = new float[instances.size() * d];
    float[] body = new float[instances.size() * d];
    for (int i = 0; i < instances.size(); i++) {
      FineTuneData.Instance in = instances.get(i);
      if (in.face() != null) {
        System.arraycopy(in.face(), 0, face, i * d, d);
      }
      if (in.body() != null) {
        System.arraycopy(in.body(), 0, body, i * d, d);
      }
    }
    Shape shape = new Shape(instances.size(), d);
    return new NDArray[] {m.create(face, shape), m.create(body, shape)};
  }

  /** Writes the parameters. */
  public void save(DataOutputStream out) throws IOException {
    linear.saveParameters(out);
  }

  /** Reads parameters written by {@link #save} for the same dimensions. */
  public void load(DataInputStream in) throws IOException {
    try {
      linear.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("identity head parameters do not match: " + e.getMessage(), e);
    }
    for (Parameter p : Params.trainable(linear)) {
      p.getArray().setRequiresGradient(true);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
