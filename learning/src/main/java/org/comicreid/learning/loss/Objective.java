package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Optional;

/**
 * A fine-tuning objective: a miner and a loss applied inside mining groups (meta-mining, paper
 * Appendix D; FACTS "Meta-mining"), with pytorch-metric-learning's semantics (FACTS "Loss
 * formulas").
 *
 * <ol>
 *   <li><b>Matrix.</b> The embeddings are L2-normalised and the M × M matrix is computed once per
 *       batch ({@link PairMatrix}): {@link Distance#LP} = Euclidean distance of the normalised rows,
 *       {@link Distance#COSINE} = their dot product. Losses gather their entries by index.
 *   <li><b>Candidates.</b> Per mining group, the ordered pairs (a, b), a ≠ b, of its distinct rows;
 *       positive when the labels are equal. Pairs never cross groups.
 *   <li><b>Mining</b> ({@link PairMiner}): {@code none} keeps every candidate; {@code
 *       multi_similarity} is {@link MultiSimilarityMiner} run on each group's candidates alone (an
 *       anchor without a positive or without a negative in its group loses all its pairs).
 *   <li><b>Union.</b> The mined pairs of all groups are united: an ordered pair found in two groups
 *       counts once. For the triplet loss, triplets (a, p, n) are formed inside each group from its
 *       mined positive and negative pairs sharing the anchor (all combinations), then united.
 *   <li><b>Loss</b> over the union: {@code contrastive} → {@link ContrastiveLoss}, {@code triplet}
 *       → {@link TripletMarginLoss}, {@code multi_similarity} → {@link MultiSimilarityLoss} (mean
 *       over all M rows), {@code tuplet_ipv} → tupletWeight·{@link TupletMarginLoss} +
 *       ipvWeight·{@link IntraPairVarianceLoss}, cosine only ({@link Distance#LP} is rejected
 *       naming {@code finetune.distance}). The per-anchor sums of the multi-similarity and tuplet
 *       losses run over the united pairs, as the library's do over its pair tuple: a positive of
 *       anchor a found in one group meets a negative of a found in another group there (only
 *       triplets are formed per group).
 * </ol>
 *
 * <p><b>Edge cases.</b> No tuple at all in any group (no pair; for the triplet loss, no triplet) →
 * {@link Optional#empty()}, the batch is skipped. Tuples exist but every term is zero → a zero
 * scalar connected to the embeddings (zero gradient, not a missing one). No positive or no negative
 * pair → only the other part of the loss.
 *
 * <p>Not reproduced from the library: its pair losses return 0 when every index array has at most
 * one element (a quirk of {@code GenericPairLoss}); here a single pair gives its loss.
 *
 * <p>All maths is done in the embeddings' dtype (float32 in training, float64 in gradient checks)
 * and in the embeddings' manager.
 */
public interface Objective {

  /**
   * The loss of one batch.
   *
   * @param embeddings (M, d) embeddings, part of the graph that gradients flow through
   * @param labels identity label of every row (length M)
   * @param groups row indexes of each mining group
   * @return the scalar loss, or empty when no group yields any tuple (the batch is skipped)
   */
  Optional<NDArray> compute(NDArray embeddings, int[] labels, List<int[]> groups);

  /**
   * The objective described by {@code spec}.
   *
   * @throws IllegalArgumentException naming the {@code finetune.*} key of a parameter that the
   *     chosen loss or miner cannot use
   */
  static Objective create(ObjectiveSpec spec) {
    return Objectives.create(spec);
  }
}
