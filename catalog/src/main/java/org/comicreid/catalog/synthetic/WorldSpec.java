package org.comicreid.catalog.synthetic;

import org.comicreid.core.ReidInputException;
import org.comicreid.core.provenance.ContentHash;

/**
 * What a synthetic comic world looks like. The same spec always gives the same world, byte for
 * byte ({@link SyntheticWorld#generate}); {@link #hash()} identifies it.
 *
 * @param seed root seed of every random choice
 * @param series number of series (at least 3: each split gets one)
 * @param charactersPerSeries recurring cast size of each series (2..26)
 * @param sequencesPerSeries annotated 4-panel sequences per series
 * @param panelWidth panel image width in pixels (64..2048)
 * @param panelHeight panel image height in pixels (64..2048)
 * @param overlapRate fraction of sequences that share two panels with another sequence, in [0,1]
 * @param distractorRate probability that a panel holds a one-off distractor character, in [0,1]
 * @param grayscaleRate fraction of panels printed in grayscale, in [0,1]
 * @param tintStrength strength of the per-panel colour cast and lighting, in [0,1]
 * @param occlusionRate probability that a panel has a foreground object over a character, in [0,1]
 * @param bubbleMax most speech bubbles on one panel (0..6)
 */
public record WorldSpec(
    long seed,
    int series,
    int charactersPerSeries,
    int sequencesPerSeries,
    int panelWidth,
    int panelHeight,
    double overlapRate,
    double distractorRate,
    double grayscaleRate,
    double tintStrength,
    double occlusionRate,
    int bubbleMax) {

  /** Version of the generator; part of {@link #hash()}, bump it when the output changes. */
  public static final int GENERATOR_VERSION = 2;

  public WorldSpec {
    range("series", series, 3, 1000);
    range("charactersPerSeries", charactersPerSeries, 2, 26);
    range("sequencesPerSeries", sequencesPerSeries, 1, 1000);
    range("panelWidth", panelWidth, 64, 2048);
    range("panelHeight", panelHeight, 64, 2048);
    rate("overlapRate", overlapRate);
    rate("distractorRate", distractorRate);
    rate("grayscaleRate", grayscaleRate);
    rate("tintStrength", tintStrength);
    rate("occlusionRate", occlusionRate);
    range("bubbleMax", bubbleMax, 0, 6);
  }

  /** A laptop-sized world: 12 series of 6 characters, 10 sequences each, 192x160 panels. */
  public static WorldSpec demo() {
    return new WorldSpec(20240501L, 12, 6, 10, 192, 160, 0.5, 0.15, 0.15, 0.25, 0.15, 2);
  }

  /** This spec with another seed. */
  public WorldSpec withSeed(long newSeed) {
    return new WorldSpec(newSeed, series, charactersPerSeries, sequencesPerSeries, panelWidth,
        panelHeight, overlapRate, distractorRate, grayscaleRate, tintStrength, occlusionRate,
        bubbleMax);
  }

  /** The canonical text that {@link #hash()} digests. */
  public String canonical() {
    return "comic-reid-synthetic-world;generator=" + GENERATOR_VERSION
        + ";seed=" + seed
        + ";series=" + series
        + ";charactersPerSeries=" + charactersPerSeries
        + ";sequencesPerSeries=" + sequencesPerSeries
        + ";panelWidth=" + panelWidth
        + ";panelHeight=" + panelHeight
        + ";overlapRate=" + overlapRate
        + ";distractorRate=" + distractorRate
        + ";grayscaleRate=" + grayscaleRate
        + ";tintStrength=" + tintStrength
        + ";occlusionRate=" + occlusionRate
        + ";bubbleMax=" + bubbleMax;
  }

  /** {@code sha256:<hex>} of {@link #canonical()}: the content hash of the generated dataset. */
  public String hash() {
    return "sha256:" + ContentHash.sha256(canonical());
  }

  private static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ReidInputException(
          "synthetic world spec: " + key + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  private static void rate(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new ReidInputException(
          "synthetic world spec: " + key + " must be a rate in [0, 1], got " + value);
    }
  }
}
