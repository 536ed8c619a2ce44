package org.comicreid.learning.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.ToDoubleFunction;
import org.comicreid.learning.checkpoint.Checkpoint;
import org.comicreid.learning.checkpoint.Checkpoints;
import org.comicreid.learning.loss.Objective;
import org.comicreid.learning.optim.AdamWOptimizer;
import org.comicreid.learning.optim.ExponentialSchedule;
import org.comicreid.learning.optim.GradientClipping;
import org.comicreid.core.random.Seeds;
import org.comicreid.learning.training.TrainingMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes an {@link IdentityHead} on frozen features with an {@link Objective} (loss and miner)
 * applied inside mining groups (meta-mining), AdamW, ExponentialLR per epoch, global-norm clipping
 * and early stopping on a validation score (higher is better, e.g. MAP@R).
 *
 * <p><b>Epoch.</b> The series that own mining groups (sorted by name) are shuffled with
 * {@code Random(derive(seed, 1, epoch))} and cut into batches of {@code seriesPerBatch} (the last
 * batch may be smaller). In a batch, each mining group of its series becomes one group of rows.
 * With {@code mixSeries}, each group first gets one random instance (drawn with {@code
 * Random(derive(seed, 3, epoch, batch))}) from every other series of the batch. The rows of the
 * batch are the distinct instances of its groups in order of first appearance; with {@code maskP >
 * 0} they are masked by {@link RandomMasking} with {@code Random(derive(seed, 4, epoch, batch))}
 * (one decision per distinct instance and batch). The head embeds the rows and the objective gets
 * the embeddings, the rows' identity labels and the groups (row indexes, duplicates removed). A
 * batch for which the objective finds no tuple is skipped (no optimiser step).
 *
 * <p><b>Model selection.</b> After each epoch the validation instances are embedded (never
 * masked) and scored; a strictly better (finite) score is kept in {@code best.ckpt}; training
 * stops once {@code patience} epochs in a row brought no improvement (Lightning's EarlyStopping,
 * mode max).
 *
 * <p><b>Resuming.</b> Checkpoints ({@code step-*.ckpt}) hold the head (linear layer, fusion
 * parameters, padding vectors), the AdamW state, the position of the next batch, the best score,
 * its epoch, the epochs without improvement and the running loss of the epoch. As batches,
 * mix-series draws and masks depend only on (seed, epoch, batch), a resumed run continues exactly
 * as the uninterrupted one, from an epoch end or (with {@code checkpointEvery} or a cancellation)
 * from inside an epoch.
 */
public final class FineTuneTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(FineTuneTrainer.class);

  /** Checkpoint kind of resumable fine-tuning checkpoints. */
  public static final String KIND = "finetune";

  /** Checkpoint kind of the best head. */
  public static final String BEST_KIND = "finetune-best";

  /** File name of the best head in the checkpoint directory. */
  public static final String BEST_FILE = "best.ckpt";

  private FineTuneTrainer() {}

  private record State(int epoch, int batch, long global, double best, int bestEpoch, int bad,
      double lossSum, long lossCount) {}

  /**
   * Trains (or resumes) with the objective of {@code s.objective()}; see the class comment.
   *
   * @param validate the validation score of the validation instances' embeddings (in order)
   * @param checkpointDir where {@code step-*.ckpt} and {@code best.ckpt} go
   * @param resumeFrom a resumable checkpoint of the same settings, or empty to start afresh
   */
  public static FineTuneResult train(FineTuneSettings s, FineTuneData train,
      ToDoubleFunction<float[][]> validate, FineTuneData validation, Path checkpointDir,
      Optional<Path> resumeFrom, TrainingMonitor monitor) {
    return train(s, Objective.create(s.objective()), train, validate, validation, checkpointDir,
        resumeFrom, monitor);
  }

  /**
   * Trains (or resumes) with a given objective instead of {@code s.objective()} (for custom
   * objectives and tests); see the class comment.
   */
  public static FineTuneResult train(FineTuneSettings s, Objective objective, FineTuneData train,
      ToDoubleFunction<float[][]> validate, FineTuneData validation, Path checkpointDir,
      Optional<Path> resumeFrom, TrainingMonitor monitor) {
    org.comicreid.learning.training.GradMode.offForThisThread();
    if (validation.featureDim() != train.featureDim()) {
      throw new IllegalArgumentException("validation features have dimension "
          + validation.featureDim() + ", training " + train.featureDim());
    }
    Map<String, List<MiningGroup>> groupsBySeries = new TreeMap<>();
    for (MiningGroup g : train.groups()) {
      groupsBySeries.computeIfAbsent(g.series(), k -> new ArrayList<>()).add(g);
    }
    if (groupsBySeries.isEmpty()) {
      throw new IllegalArgumentException("fine-tuning data has no mining groups");
    }
    Map<String, List<Integer>> instancesBySeries = new HashMap<>();
    for (int i = 0; i < train.instances().size(); i++) {
      instancesBySeries.computeIfAbsent(train.instances().get(i).series(), k -> new ArrayList<>())
          .add(i);
    }
    List<String> series = new ArrayList<>(groupsBySeries.keySet());
    int batchesPerEpoch = (series.size() + s.seriesPerBatch() - 1) / s.seriesPerBatch();
    long total = (long) s.epochs() * batchesPerEpoch;
    ExponentialSchedule schedule = new ExponentialSchedule(s.lr(), s.gamma());
    Path bestFile = checkpointDir.resolve(BEST_FILE);

    try (NDManager root = NDManager.newBaseManager();
        IdentityHead head = IdentityHead.create(train.featureDim(), s.outDim(), s.fusion(),
            s.padding(), root, Seeds.derive(s.seed(), 0));
        AdamWOptimizer opt = AdamWOptimizer.create(head.trainableParameters(), root, s.weightDecay())) {
      State st = new State(0, 0, 0, Double.NaN, -1, 0, 0, 0);
      if (resumeFrom.isPresent()) {
        // the header first: a checkpoint of another head kind must not be loaded into this one
        Checkpoint c = Checkpoint.readHeader(resumeFrom.get());
        if (!KIND.equals(c.kind()) || c.seed() != s.seed()
            || !attributes(train.featureDim(), s).entrySet().stream()
                .allMatch(e -> e.getValue().equals(c.attributes().get(e.getKey())))) {
          throw new IllegalArgumentException("cannot resume fine-tuning from " + resumeFrom.get()
              + " (" + c.kind() + ", seed " + c.seed() + ", " + c.attributes() + ")");
        }
        Checkpoint.read(resumeFrom.get(), head::load, opt);
        Map<String, String> a = c.attributes();
        st = new State(c.epoch(), c.stepInEpoch(), c.globalStep(), c.bestMetric(),
            Integer.parseInt(a.get("bestEpoch")), Integer.parseInt(a.get("badEpochs")),
            Double.parseDouble(a.get("lossSum")), Long.parseLong(a.get("lossCount")));
        LOG.info("fine-tuning resumes from {} at epoch {} batch {}", resumeFrom.get(), st.epoch,
            st.batch);
      }
      double finalLoss = Double.NaN;
      long lastSaved = -1;
      boolean stopped = st.bad >= s.patience();
      while (!stopped && st.epoch < s.epochs()) {
        int epoch = st.epoch;
        List<String> order = new ArrayList<>(series);
        Collections.shuffle(order, new Random(Seeds.derive(s.seed(), 1, epoch)));
        double lr = schedule.lr(epoch);
        for (int b = st.batch; b < batchesPerEpoch; b++) {
          List<String> batchSeries =
              order.subList(b * s.seriesPerBatch(), Math.min(order.size(), (b + 1) * s.seriesPerBatch()));
          Random mix = new Random(Seeds.derive(s.seed(), 3, epoch, b));
          Random mask = new Random(Seeds.derive(s.seed(), 4, epoch, b));
          double value = step(s, train, groupsBySeries, instancesBySeries, batchSeries, mix, mask,
              head, opt, objective, lr);
          long global = st.global + 1;
          double lossSum = st.lossSum;
          long lossCount = st.lossCount;
          if (!Double.isNaN(value)) {
            lossSum += value;
            lossCount++;
          }
          st = new State(epoch, b + 1, global, st.best, st.bestEpoch, st.bad, lossSum, lossCount);
          monitor.onStep(epoch, b, global, total, value, lr);
          boolean last = b + 1 == batchesPerEpoch;
          if (!last && s.checkpointEvery() > 0 && global % s.checkpointEvery() == 0) {
            save(checkpointDir, s, train.featureDim(), head, opt, st, monitor);
            lastSaved = global;
          }
          if (!last && monitor.cancelled()) {
            if (lastSaved != global) {
              save(checkpointDir, s, train.featureDim(), head, opt, st, monitor);
            }
            throw new CancellationException("fine-tuning cancelled at step " + global);
          }
        }
        finalLoss = st.lossCount == 0 ? Double.NaN : st.lossSum / st.lossCount;
        double score = validate.applyAsDouble(head.embed(validation));
        double best = st.best;
        int bestEpoch = st.bestEpoch;
        int bad = st.bad;
        if (Double.isFinite(score) && (Double.isNaN(best) || score > best)) {
          best = score;
          bestEpoch = epoch;
          bad = 0;
          new Checkpoint(BEST_KIND, epoch + 1, 0, st.global, best, s.seed(),
              attributes(train.featureDim(), s)).write(bestFile, head::save, null);
        } else {
          bad++;
        }
        LOG.info("fine-tune epoch {}: loss {} validation {} (best {} at epoch {})", epoch,
            finalLoss, score, best, bestEpoch);
        st = new State(epoch + 1, 0, st.global, best, bestEpoch, bad, 0, 0);
        save(checkpointDir, s, train.featureDim(), head, opt, st, monitor);
        lastSaved = st.global;
        stopped = bad >= s.patience();
        if (!stopped && monitor.cancelled()) {
          throw new CancellationException("fine-tuning cancelled after epoch " + epoch);
        }
      }
      if (st.bestEpoch < 0) {
        new Checkpoint(BEST_KIND, st.epoch, 0, st.global, Double.NaN, s.seed(),
            attributes(train.featureDim(), s)).write(bestFile, head::save, null);
      }
      return new FineTuneResult(bestFile, st.epoch, st.bestEpoch, st.best, finalLoss);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One batch; returns the loss, or NaN when the objective found no tuple. */
  private static double step(FineTuneSettings s, FineTuneData data,
      Map<String, List<MiningGroup>> groupsBySeries, Map<String, List<Integer>> instancesBySeries,
      List<String> batchSeries, Random mix, Random mask, IdentityHead head, AdamWOptimizer opt,
      Objective objective, double lr) {
    Map<Integer, Integer> local = new LinkedHashMap<>();
    List<int[]> groups = new ArrayList<>();
    boolean anyPair = false;
    for (String ser : batchSeries) {
      for (MiningGroup g : groupsBySeries.get(ser)) {
        Set<Integer> members = new LinkedHashSet<>();
        for (int i : g.instanceIndexes()) {
          members.add(i);
        }
        if (s.mixSeries()) {
          for (String other : batchSeries) {
            if (!other.equals(ser)) {
              List<Integer> pool = instancesBySeries.get(other);
              members.add(pool.get(mix.nextInt(pool.size())));
            }
          }
        }
        int[] rows = new int[members.size()];
        int k = 0;
        for (int i : members) {
          rows[k++] = local.computeIfAbsent(i, x -> local.size());
        }
        groups.add(rows);
        anyPair |= rows.length >= 2;
      }
    }
    if (!anyPair) {
      return Double.NaN;
    }
    List<FineTuneData.Instance> used = new ArrayList<>(local.size());
    int[] labels = new int[local.size()];
    for (int i : local.keySet()) {
      labels[used.size()] = data.instances().get(i).identity();
      used.add(data.instances().get(i));
    }
    if (s.maskP() > 0) {
      used = RandomMasking.apply(used, s.maskP(), mask);
    }
    try (NDManager tmp = head.manager().newSubManager()) {
      double value;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        Optional<NDArray> l = objective.compute(head.embed(tmp, used), labels, groups);
        if (l.isEmpty()) {
          return Double.NaN;
        }
        gc.backward(l.get());
        value = l.get().getFloat();
      }
      if (s.gradClip() > 0) {
        GradientClipping.clipGlobalNorm(head.trainableParameters(), s.gradClip());
      }
      opt.step(lr);
      return value;
    }
  }

  /** What a head is made of: enough to rebuild it from a checkpoint. */
  private static Map<String, String> attributes(int featureDim, FineTuneSettings s) {
    return Map.of("featureDim", Integer.toString(featureDim), "outDim", Integer.toString(s.outDim()),
        "fusion", s.fusion().key(), "padding", s.padding().key());
  }

  private static void save(Path dir, FineTuneSettings s, int featureDim, IdentityHead head,
      AdamWOptimizer opt, State st, TrainingMonitor monitor) throws IOException {
    Map<String, String> a = new TreeMap<>(attributes(featureDim, s));
    a.put("bestEpoch", Integer.toString(st.bestEpoch));
    a.put("badEpochs", Integer.toString(st.bad));
    a.put("lossSum", Double.toString(st.lossSum));
    a.put("lossCount", Long.toString(st.lossCount));
    Path file = Checkpoints.forStep(dir, st.global);
    new Checkpoint(KIND, st.epoch, st.batch, st.global, st.best, s.seed(), a)
        .write(file, head::save, opt);
    monitor.onCheckpoint(file, st.global);
  }

  /**
   * Loads the head of a fine-tuning checkpoint (best or resumable) for embedding; checkpoints
   * without fusion or padding attributes (written before these options) are sum/zero heads.
   */
  public static IdentityHead loadHead(Path checkpoint, NDManager manager) {
    try {
      Checkpoint h = Checkpoint.readHeader(checkpoint);
      Map<String, String> a = h.attributes();
      IdentityHead head = IdentityHead.create(Integer.parseInt(a.get("featureDim")),
          Integer.parseInt(a.get("outDim")), HeadFusion.parse(a.getOrDefault("fusion", "sum")),
          Padding.parse(a.getOrDefault("padding", "zero")), manager, 0);
      Checkpoint.read(checkpoint, head::load, null);
      return head;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
