package org.comicreid.learning.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.comicreid.learning.augment.Augmentation;
import org.comicreid.learning.augment.Batches;
import org.comicreid.learning.augment.StrongAugment;
import org.comicreid.learning.augment.WeakAugment;
import org.comicreid.learning.loss.NtXentLoss;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.optim.AdamWOptimizer;
import org.comicreid.learning.optim.GradientClipping;

/**
 * One optimiser step of pretraining on a batch of pairs (shared by the trainer and the speed probe).
 *
 * <p>Every pair draws six independent streams from the step's random source, in this order:
 * strong face 1, strong face 2, strong body 1, strong body 2, weak face, weak body (drawn even when
 * a term is off, so the streams do not depend on the ablation). All face views of the step go
 * through the network in one forward pass (and all body views in another), so batch-norm statistics
 * are computed over the step's faces and over its bodies.
 */
final class PretrainStep {

  private final PretrainSettings s;
  private final ReidNetwork net;
  private final AdamWOptimizer optimizer;
  private final NtXentLoss loss;
  private final Augmentation strongFace = StrongAugment.faces();
  private final Augmentation strongBody = StrongAugment.bodies();
  private final Augmentation weakFace = WeakAugment.faces();
  private final Augmentation weakBody = WeakAugment.bodies();

  /** Loss value, clip norm and Table-3 metrics (averaged over the active terms) of one step. */
  record Outcome(double loss, double gradNorm, double top1, double top5, double meanPosition) {}

  PretrainStep(PretrainSettings s, ReidNetwork net, AdamWOptimizer optimizer) {
    this.s = s;
    this.net = net;
    this.optimizer = optimizer;
    this.loss = new NtXentLoss(s.temperature());
  }

  Outcome run(List<CropPair> batch, SplittableRandom random, double lr) {
    int b = batch.size();
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
      if (s.faceTerm()) {
        f1.add(strongFace.apply(p.face(), r[0]));
        f2.add(strongFace.apply(p.face(), r[1]));
      }
      if (s.bodyTerm()) {
        b1.add(strongBody.apply(p.body(), r[2]));
        b2.add(strongBody.apply(p.body(), r[3]));
      }
      if (s.identityTerm()) {
        wf.add(weakFace.apply(p.face(), r[4]));
        wb.add(weakBody.apply(p.body(), r[5]));
      }
    }
    List<float[]> faces = new ArrayList<>(f1);
    faces.addAll(f2);
    faces.addAll(wf);
    List<float[]> bodies = new ArrayList<>(b1);
    bodies.addAll(b2);
    bodies.addAll(wb);
    try (NDManager tmp = net.manager().newSubManager()) {
      double value;
      double top1 = 0;
      double top5 = 0;
      double meanPos = 0;
      int terms = 0;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray zf = faces.isEmpty() ? null
            : net.forward(Batches.stack(tmp, faces, s.faceSize()), true).head();
        NDArray zb = bodies.isEmpty() ? null
            : net.forward(Batches.stack(tmp, bodies, s.bodySize()), true).head();
        NDArray total = null;
        int fo = 0;
        int bo = 0;
        List<NtXentLoss.Result> results = new ArrayList<>();
        if (s.faceTerm()) {
          results.add(loss.compute(zf.get(slice(0, b)), zf.get(slice(b, 2 * b))));
          fo = 2 * b;
        }
        if (s.bodyTerm()) {
          results.add(loss.compute(zb.get(slice(0, b)), zb.get(slice(b, 2 * b))));
          bo = 2 * b;
        }
        if (s.identityTerm()) {
          results.add(loss.compute(zf.get(slice(fo, fo + b)), zb.get(slice(bo, bo + b))));
        }
        for (NtXentLoss.Result r : results) {
          total = total == null ? r.loss() : total.add(r.loss());
          top1 += r.top1();
          top5 += r.top5();
          meanPos += r.meanPosition();
          terms++;
        }
        gc.backward(total);
        value = total.getFloat();
      }
      double norm = s.gradClip() > 0
          ? GradientClipping.clipGlobalNorm(net.trainableParameters(), s.gradClip())
          : Double.NaN;
      optimizer.step(lr);
      return new Outcome(value, norm, top1 / terms, top5 / terms, meanPos / terms);
    }
  }

  private static String slice(int from, int to) {
    return from + ":" + to;
  }
}
