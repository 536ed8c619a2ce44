package org.comicreid.learning.loss;

import java.util.List;
import java.util.Locale;

/**
 * Which fine-tuning loss and miner to use, with every parameter (paper Table 5, Appendix F.5;
 * FACTS "Loss formulas").
 *
 * @param loss {@code contrastive}, {@code triplet}, {@code multi_similarity} or {@code tuplet_ipv}
 * @param miner {@code none} (all pairs of a mining group) or {@code multi_similarity}
 * @param distance the distance of the loss (the miner uses the same one); {@code tuplet_ipv}
 *     needs {@link Distance#COSINE}
 * @param posMargin contrastive positive margin (0)
 * @param negMargin contrastive negative margin (1)
 * @param tripletMargin triplet margin (0.1 in the paper's runs; the library default is 0.05)
 * @param msAlpha multi-similarity alpha (2)
 * @param msBeta multi-similarity beta (50)
 * @param msBase multi-similarity base (0.5)
 * @param minerEpsilon multi-similarity miner epsilon (0.1)
 * @param tupletMarginDegrees tuplet margin in degrees (5.73)
 * @param tupletScale tuplet scale (64)
 * @param ipvEpsilon intra-pair-variance epsilon (0.01)
 * @param tupletWeight weight of the tuplet term in {@code tuplet_ipv} (1)
 * @param ipvWeight weight of the intra-pair-variance term in {@code tuplet_ipv} (0.5)
 * @param minerDistance the distance the miner compares pairs with; null = {@code distance}. In
 *     pytorch-metric-learning each loss and miner has its own distance object, and the authors'
 *     triplet run paired an Lp triplet loss with a default (cosine) multi-similarity miner
 */
public record ObjectiveSpec(String loss, String miner, Distance distance, double posMargin,
    double negMargin, double tripletMargin, double msAlpha, double msBeta, double msBase,
    double minerEpsilon, double tupletMarginDegrees, double tupletScale, double ipvEpsilon,
    double tupletWeight, double ipvWeight, Distance minerDistance) {

  /** Loss names. */
  public static final List<String> LOSSES =
      List.of("contrastive", "triplet", "multi_similarity", "tuplet_ipv");

  /** Miner names. */
  public static final List<String> MINERS = List.of("none", "multi_similarity");

  /** Normalises the names and validates them. */
  public ObjectiveSpec {
    loss = loss == null ? "" : loss.strip().toLowerCase(Locale.ROOT);
    miner = miner == null ? "none" : miner.strip().toLowerCase(Locale.ROOT);
    if (!LOSSES.contains(loss)) {
      throw new IllegalArgumentException("loss: expected one of " + LOSSES + ", got '" + loss + "'");
    }
    if (!MINERS.contains(miner)) {
      throw new IllegalArgumentException("miner: expected one of " + MINERS + ", got '" + miner + "'");
    }
    if (distance == null) {
      throw new IllegalArgumentException("distance is required");
    }
    if (minerDistance == null) {
      minerDistance = distance;
    }
  }

  /** A spec whose miner uses the loss's distance. */
  public ObjectiveSpec(String loss, String miner, Distance distance, double posMargin,
      double negMargin, double tripletMargin, double msAlpha, double msBeta, double msBase,
      double minerEpsilon, double tupletMarginDegrees, double tupletScale, double ipvEpsilon,
      double tupletWeight, double ipvWeight) {
    this(loss, miner, distance, posMargin, negMargin, tripletMargin, msAlpha, msBeta, msBase,
        minerEpsilon, tupletMarginDegrees, tupletScale, ipvEpsilon, tupletWeight, ipvWeight, null);
  }

  /** The paper's final configuration: contrastive loss, Lp distance, margins 0 and 1, no miner. */
  public static ObjectiveSpec contrastive() {
    return new ObjectiveSpec("contrastive", "none", Distance.LP, 0, 1, 0.1, 2, 50, 0.5, 0.1, 5.73,
        64, 0.01, 1, 0.5);
  }

  /** A copy with another loss and miner, other parameters unchanged. */
  public ObjectiveSpec with(String newLoss, String newMiner) {
    return new ObjectiveSpec(newLoss, newMiner, distance, posMargin, negMargin, tripletMargin,
        msAlpha, msBeta, msBase, minerEpsilon, tupletMarginDegrees, tupletScale, ipvEpsilon,
        tupletWeight, ipvWeight, minerDistance);
  }

  /** A copy whose miner compares pairs with {@code d}. */
  public ObjectiveSpec withMinerDistance(Distance d) {
    return new ObjectiveSpec(loss, miner, distance, posMargin, negMargin, tripletMargin, msAlpha,
        msBeta, msBase, minerEpsilon, tupletMarginDegrees, tupletScale, ipvEpsilon, tupletWeight,
        ipvWeight, d);
  }
}
