package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Optional;

/**
 * A fine-tuning objective: a miner and a loss applied inside mining groups (meta-mining, paper
 * Appendix D; FACTS "Meta-mining").
 *
 * <p>Each group is mined on its own: its candidate tuples are the ordered pairs (a, b), a ≠ b, of
 * its rows (positive when the labels are equal, negative otherwise), filtered by the miner. The
 * tuples of all groups are united (a tuple found in two groups counts once) and the loss is taken
 * over the union.
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

  /** The objective described by {@code spec}. */
  static Objective create(ObjectiveSpec spec) {
    return Objectives.create(spec);
  }
}
