package org.comicreid.learning.pretrain;

import java.util.Locale;

/**
 * The three NT-Xent terms of identity-aware pretraining (paper Table 3's column groups).
 *
 * <ul>
 *   <li>{@link #FACE}: strong face view 1 against strong face view 2 of the same crop;
 *   <li>{@link #BODY}: strong body view 1 against strong body view 2;
 *   <li>{@link #IDENTITY}: weak face view against the weak body view of the same instance (each
 *       face's positive is its paired body; every other face and body of the batch is a negative).
 * </ul>
 */
public enum SslTerm {
  /** NT-Xent(strong face, strong face). */
  FACE,
  /** NT-Xent(strong body, strong body). */
  BODY,
  /** NT-Xent(weak face, weak body), the identity-awareness term. */
  IDENTITY;

  /** The lower-case name used in metric keys ({@code face}, {@code body}, {@code identity}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
