package org.comicreid.learning.loss;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds {@link Objective}s from specs. */
final class Objectives {

  private Objectives() {}

  static Objective create(ObjectiveSpec spec) {
    if (!spec.loss().equals("contrastive") || !spec.miner().equals("none")
        || spec.distance() != Distance.LP) {
      throw new IllegalArgumentException("objective " + spec.loss() + "/" + spec.miner() + "/"
          + spec.distance() + " is not available in this build");
    }
    ContrastiveLoss loss = new ContrastiveLoss(spec.posMargin(), spec.negMargin());
    return (embeddings, labels, groups) -> {
      Set<Long> pos = new LinkedHashSet<>();
      Set<Long> neg = new LinkedHashSet<>();
      long m = labels.length;
      for (int[] g : groups) {
        for (int x = 0; x < g.length; x++) {
          for (int y = x + 1; y < g.length; y++) {
            int i = Math.min(g[x], g[y]);
            int j = Math.max(g[x], g[y]);
            if (i != j) {
              (labels[i] == labels[j] ? pos : neg).add(i * m + j);
            }
          }
        }
      }
      if (pos.isEmpty() && neg.isEmpty()) {
        return Optional.empty();
      }
      NDArray value = loss.compute(embeddings, pairs(pos, m), pairs(neg, m));
      return Optional.of(value);
    };
  }

  private static int[][] pairs(Set<Long> keys, long m) {
    List<int[]> out = new ArrayList<>();
    for (long k : keys) {
      out.add(new int[] {(int) (k / m), (int) (k % m)});
    }
    return out.toArray(new int[0][]);
  }
}
