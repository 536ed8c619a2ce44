package org.comicreid.learning.finetune;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.training.GradMode;
import org.comicreid.learning.training.Params;

/**
 * The trainable identity head on frozen features: one linear layer, a face–body fusion ({@link
 * HeadFusion}), padding of missing parts ({@link Padding}) and L2 normalisation. Every fusion
 * gives {@code outDim}-dimensional embeddings.
 *
 * <p><b>Missing parts.</b> A missing part's <em>feature</em> (D-vector) is replaced by the padding
 * (zeros, or the part's learned vector) and then goes through the linear layer like a present
 * one. With zero padding and {@code sum} fusion the embedding is L2(W·(face + body) + 2b) for every
 * instance, so single-part and two-part instances live in the same affine space.
 *
 * <p><b>Parameters</b> (the order of {@link #trainableParameters()}, of the optimiser state and
 * of {@link #save}): the linear weight and bias (D→outDim, or 2D→outDim for {@code concat};
 * PyTorch's {@code nn.Linear} initialisation from the seed), then the fusion parameter
 * ({@code weighted_sum}: outDim×2, {@code coefficient_sum}: 2; both start at zero, i.e. equal
 * weights 0.5/0.5, so the untrained head points where {@code sum} points), then the face and the
 * body padding vectors ({@code trainable} only; both start at zero). All of them are trained by
 * the same AdamW, with the same decoupled weight decay (which pulls the fusion logits towards equal
 * weights and the padding towards zero), and clipped together (a choice: the paper does not say).
 */
public final class IdentityHead implements AutoCloseable {

  private final NDManager manager;
  private final Linear linear;
  private final ParameterStore store;
  private final int featureDim;
  private final int outDim;
  private final HeadFusion fusion;
  private final Padding padding;
  private final Parameter fusionParam;
  private final Parameter facePad;
  private final Parameter bodyPad;

  private IdentityHead(NDManager parent, int featureDim, int outDim, HeadFusion fusion,
      Padding padding, long seed) {
    if (featureDim < 1 || outDim < 1) {
      throw new IllegalArgumentException("identity head needs positive dimensions, got featureDim "
          + featureDim + ", finetune.out_dim " + outDim);
    }
    this.manager = parent.newSubManager();
    this.featureDim = featureDim;
    this.outDim = outDim;
    this.fusion = fusion;
    this.padding = padding;
    linear = Linear.builder().setUnits(outDim).build();
    int in = fusion == HeadFusion.CONCAT ? 2 * featureDim : featureDim;
    linear.initialize(manager, DataType.FLOAT32, new Shape(1, in));
    Params.initialize(linear, seed);
    store = new ParameterStore(manager, false);
    fusionParam = switch (fusion) {
      case WEIGHTED_SUM -> zeros("fusion_weights", new Shape(outDim, 2));
      case COEFFICIENT_SUM -> zeros("fusion_coefficients", new Shape(2));
      default -> null;
    };
    facePad = padding == Padding.TRAINABLE ? zeros("face_padding", new Shape(featureDim)) : null;
    bodyPad = padding == Padding.TRAINABLE ? zeros("body_padding", new Shape(featureDim)) : null;
  }

  private Parameter zeros(String name, Shape shape) {
    NDArray a = manager.zeros(shape, DataType.FLOAT32);
    a.setRequiresGradient(true);
    return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optArray(a).build();
  }

  /**
   * A head initialised from {@code seed} (see the class comment).
   *
   * @param featureDim D, the length of the frozen features
   * @param outDim the embedding dimension ({@code finetune.out_dim})
   */
  public static IdentityHead create(int featureDim, int outDim, HeadFusion fusion, Padding padding,
      NDManager parent, long seed) {
    return new IdentityHead(parent, featureDim, outDim, fusion, padding, seed);
  }

  /** A {@code sum}-fusion, zero-padding head (the paper's). */
  public static IdentityHead create(int featureDim, int outDim, NDManager parent, long seed) {
    return create(featureDim, outDim, HeadFusion.SUM, Padding.ZERO, parent, seed);
  }

  /** D. */
  public int featureDim() {
    return featureDim;
  }

  /** Output dimension. */
  public int outDim() {
    return outDim;
  }

  /** The fusion. */
  public HeadFusion fusion() {
    return fusion;
  }

  /** The padding of missing parts. */
  public Padding padding() {
    return padding;
  }

  /** The manager holding the parameters. */
  public NDManager manager() {
    return manager;
  }

  /** Every trainable parameter, in the order of the class comment. */
  public List<Parameter> trainableParameters() {
    List<Parameter> out = new ArrayList<>(Params.trainable(linear));
    extras().forEach(out::add);
    return out;
  }

  private List<Parameter> extras() {
    List<Parameter> out = new ArrayList<>();
    for (Parameter p : new Parameter[] {fusionParam, facePad, bodyPad}) {
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  /** The linear layer's weight (outDim × input) and bias. */
  public List<Parameter> linearParameters() {
    return Params.trainable(linear);
  }

  /** The fusion parameter ({@code weighted_sum}: outDim×2; {@code coefficient_sum}: 2). */
  public Optional<Parameter> fusionParameter() {
    return Optional.ofNullable(fusionParam);
  }

  /** The learned padding of a missing face ({@code trainable} padding only). */
  public Optional<Parameter> facePadding() {
    return Optional.ofNullable(facePad);
  }

  /** The learned padding of a missing body ({@code trainable} padding only). */
  public Optional<Parameter> bodyPadding() {
    return Optional.ofNullable(bodyPad);
  }

  /**
   * Embeddings (N, outDim) of face and body features (N, D) each, with zero rows for missing
   * parts, and (N, 1) indicators (1 = the part is missing) that select the padding.
   */
  public NDArray embed(NDArray faces, NDArray bodies, NDArray faceMissing, NDArray bodyMissing) {
    NDArray f = faces;
    NDArray b = bodies;
    if (padding == Padding.TRAINABLE) {
      // always through the graph (also when nothing is missing), so every parameter has a gradient
      f = f.add(faceMissing.mul(facePad.getArray()));
      b = b.add(bodyMissing.mul(bodyPad.getArray()));
    }
    NDArray e;
    if (fusion == HeadFusion.CONCAT) {
      e = linear.forward(store, new NDList(f.concat(b, 1)), true).singletonOrThrow();
    } else {
      NDArray hf = linear.forward(store, new NDList(f), true).singletonOrThrow();
      NDArray hb = linear.forward(store, new NDList(b), true).singletonOrThrow();
      e = switch (fusion) {
        case SUM -> hf.add(hb);
        case WEIGHTED_SUM -> {
          NDArray w = fusionParam.getArray().softmax(1);
          yield hf.mul(w.get(new NDIndex(":, 0"))).add(hb.mul(w.get(new NDIndex(":, 1"))));
        }
        case COEFFICIENT_SUM -> {
          NDArray c = fusionParam.getArray().softmax(0);
          yield hf.mul(c.get(0)).add(hb.mul(c.get(1)));
        }
        default -> throw new IllegalStateException(fusion.toString());
      };
    }
    return ReidNetwork.l2Normalize(e);
  }

  /** Embeddings (N, outDim) of instances, built in {@code m} (part of the graph while recording). */
  public NDArray embed(NDManager m, List<FineTuneData.Instance> instances) {
    NDArray[] parts = features(m, instances, featureDim);
    return embed(parts[0], parts[1], parts[2], parts[3]);
  }

  /** Embeddings of instances, in order, computed in batches of 1024. */
  public float[][] embed(List<FineTuneData.Instance> instances) {
    GradMode.offForThisThread();
    float[][] out = new float[instances.size()][];
    for (int start = 0; start < instances.size(); start += 1024) {
      int end = Math.min(instances.size(), start + 1024);
      try (NDManager tmp = manager.newSubManager()) {
        float[] all = embed(tmp, instances.subList(start, end)).toFloatArray();
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

  /**
   * (N, D) face and body arrays with zero rows for missing parts, and (N, 1) face-missing and
   * body-missing indicators.
   */
  static NDArray[] features(NDManager m, List<FineTuneData.Instance> instances, int d) {
    int n = instances.size();
    float[] face = new float[n * d];
    float[] body = new float[n * d];
    float[] noFace = new float[n];
    float[] noBody = new float[n];
    for (int i = 0; i < n; i++) {
      FineTuneData.Instance in = instances.get(i);
      if (in.face() != null) {
        System.arraycopy(in.face(), 0, face, i * d, d);
      } else {
        noFace[i] = 1f;
      }
      if (in.body() != null) {
        System.arraycopy(in.body(), 0, body, i * d, d);
      } else {
        noBody[i] = 1f;
      }
    }
    Shape shape = new Shape(n, d);
    return new NDArray[] {m.create(face, shape), m.create(body, shape),
        m.create(noFace, new Shape(n, 1)), m.create(noBody, new Shape(n, 1))};
  }

  /** Writes the parameters (linear layer, then fusion and padding parameters). */
  public void save(DataOutputStream out) throws IOException {
    linear.saveParameters(out);
    for (Parameter p : extras()) {
      p.save(out);
    }
  }

  /** Reads parameters written by {@link #save} for a head of the same kind and dimensions. */
  public void load(DataInputStream in) throws IOException {
    try {
      linear.loadParameters(manager, in);
      for (Parameter p : extras()) {
        Shape expected = p.getArray().getShape();
        p.load(manager, in);
        if (!p.getArray().getShape().equals(expected)) {
          throw new IOException("identity head parameter " + p.getName() + " has shape "
              + p.getArray().getShape() + ", expected " + expected);
        }
      }
    } catch (MalformedModelException e) {
      throw new IOException("identity head parameters do not match: " + e.getMessage(), e);
    }
    for (Parameter p : trainableParameters()) {
      p.getArray().setRequiresGradient(true);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
