package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds {@link Objective}s from specs: a {@link PairMiner} run per mining group, the groups'
 * pairs (or triplets) united, and the loss of the spec over the union (semantics in {@link
 * Objective}). Parameters are validated here, each error naming its {@code finetune.*} key.
 */
final class Objectives {

  private Objectives() {}

  /** The loss part of an objective over united pairs. */
  @FunctionalInterface
  private interface PairLoss {
    NDArray compute(PairMatrix matrix, PairIndices pairs);
  }

  static Objective create(ObjectiveSpec spec) {
    PairMiner miner = spec.miner().equals("multi_similarity")
        ? new MultiSimilarityMiner(spec.minerEpsilon())
        : PairMiner.all();
    Distance distance = spec.distance();
    Distance minerDistance = spec.minerDistance();
    switch (spec.loss()) {
      case "contrastive" -> {
        ContrastiveLoss loss = new ContrastiveLoss(spec.posMargin(), spec.negMargin());
        return pairObjective(distance, minerDistance, miner, loss::compute);
      }
      case "triplet" -> {
        TripletMarginLoss loss = new TripletMarginLoss(spec.tripletMargin());
        return (embeddings, labels, groups) -> {
          PairMatrix pm = PairMatrix.of(embeddings, distance);
          List<PairIndices> perGroup = minePerGroup(minerMatrix(pm, embeddings, minerDistance),
              labels, groups, miner);
          Triplets t = Triplets.unionOfGroups(perGroup, pm.rows());
          return t.isEmpty() ? Optional.empty() : Optional.of(loss.compute(pm, t));
        };
      }
      case "multi_similarity" -> {
        MultiSimilarityLoss loss = new MultiSimilarityLoss(spec.msAlpha(), spec.msBeta(),
            spec.msBase());
        return pairObjective(distance, minerDistance, miner, loss::compute);
      }
      case "tuplet_ipv" -> {
        if (distance != Distance.COSINE) {
          throw new IllegalArgumentException("finetune.distance: the tuplet_ipv loss is defined on "
              + "cosine similarity only (TupletMarginLoss accepts no other distance), got "
              + distance + "; set finetune.distance to cosine");
        }
        TupletMarginLoss tuplet = new TupletMarginLoss(spec.tupletMarginDegrees(),
            spec.tupletScale());
        IntraPairVarianceLoss ipv = new IntraPairVarianceLoss(spec.ipvEpsilon());
        double wt = weight("finetune.tuplet_weight", spec.tupletWeight());
        double wi = weight("finetune.ipv_weight", spec.ipvWeight());
        return pairObjective(distance, minerDistance, miner, (pm, pairs) ->
            LossMath.times(tuplet.compute(pm, pairs), wt)
                .add(LossMath.times(ipv.compute(pm, pairs), wi)));
      }
      default -> throw new IllegalArgumentException("finetune.loss: expected one of "
          + ObjectiveSpec.LOSSES + ", got '" + spec.loss() + "'");
    }
  }

  private static double weight(String key, double w) {
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException(key + ": expected a non-negative number, got " + w);
    }
    return w;
  }

  /** The matrix the miner reads: the loss's own, or one of the miner's distance. */
  private static PairMatrix minerMatrix(PairMatrix lossMatrix, NDArray embeddings,
      Distance minerDistance) {
    return lossMatrix.distance() == minerDistance ? lossMatrix
        : PairMatrix.of(embeddings, minerDistance);
  }

  private static Objective pairObjective(Distance distance, Distance minerDistance,
      PairMiner miner, PairLoss loss) {
    return (embeddings, labels, groups) -> {
      PairMatrix pm = PairMatrix.of(embeddings, distance);
      PairIndices pairs = PairIndices.union(
          minePerGroup(minerMatrix(pm, embeddings, minerDistance), labels, groups, miner),
          pm.rows());
      return pairs.isEmpty() ? Optional.empty() : Optional.of(loss.compute(pm, pairs));
    };
  }

  /**
   * Runs {@code miner} on every group.
   *
   * @throws IllegalArgumentException when the labels do not match the rows or a group names a row
   *     outside the batch
   */
  static List<PairIndices> minePerGroup(PairMatrix pm, int[] labels, List<int[]> groups,
      PairMiner miner) {
    int m = pm.rows();
    if (labels.length != m) {
      throw new IllegalArgumentException(labels.length + " labels for " + m + " embedding rows");
    }
    List<PairIndices> out = new ArrayList<>(groups.size());
    for (int g = 0; g < groups.size(); g++) {
      int[] rows = groups.get(g);
      for (int r : rows) {
        if (r < 0 || r >= m) {
          throw new IllegalArgumentException("mining group " + g + " names row " + r
              + ", outside the " + m + " embedding rows");
        }
      }
      out.add(miner.mine(pm, labels, rows));
    }
    return out;
  }
}
