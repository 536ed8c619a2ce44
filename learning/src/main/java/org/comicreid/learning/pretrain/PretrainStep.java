package org.comicreid.learning.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.comicreid.learning.augment.PretrainAugmentations;
import org.comicreid.learning.augment.Batches;
import org.comicreid.learning.loss.NtXentLoss;
import org.comicreid.learning.model.PartNetworks;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.optim.AdamWOptimizer;
import org.comicreid.learning.optim.GradientClipping;

/**
 * One optimiser step of pretraining on a batch of pairs (shared by the trainer and the speed probe).
 *
 * <p>Every pair draws six independent streams from the step's random source, in this order:
 * strong face 1, strong face 2, strong body 1, strong body 2, weak face, weak body (drawn even when
 * a term is off, so the streams do not depend on the variant). Only the views of the variant's
 * trained terms are made. All face views of the step go through the face network in one forward
 * pass (and all body views through the body network in another), so batch-norm statistics are
 * computed over the step's faces and over its bodies.
 *
 * <p>The loss is the sum of the trained terms; one backward pass gives each network the gradient
 * of its own terms (for {@code separate}, the face network's gradient is that of the face term
 * alone and the body network's that of the body term alone). Gradient clipping is applied per
 * distinct network (separate self-supervision processes each clip their own gradients); one AdamW
 * over the parameters of both networks is, because AdamW keeps its state per parameter and both
 * networks step together, the same as one AdamW per network.
 */
final class PretrainStep {

  private final PretrainSettings s;
  private final PartNetworks nets;
  private final AdamWOptimizer optimizer;
  private final NtXentLoss loss;

  /** Loss value, clip norm and Table-3 metrics (averaged over the trained terms) of one step. */
  record Outcome(double loss, double gradNorm, double top1, double top5, double meanPosition) {}

  /** The augmented views of one batch for some terms (empty lists for the others). */
  record Views(List<float[]> face1, List<float[]> face2, List<float[]> body1,
      List<float[]> body2, List<float[]> weakFace, List<float[]> weakBody) {}


  /** A step of a shared-backbone variant on {@code net}. */
  PretrainStep(PretrainSettings s, ReidNetwork net, AdamWOptimizer optimizer) {
    this(s, PartNetworks.shared(net), optimizer);
  }

  /** A step on the variant's networks. */
  PretrainStep(PretrainSettings s, PartNetworks nets, AdamWOptimizer optimizer) {
    if (s.variant().separateNetworks() != nets.separate()) {
      throw new IllegalArgumentException("variant " + s.variant().key() + " does not match "
          + (nets.separate() ? "separate" : "shared") + " networks");
    }
    this.s = s;
    this.nets = nets;
    this.optimizer = optimizer;
    this.loss = new NtXentLoss(s.temperature());
  }

  /**
   * The views of {@code batch} needed by {@code terms}: six streams split per pair from
   * {@code random} in the order of the class comment.
   */
  static Views views(List<CropPair> batch, SplittableRandom random, Set<SslTerm> terms,
      PretrainAugmentations aug) {
    List<float[]> f1 = new ArrayList<>();
    List<float[]> f2 = new ArrayList<>();
    List<float[]> b1 = new ArrayList<>();
    List<float[]> b2 = new ArrayList<>();
    List<float[]> wf = new ArrayList<>();
    List<float[]> wb = new ArrayList<>();
    for (CropPair p : batch) {
      SplittableRandom[] r = new SplittableRandom[6];
      for (int k = 0; k < 6; k++) {
        r[k] = random.split();
      }
      if (terms.contains(SslTerm.FACE)) {
        f1.add(aug.strongFace().apply(p.face(), r[0]));
        f2.add(aug.strongFace().apply(p.face(), r[1]));
      }
      if (terms.contains(SslTerm.BODY)) {
        b1.add(aug.strongBody().apply(p.body(), r[2]));
        b2.add(aug.strongBody().apply(p.body(), r[3]));
      }
      if (terms.contains(SslTerm.IDENTITY)) {
        wf.add(aug.weakFace().apply(p.face(), r[4]));
        wb.add(aug.weakBody().apply(p.body(), r[5]));
      }
    }
    return new Views(f1, f2, b1, b2, wf, wb);
  }

  /**
   * Head outputs of {@code views} per term, from one face forward pass (face views, then weak
   * faces) and one body forward pass, in {@code tmp}: for each term, the two (B, 128) view blocks
   * whose row i are a positive pair.
   */
  static Map<SslTerm, NDArray[]> embed(PartNetworks nets, Views v, int faceSize, int bodySize,
      NDManager tmp, boolean training) {
    int b = Math.max(Math.max(v.face1().size(), v.body1().size()), v.weakFace().size());
    List<float[]> faces = new ArrayList<>(v.face1());
    faces.addAll(v.face2());
    faces.addAll(v.weakFace());
    List<float[]> bodies = new ArrayList<>(v.body1());
    bodies.addAll(v.body2());
    bodies.addAll(v.weakBody());
    NDArray zf = faces.isEmpty() ? null
        : nets.face().forward(Batches.stack(tmp, faces, faceSize), training).head();
    NDArray zb = bodies.isEmpty() ? null
        : nets.body().forward(Batches.stack(tmp, bodies, bodySize), training).head();
    Map<SslTerm, NDArray[]> out = new EnumMap<>(SslTerm.class);
    int fo = 0;
    int bo = 0;
    if (!v.face1().isEmpty()) {
      out.put(SslTerm.FACE, new NDArray[] {zf.get(slice(0, b)), zf.get(slice(b, 2 * b))});
      fo = 2 * b;
    }
    if (!v.body1().isEmpty()) {
      out.put(SslTerm.BODY, new NDArray[] {zb.get(slice(0, b)), zb.get(slice(b, 2 * b))});
      bo = 2 * b;
    }
    if (!v.weakFace().isEmpty()) {
      out.put(SslTerm.IDENTITY,
          new NDArray[] {zf.get(slice(fo, fo + b)), zb.get(slice(bo, bo + b))});
    }
    return out;
  }

  Outcome run(List<CropPair> batch, SplittableRandom random, double lr) {
    return train(views(batch, random, s.variant().trainedTerms(), s.augmentations()), lr);
  }

  /**
   * The step on prepared views (the trainer's augmented ones, or the speed probe's): one forward
   * pass per network, the variant's NT-Xent terms, backward, clipping and AdamW.
   */
  Outcome train(Views v, double lr) {
    try (NDManager tmp = nets.face().manager().newSubManager()) {
      double value;
      double top1 = 0;
      double top5 = 0;
      double meanPos = 0;
      int terms = 0;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray total = null;
        for (NDArray[] pair : embed(nets, v, s.faceSize(), s.bodySize(), tmp, true).values()) {
          NtXentLoss.Result r = loss.compute(pair[0], pair[1]);
          total = total == null ? r.loss() : total.add(r.loss());
          top1 += r.top1();
          top5 += r.top5();
          meanPos += r.meanPosition();
          terms++;
        }
        gc.backward(total);
        value = total.getFloat();
      }
      double norm = Double.NaN;
      if (s.gradClip() > 0) {
        double sq = 0;
        for (ReidNetwork n : nets.distinct()) {
          double part = GradientClipping.clipGlobalNorm(n.trainableParameters(), s.gradClip());
          sq += part * part;
        }
        norm = Math.sqrt(sq);
      }
      optimizer.step(lr);
      return new Outcome(value, norm, top1 / terms, top5 / terms, meanPos / terms);
    }
  }

  private static String slice(int from, int to) {
    return from + ":" + to;
  }
}
