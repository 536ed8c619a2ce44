package org.comicreid.experiments.report.plots;

import java.awt.Color;
import java.util.List;

/**
 * The fixed categorical colours of every figure: series, bar columns, clusters and identities
 * take them in order and wrap around after {@link #size()}.
 */
public final class Palette {

  private static final List<Color> COLOURS = List.of(
      new Color(0x1F, 0x77, 0xB4), // blue
      new Color(0xE6, 0x55, 0x0D), // orange
      new Color(0x2C, 0xA0, 0x2C), // green
      new Color(0xD6, 0x27, 0x28), // red
      new Color(0x94, 0x67, 0xBD), // purple
      new Color(0x8C, 0x56, 0x4B), // brown
      new Color(0xE3, 0x77, 0xC2), // pink
      new Color(0x17, 0xBE, 0xCF), // cyan
      new Color(0xBC, 0xBD, 0x22), // olive
      new Color(0x39, 0x3B, 0x79), // navy
      new Color(0x63, 0x79, 0x39), // moss
      new Color(0xFF, 0xBB, 0x00)); // amber

  private Palette() {}

  /** Number of distinct colours before they repeat. */
  public static int size() {
    return COLOURS.size();
  }

  /** The colour of index {@code i} (0-based, wraps around). */
  public static Color colour(int i) {
    return COLOURS.get(Math.floorMod(i, COLOURS.size()));
  }
}
