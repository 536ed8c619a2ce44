package org.comicreid.catalog.comicgen;

import org.comicreid.core.ReidInputException;
import org.comicreid.core.provenance.ContentHash;

/**
 * What a comicgen world looks like. The same spec and the same comicgen version always give the
 * same files, byte for byte ({@link ComicgenWorld#generate}); {@link #hash()} identifies them.
 *
 * @param seed root seed of every random choice
 * @param sequences annotated 4-panel sequences in the whole world (at least {@code series})
 * @param series number of series (at least 3: train, val and test get at least one each)
 * @param panelWidth panel image width in pixels (96..2048)
 * @param panelHeight panel image height in pixels (96..2048)
 * @param maxCharactersPerPanel most characters on one panel (1..3); each panel has 1..this many
 * @param castSize recurring characters of one series (1..40); a page uses 2-4 of them
 * @param aavatarIdentities people built from the aavatar kit on top of the named characters
 *     (0..250; 0 = only comicgen's 13 named characters)
 * @param colorVariantsSameIdentity whether a character's black-and-white and coloured editions
 *     (dee and deenuova, dey and deynuovo, priya and priyanuova, ringo and ringonuovo) are one
 *     identity: true (the default) gives 13 named identities, of which four appear in black and
 *     white on some pages and in colour on others; false gives 17, and a series may cast both
 *     editions as two different people (see docs/datasets.md, "comicgen worlds")
 * @param overlapRate fraction of sequences that share two panels with another sequence of their
 *     series, in [0,1]
 * @param partialRate probability that a character stands partly outside the panel so that only its
 *     body (head above the top edge) or only its face (a close-up whose body is below the bottom
 *     edge) is on it, in [0,1]
 */
public record ComicgenSpec(
    long seed,
    int sequences,
    int series,
    int panelWidth,
    int panelHeight,
    int maxCharactersPerPanel,
    int castSize,
    int aavatarIdentities,
    boolean colorVariantsSameIdentity,
    double overlapRate,
    double partialRate) {

  /** Version of the generator; part of {@link #hash()}, bump it when the output changes. */
  public static final int GENERATOR_VERSION = 1;

  /** Sequences per series that {@link #forSequences} aims at. */
  public static final int SEQUENCES_PER_SERIES = 5;

  public ComicgenSpec {
    range("sequences", sequences, 3, 100_000);
    range("series", series, 3, 10_000);
    if (series > sequences) {
      throw new ReidInputException("comicgen spec: series (" + series
          + ") must not exceed sequences (" + sequences + "): every series needs a sequence");
    }
    range("panelWidth", panelWidth, 96, 2048);
    range("panelHeight", panelHeight, 96, 2048);
    range("maxCharactersPerPanel", maxCharactersPerPanel, 1, 3);
    range("castSize", castSize, 1, 40);
    range("aavatarIdentities", aavatarIdentities, 0, 250);
    rate("overlapRate", overlapRate);
    rate("partialRate", partialRate);
  }

  /**
   * The default world: 40 sequences in 8 series, 320x240 panels with 1-3 characters, casts of 5
   * drawn from the 13 named characters and 32 aavatar people (45 identities: every series gets its
   * own when there are enough), colour editions as the same identity, half of the sequences
   * overlapping, one character in ten partly outside its panel.
   */
  public static ComicgenSpec defaults() {
    return new ComicgenSpec(20240501L, 40, 8, 320, 240, 3, 5, 32, true, 0.5, 0.1);
  }

  /**
   * The default world with {@code sequences} sequences in about
   * {@value #SEQUENCES_PER_SERIES} per series (at least 3 series).
   */
  public static ComicgenSpec forSequences(long seed, int sequences) {
    ComicgenSpec d = defaults();
    int series = Math.max(3, Math.min(sequences,
        (int) Math.round(sequences / (double) SEQUENCES_PER_SERIES)));
    return new ComicgenSpec(seed, sequences, series, d.panelWidth(), d.panelHeight(),
        d.maxCharactersPerPanel(), d.castSize(), d.aavatarIdentities(),
        d.colorVariantsSameIdentity(), d.overlapRate(), d.partialRate());
  }

  /** This spec with another seed. */
  public ComicgenSpec withSeed(long newSeed) {
    return new ComicgenSpec(newSeed, sequences, series, panelWidth, panelHeight,
        maxCharactersPerPanel, castSize, aavatarIdentities, colorVariantsSameIdentity, overlapRate,
        partialRate);
  }

  /** The canonical text that {@link #hash()} digests: every field, the generator and art versions. */
  public String canonical() {
    return "comic-reid-comicgen-world;generator=" + GENERATOR_VERSION
        + ";comicgen=" + ComicgenKit.VERSION
        + ";seed=" + seed
        + ";sequences=" + sequences
        + ";series=" + series
        + ";panelWidth=" + panelWidth
        + ";panelHeight=" + panelHeight
        + ";maxCharactersPerPanel=" + maxCharactersPerPanel
        + ";castSize=" + castSize
        + ";aavatarIdentities=" + aavatarIdentities
        + ";colorVariantsSameIdentity=" + colorVariantsSameIdentity
        + ";overlapRate=" + overlapRate
        + ";partialRate=" + partialRate;
  }

  /** {@code sha256:<hex>} of {@link #canonical()}: the content hash of the generated dataset. */
  public String hash() {
    return "sha256:" + ContentHash.sha256(canonical());
  }

  private static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ReidInputException(
          "comicgen spec: " + key + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  private static void rate(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new ReidInputException(
          "comicgen spec: " + key + " must be a rate in [0, 1], got " + value);
    }
  }
}
