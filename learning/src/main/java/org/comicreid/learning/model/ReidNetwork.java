package org.comicreid.learning.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.comicreid.learning.training.Params;

/**
 * The backbone shared by faces and bodies, plus the SimCLRv2-style projection head:
 * Linear(D→D), BN, ReLU, Linear(D→D), BN, ReLU ("middle", the fine-tuning cut), then
 * Linear(D→128), BN and L2 normalisation.
 *
 * <p>The network owns a sub-manager of the manager it was created with; close it when done.
 * Forward results are attached to the manager of the input array, so callers run each step in a
 * temporary manager.
 */
public final class ReidNetwork implements AutoCloseable {

  /** Output dimension of the projection head. */
  public static final int PROJECTION_DIM = 128;

  private final BackboneSpec spec;
  private final NDManager manager;
  private final SequentialBlock backbone;
  private final SequentialBlock middle;
  private final SequentialBlock last;
  private final SequentialBlock root;
  private final ParameterStore store;

  /** All three outputs of one forward pass. */
  public record Outputs(NDArray features, NDArray middle, NDArray head) {}

  private ReidNetwork(BackboneSpec spec, NDManager parent, long initSeed) {
    this.spec = spec;
    this.manager = parent.newSubManager();
    int d = spec.featureDim();
    backbone = ResNets.backbone(spec);
    middle = new SequentialBlock()
        .add(Linear.builder().setUnits(d).build()).add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(d).build()).add(BatchNorm.builder().build())
        .add(Activation.reluBlock());
    last = new SequentialBlock()
        .add(Linear.builder().setUnits(PROJECTION_DIM).build()).add(BatchNorm.builder().build());
    root = new SequentialBlock().add(backbone).add(middle).add(last);
    int side = spec.smallInput() ? 16 : 64;
    root.initialize(manager, DataType.FLOAT32, new Shape(2, 3, side, side));
    Params.initialize(root, initSeed);
    store = new ParameterStore(manager, false);
  }

  /** A freshly initialised network (seeded, engine-independent initialisation). */
  public static ReidNetwork create(BackboneSpec spec, NDManager parent, long initSeed) {
    return new ReidNetwork(spec, parent, initSeed);
  }

  /** The backbone description. */
  public BackboneSpec spec() {
    return spec;
  }

  /** Backbone feature dimension D (also the middle dimension). */
  public int featureDim() {
    return spec.featureDim();
  }

  /** The whole network as one block (backbone, middle, last), for parameter listing and saving. */
  public SequentialBlock block() {
    return root;
  }

  /** The manager that holds the parameters. */
  public NDManager manager() {
    return manager;
  }

  /** Parameters that receive gradients. */
  public List<Parameter> trainableParameters() {
    return Params.trainable(root);
  }

  /** Backbone features (N, D) of images (N, 3, S, S). */
  public NDArray features(NDArray images, boolean training) {
    return backbone.forward(store, new NDList(images), training).singletonOrThrow();
  }

  /** Middle features (N, D): the head up to its second ReLU. */
  public NDArray middle(NDArray features, boolean training) {
    return middle.forward(store, new NDList(features), training).singletonOrThrow();
  }

  /** Head output (N, 128), L2-normalised, from middle features. */
  public NDArray project(NDArray middleFeatures, boolean training) {
    NDArray z = last.forward(store, new NDList(middleFeatures), training).singletonOrThrow();
    return l2Normalize(z);
  }

  /** Features, middle features and normalised head output of images (N, 3, S, S). */
  public Outputs forward(NDArray images, boolean training) {
    NDArray f = features(images, training);
    NDArray m = middle(f, training);
    return new Outputs(f, m, project(m, training));
  }

  /** Rows divided by max(‖row‖, 1e-12), as {@code torch.nn.functional.normalize}. */
  public static NDArray l2Normalize(NDArray x) {
    NDArray norm = x.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f);
    return x.div(norm);
  }

  /** Writes all parameters (including batch-norm running statistics). */
  public void save(DataOutputStream out) throws IOException {
    root.saveParameters(out);
  }

  /** Reads parameters written by {@link #save} for the same spec. */
  public void load(DataInputStream in) throws IOException {
    try {
      root.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("parameters do not match backbone " + spec + ": " + e.getMessage(), e);
    }
    // loading replaces the arrays; trainable ones must collect gradients again
    for (Parameter p : Params.trainable(root)) {
      p.getArray().setRequiresGradient(true);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
