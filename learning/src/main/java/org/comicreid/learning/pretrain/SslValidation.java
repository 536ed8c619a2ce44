package org.comicreid.learning.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.comicreid.core.random.Seeds;
import org.comicreid.learning.loss.NtXentLoss;
import org.comicreid.learning.model.PartNetworks;
import org.comicreid.learning.training.TrainingMonitor;

/**
 * Self-supervised validation of a pretraining model (paper Table 3; FACTS "Self-supervised metrics
 * (Table 3)"): per term, the NT-Xent loss, top-1, top-5 and mean position of the positive over all
 * 2B rows of a batch (both directions), averaged over the validation batches.
 *
 * <p><b>Decisions the paper does not pin down.</b>
 * <ul>
 *   <li>Batch norm runs in inference mode (running statistics), so a validation pass neither
 *       depends on nor changes the training state.
 *   <li>The views are the training augmentations (strong views for the face and body terms, weak
 *       views for the identity term) drawn from fixed streams: batch k of the validation set uses
 *       {@code SplittableRandom(derive(seed, 3, k))}, split six ways per pair as in training, so
 *       every evaluation of a run sees exactly the same views.
 *   <li>Batches are consecutive chunks of {@code batchSize} pairs of the validation list (all pairs
 *       when fewer); a last chunk of a single pair (an NT-Xent batch without negatives) joins the
 *       chunk before it.
 *   <li>The average over batches is weighted by the rows of each batch (Lightning's epoch-level
 *       mean of a logged value weights by batch size); with full batches it is the plain mean.
 *   <li>Every term the model can compute is reported, trained or not: face when it sees faces,
 *       body when it sees bodies, identity (weak face through the face network against weak body
 *       through the body network) whenever it has both parts. {@code ssl_val.loss}, the
 *       model-selection loss, is the sum of the losses of the variant's trained terms only.
 * </ul>
 */
final class SslValidation {

  /** Prefix of the validation metric keys. */
  static final String PREFIX = "ssl_val.";

  /** The metric names per term, in report order. */
  static final List<String> METRICS = List.of("loss", "top1", "top5", "mean_position");

  private final PretrainSettings s;
  private final PartNetworks nets;
  private final List<List<CropPair>> batches;
  private final NtXentLoss loss;

  /** One term's embeddings of one batch: row i of {@code a} and of {@code b} are a positive pair. */
  record TermViews(SslTerm term, NDArray a, NDArray b) {}

  /**
   * @param pairs the validation pairs in their fixed order (at least 2)
   */
  SslValidation(PretrainSettings s, PartNetworks nets, List<CropPair> pairs) {
    if (pairs.size() < 2) {
      throw new IllegalArgumentException("validation needs at least 2 pairs, got " + pairs.size());
    }
    this.s = s;
    this.nets = nets;
    this.batches = batches(pairs, s.batchSize());
    this.loss = new NtXentLoss(s.temperature());
  }

  /** Consecutive chunks of {@code batchSize}; a last chunk of one pair joins the one before. */
  static <T> List<List<T>> batches(List<T> items, int batchSize) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < items.size(); from += batchSize) {
      out.add(new ArrayList<>(items.subList(from, Math.min(items.size(), from + batchSize))));
    }
    if (out.size() > 1 && out.get(out.size() - 1).size() == 1) {
      List<T> last = out.remove(out.size() - 1);
      out.get(out.size() - 1).addAll(last);
    }
    return out;
  }

  /** The validation metrics of the networks as they are now (see the class comment for keys). */
  Map<String, Double> evaluate() {
    return evaluate(TrainingMonitor.none());
  }

  /** As {@link #evaluate()}, telling {@code monitor} after each batch. */
  Map<String, Double> evaluate(TrainingMonitor monitor) {
    Set<SslTerm> terms = s.variant().validationTerms();
    Map<SslTerm, double[]> sums = new EnumMap<>(SslTerm.class);
    for (int k = 0; k < batches.size(); k++) {
      PretrainStep.Views v = PretrainStep.views(batches.get(k),
          new SplittableRandom(Seeds.derive(s.seed(), 3, k)), terms, s.augmentations());
      try (NDManager tmp = nets.face().manager().newSubManager()) {
        Map<SslTerm, NDArray[]> z =
            PretrainStep.embed(nets, v, s.faceSize(), s.bodySize(), tmp, false);
        List<TermViews> views = new ArrayList<>();
        z.forEach((t, ab) -> views.add(new TermViews(t, ab[0], ab[1])));
        accumulate(loss, views, sums);
      }
      monitor.onValidationBatch(k + 1, batches.size());
    }
    return finish(s.variant(), sums);
  }

  /**
   * The metrics of already embedded batches (the scoring half of {@link #evaluate}, for tests):
   * every view is one term of one batch.
   */
  static Map<String, Double> score(NtXentLoss loss, PretrainVariant variant,
      List<TermViews> views) {
    Map<SslTerm, double[]> sums = new EnumMap<>(SslTerm.class);
    accumulate(loss, views, sums);
    return finish(variant, sums);
  }

  /** Adds rows·metric for loss, top1, top5, mean position, and the rows, per term. */
  private static void accumulate(NtXentLoss loss, List<TermViews> views,
      Map<SslTerm, double[]> sums) {
    for (TermViews v : views) {
      NtXentLoss.Result r = loss.compute(v.a(), v.b());
      double rows = 2.0 * v.a().getShape().get(0);
      double[] acc = sums.computeIfAbsent(v.term(), t -> new double[5]);
      acc[0] += rows * r.loss().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
      acc[1] += rows * r.top1();
      acc[2] += rows * r.top5();
      acc[3] += rows * r.meanPosition();
      acc[4] += rows;
    }
  }

  private static Map<String, Double> finish(PretrainVariant variant, Map<SslTerm, double[]> sums) {
    Map<String, Double> out = new LinkedHashMap<>();
    double selection = 0;
    for (Map.Entry<SslTerm, double[]> e : sums.entrySet()) {
      double[] acc = e.getValue();
      for (int i = 0; i < METRICS.size(); i++) {
        out.put(PREFIX + e.getKey().key() + "." + METRICS.get(i), acc[i] / acc[4]);
      }
      if (variant.trains(e.getKey())) {
        selection += acc[0] / acc[4];
      }
    }
    out.put(PREFIX + "loss", selection);
    return out;
  }
}
