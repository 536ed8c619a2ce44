package org.comicreid.learning.pretrain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The self-supervised models of the paper's ablation (Section "Experimental Setup", Table 3,
 * Figure 3), config key {@code pretrain.variant}.
 *
 * <ul>
 *   <li>{@link #FACE}: one network trained with the face term only;
 *   <li>{@link #BODY}: one network trained with the body term only;
 *   <li>{@link #UNALIGNED}: one shared network trained with the face and body terms;
 *   <li>{@link #ALIGNED}: one shared network trained with face + body + identity (the paper's model);
 *   <li>{@link #SEPARATE}: a face network trained with the face term and a body network trained
 *       with the body term, on the same batches (twice the parameters).
 * </ul>
 *
 * <p>Every variant trains on the same face+body pairs (the instances that have both parts), so the
 * comparison differs only in the loss and the model, not in the data: the face variant simply never
 * looks at the bodies of its pairs, and the body variant at their faces.
 */
public enum PretrainVariant {
  /** Face-only self-supervision. */
  FACE(EnumSet.of(SslTerm.FACE), false),
  /** Body-only self-supervision. */
  BODY(EnumSet.of(SslTerm.BODY), false),
  /** Face and body terms on one shared backbone, no identity term. */
  UNALIGNED(EnumSet.of(SslTerm.FACE, SslTerm.BODY), false),
  /** Face, body and identity terms on one shared backbone (identity-aware SimCLR). */
  ALIGNED(EnumSet.of(SslTerm.FACE, SslTerm.BODY, SslTerm.IDENTITY), false),
  /** A face network with the face term and a body network with the body term. */
  SEPARATE(EnumSet.of(SslTerm.FACE, SslTerm.BODY), true);

  private final Set<SslTerm> trained;
  private final boolean separateNetworks;

  PretrainVariant(Set<SslTerm> trained, boolean separateNetworks) {
    this.trained = trained;
    this.separateNetworks = separateNetworks;
  }

  /** Parses a {@code pretrain.variant} value (case-insensitive). */
  public static PretrainVariant parse(String value) {
    String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
    for (PretrainVariant p : values()) {
      if (p.name().equals(v)) {
        return p;
      }
    }
    throw new IllegalArgumentException("pretrain.variant: expected face, body, unaligned, aligned"
        + " or separate, got '" + value + "'");
  }

  /** The lower-case config value. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The terms whose sum is the training loss (and the model-selection loss). */
  public Set<SslTerm> trainedTerms() {
    return EnumSet.copyOf(trained);
  }

  /** Whether {@code term} is part of the training loss. */
  public boolean trains(SslTerm term) {
    return trained.contains(term);
  }

  /** Whether faces and bodies have their own networks. */
  public boolean separateNetworks() {
    return separateNetworks;
  }

  /** Whether the model ever sees faces (in training). */
  public boolean seesFaces() {
    return this != BODY;
  }

  /** Whether the model ever sees bodies (in training). */
  public boolean seesBodies() {
    return this != FACE;
  }

  /**
   * The terms validation reports: face if the model sees faces, body if it sees bodies, identity
   * whenever it has both parts, whether or not the term was trained (Table 3 reports the identity
   * term of the unaligned model).
   */
  public Set<SslTerm> validationTerms() {
    Set<SslTerm> out = EnumSet.noneOf(SslTerm.class);
    if (seesFaces()) {
      out.add(SslTerm.FACE);
    }
    if (seesBodies()) {
      out.add(SslTerm.BODY);
    }
    if (seesFaces() && seesBodies()) {
      out.add(SslTerm.IDENTITY);
    }
    return out;
  }
}
