package org.comicreid.learning.finetune;

import java.util.List;

/**
 * Frozen features of character instances plus their mining groups.
 *
 * <p>Identity numbers must be unique across series (two instances with the same number are the
 * same character).
 *
 * @param featureDim D, the length of every feature
 * @param instances one entry per instance
 * @param groups mining groups (empty for validation data)
 */
public record FineTuneData(int featureDim, List<Instance> instances, List<MiningGroup> groups) {

  /**
   * One instance.
   *
   * @param face middle face feature, or null when the instance has no face
   * @param body middle body feature, or null when it has no body
   * @param identity identity label
   * @param series series (first token of the instance id)
   */
  public record Instance(float[] face, float[] body, int identity, String series) {

    /** Requires at least one part. */
    public Instance {
      if (face == null && body == null) {
        throw new IllegalArgumentException("instance with neither face nor body");
      }
    }
  }

  /** Checks dimensions and group indexes. */
  public FineTuneData {
    instances = List.copyOf(instances);
    groups = List.copyOf(groups);
    for (int i = 0; i < instances.size(); i++) {
      Instance in = instances.get(i);
      if ((in.face() != null && in.face().length != featureDim)
          || (in.body() != null && in.body().length != featureDim)) {
        throw new IllegalArgumentException("instance " + i + ": feature length is not " + featureDim);
      }
    }
    for (MiningGroup g : groups) {
      for (int idx : g.instanceIndexes()) {
        if (idx < 0 || idx >= instances.size()) {
          throw new IllegalArgumentException("mining group of " + g.series() + " has index " + idx);
        }
      }
    }
  }
}
