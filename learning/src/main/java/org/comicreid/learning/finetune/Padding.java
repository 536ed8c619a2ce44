package org.comicreid.learning.finetune;

import java.util.Locale;

/**
 * What replaces the feature of a missing face or body ({@code finetune.padding}, paper Appendix
 * G.2).
 *
 * <ul>
 *   <li>{@link #ZERO}: a zero D-vector (the paper's default; it still goes through the linear
 *       layer and so contributes the bias);
 *   <li>{@link #TRAINABLE}: one learned D-vector per part (face, body), a registered parameter of
 *       the head: trained by the optimiser (with the same decoupled weight decay as every other
 *       parameter), clipped with the others and saved in checkpoints. The authors' padding was
 *       never registered (FACTS "Option quirks"); here it is. It starts at zero, so an untrained
 *       head embeds exactly as with zero padding.
 * </ul>
 */
public enum Padding {
  /** Zero vectors. */
  ZERO,
  /** Learned vectors. */
  TRAINABLE;

  /** The config value ({@code zero} or {@code trainable}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a {@code finetune.padding} value.
   *
   * @throws IllegalArgumentException naming the key and the bad value
   */
  public static Padding parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    for (Padding p : values()) {
      if (p.key().equals(v)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "finetune.padding: expected one of [zero, trainable], got '" + value + "'");
  }
}
