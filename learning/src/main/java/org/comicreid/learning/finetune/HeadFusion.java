package org.comicreid.learning.finetune;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the identity head joins a face and a body into one embedding (paper Appendix G.4,
 * {@code finetune.fusion}). With h the head's linear layer, f and b the (padded) face and body
 * features and L2 the row normalisation:
 *
 * <ul>
 *   <li>{@link #SUM}: L2(h(f) + h(b)), one linear layer D→outDim shared by faces and bodies (the
 *       paper's choice);
 *   <li>{@link #CONCAT}: L2(h([f; b])) with one linear layer 2D→outDim on the concatenated
 *       features, so the embedding keeps {@code finetune.out_dim} dimensions and the layer has
 *       twice the parameters of {@code sum}, as G.4 says ("twice the parameter size of the sum
 *       method (in the linear projector)");
 *   <li>{@link #WEIGHTED_SUM}: a trainable outDim×2 matrix W; per output dimension k the pair
 *       (W[k,0], W[k,1]) goes through a softmax, and e_k = softmax_0·h(f)_k + softmax_1·h(b)_k;
 *       then L2;
 *   <li>{@link #COEFFICIENT_SUM}: two trainable scalars (c_f, c_b) through a softmax (so the
 *       weights sum to 1), e = w_f·h(f) + w_b·h(b); then L2.
 * </ul>
 */
public enum HeadFusion {
  /** Sum of the head outputs. */
  SUM,
  /** Head over the concatenated features. */
  CONCAT,
  /** Per-dimension softmax weights. */
  WEIGHTED_SUM,
  /** Two softmax coefficients. */
  COEFFICIENT_SUM;

  /** The config value ({@code sum}, {@code concat}, {@code weighted_sum}, {@code coefficient_sum}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The config values, in declaration order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(HeadFusion::key).toList();
  }

  /**
   * Parses a {@code finetune.fusion} value.
   *
   * @throws IllegalArgumentException naming the key and the bad value
   */
  public static HeadFusion parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    for (HeadFusion f : values()) {
      if (f.key().equals(v)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "finetune.fusion: expected one of " + keys() + ", got '" + value + "'");
  }
}
