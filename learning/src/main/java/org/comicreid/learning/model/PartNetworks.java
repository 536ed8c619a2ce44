package org.comicreid.learning.model;

import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The network that encodes faces and the network that encodes bodies: the same {@link
 * ReidNetwork} for a shared backbone, two for separate backbones (the "Separate" model). Saving
 * writes the face network's parameters, then (when separate) the body network's; loading reads the
 * same order. Closing closes each distinct network once.
 */
public final class PartNetworks implements AutoCloseable {

  private final ReidNetwork face;
  private final ReidNetwork body;

  private PartNetworks(ReidNetwork face, ReidNetwork body) {
    this.face = Objects.requireNonNull(face, "face");
    this.body = Objects.requireNonNull(body, "body");
  }

  /** One network for both parts. */
  public static PartNetworks shared(ReidNetwork net) {
    return new PartNetworks(net, net);
  }

  /** Two distinct networks of the same backbone spec. */
  public static PartNetworks separate(ReidNetwork face, ReidNetwork body) {
    if (face == body) {
      throw new IllegalArgumentException("separate networks must be two distinct networks");
    }
    if (!face.spec().equals(body.spec())) {
      throw new IllegalArgumentException("face backbone " + face.spec() + " differs from body backbone "
          + body.spec());
    }
    return new PartNetworks(face, body);
  }

  /** The network that encodes faces. */
  public ReidNetwork face() {
    return face;
  }

  /** The network that encodes bodies. */
  public ReidNetwork body() {
    return body;
  }

  /** Whether faces and bodies have their own networks. */
  public boolean separate() {
    return face != body;
  }

  /** The distinct networks: the shared one, or the face then the body network. */
  public List<ReidNetwork> distinct() {
    return separate() ? List.of(face, body) : List.of(face);
  }

  /** The backbone spec (the same for both parts). */
  public BackboneSpec spec() {
    return face.spec();
  }

  /** Trainable parameters of the distinct networks, face network first. */
  public List<Parameter> trainableParameters() {
    List<Parameter> out = new ArrayList<>();
    for (ReidNetwork n : distinct()) {
      out.addAll(n.trainableParameters());
    }
    return out;
  }

  /** Writes every distinct network's parameters, face network first. */
  public void save(DataOutputStream out) throws IOException {
    for (ReidNetwork n : distinct()) {
      n.save(out);
    }
  }

  /** Reads what {@link #save} wrote for networks of the same layout. */
  public void load(DataInputStream in) throws IOException {
    for (ReidNetwork n : distinct()) {
      n.load(in);
    }
  }

  @Override
  public void close() {
    for (ReidNetwork n : distinct()) {
      n.close();
    }
  }
}
