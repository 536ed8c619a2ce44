package org.comicreid.catalog.synthetic;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** The drawing vocabulary of synthetic worlds: series styles and character designs. */
final class Designs {
  private Designs() {}

  enum Shading { FLAT, HATCHED, GRADIENT }

  enum Background { PLAIN, SKY, ROOM, HALFTONE, STREET }

  enum HeadShape { ROUND, OVAL, SQUARE, LONG, PEAR }

  enum HairStyle { SPIKY, BOB, BALD, PONYTAIL, LONG, MOHAWK, CURLY }

  enum EyeStyle { DOT, OVAL, LASHES, SLIT }

  enum Pattern { PLAIN, STRIPES, DOTS, CHECKS }

  enum Accessory { HAT, GLASSES, SCARF, BELT, BADGE }

  /** Skin tones (RGB), shared by all series. */
  static final int[] SKINS = {0xF6D7B8, 0xE8B98F, 0xC98E63, 0x9C6A45, 0x6E4A30, 0xF1C6A0};

  /** Hair colours (RGB), shared by all series. */
  static final int[] HAIRS = {0x1E1A18, 0x5A3A22, 0xB8752E, 0xE8C96A, 0xB0B0B0, 0x8A2B1E,
      0x2F4FA0, 0xD45C9A};

  /** How a series is drawn. */
  record SeriesStyle(
      float lineWeight,
      int[] palette,
      Shading shading,
      Background background,
      int paper,
      int backgroundColor) {}

  /** How one character looks: every field is part of its identity. */
  record CharacterDesign(
      String identity,
      HeadShape head,
      HairStyle hair,
      int hairColor,
      int skin,
      EyeStyle eyes,
      int shirtColor,
      Pattern shirtPattern,
      int patternColor,
      int pantsColor,
      int shoeColor,
      Set<Accessory> accessories,
      int accessoryColor,
      double build,
      double height) {

    /** The shape attributes (not colours) that tell characters apart. */
    String shapeSignature() {
      return head + "/" + hair + "/" + eyes + "/" + shirtPattern + "/" + accessories;
    }
  }

  /** A style for a series: line weight, a 6-colour palette, shading and background. */
  static SeriesStyle seriesStyle(SplittableRandom r) {
    float line = (float) (1.0 + r.nextDouble() * 2.0);
    double baseHue = r.nextDouble();
    int[] palette = new int[6];
    for (int i = 0; i < palette.length; i++) {
      // hues spread around the base; saturation and brightness vary so palettes look distinct
      double hue = baseHue + (i * 0.17) + r.nextDouble() * 0.06;
      double sat = 0.45 + r.nextDouble() * 0.45;
      double val = 0.55 + r.nextDouble() * 0.4;
      palette[i] = hsv(hue, sat, val);
    }
    Shading shading = Shading.values()[r.nextInt(Shading.values().length)];
    Background bg = Background.values()[r.nextInt(Background.values().length)];
    int paper = hsv(r.nextDouble(), 0.05 + r.nextDouble() * 0.1, 0.93 + r.nextDouble() * 0.06);
    int bgColor = hsv(baseHue + 0.5 + r.nextDouble() * 0.2, 0.15 + r.nextDouble() * 0.25,
        0.75 + r.nextDouble() * 0.2);
    return new SeriesStyle(line, palette, shading, bg, paper, bgColor);
  }

  /**
   * The recurring cast of a series. Colours come from the series palette, so characters share
   * them; the second character always wears the first one's shirt colour with another pattern.
   * No two characters share the same shape signature.
   */
  static List<CharacterDesign> cast(String seriesId, SeriesStyle style, int n, SplittableRandom r) {
    List<CharacterDesign> cast = new ArrayList<>();
    Set<String> signatures = new HashSet<>();
    while (cast.size() < n) {
      String id = String.format("%s_c%02d", seriesId, cast.size());
      CharacterDesign d = character(id, style, r);
      if (cast.size() == 1) {
        CharacterDesign first = cast.get(0);
        Pattern other = first.shirtPattern() == Pattern.PLAIN ? Pattern.STRIPES : Pattern.PLAIN;
        d = new CharacterDesign(d.identity(), d.head(), d.hair(), d.hairColor(), d.skin(), d.eyes(),
            first.shirtColor(), other, d.patternColor(), d.pantsColor(), d.shoeColor(),
            d.accessories(), d.accessoryColor(), d.build(), d.height());
      }
      if (signatures.add(d.shapeSignature())) {
        cast.add(d);
      }
    }
    return cast;
  }

  /** A random character from the series palette. */
  static CharacterDesign character(String identity, SeriesStyle style, SplittableRandom r) {
    int[] pal = style.palette();
    HeadShape head = pick(HeadShape.values(), r);
    HairStyle hair = pick(HairStyle.values(), r);
    EyeStyle eyes = pick(EyeStyle.values(), r);
    Pattern pattern = pick(Pattern.values(), r);
    int shirt = pal[r.nextInt(pal.length)];
    int patternColor = r.nextBoolean() ? 0xF8F8F0 : pal[r.nextInt(pal.length)];
    if (patternColor == shirt) {
      patternColor = 0x202020;
    }
    int pants = pal[r.nextInt(pal.length)];
    int shoes = r.nextBoolean() ? 0x2A2420 : pal[r.nextInt(pal.length)];
    Set<Accessory> acc = EnumSet.noneOf(Accessory.class);
    for (Accessory a : Accessory.values()) {
      if (r.nextDouble() < 0.28) {
        acc.add(a);
      }
    }
    int accColor = pal[r.nextInt(pal.length)];
    return new CharacterDesign(identity, head, hair, HAIRS[r.nextInt(HAIRS.length)],
        SKINS[r.nextInt(SKINS.length)], eyes, shirt, pattern, patternColor, pants, shoes,
        acc, accColor, 0.85 + r.nextDouble() * 0.35, 0.88 + r.nextDouble() * 0.12);
  }

  static <T> T pick(T[] values, SplittableRandom r) {
    return values[r.nextInt(values.length)];
  }

  static int hsv(double h, double s, double v) {
    h = h - Math.floor(h);
    double c = v * s;
    double x = c * (1 - Math.abs((h * 6) % 2 - 1));
    double m = v - c;
    double rr;
    double gg;
    double bb;
    int sector = (int) (h * 6) % 6;
    switch (sector) {
      case 0 -> { rr = c; gg = x; bb = 0; }
      case 1 -> { rr = x; gg = c; bb = 0; }
      case 2 -> { rr = 0; gg = c; bb = x; }
      case 3 -> { rr = 0; gg = x; bb = c; }
      case 4 -> { rr = x; gg = 0; bb = c; }
      default -> { rr = c; gg = 0; bb = x; }
    }
    int ri = (int) Math.round((rr + m) * 255);
    int gi = (int) Math.round((gg + m) * 255);
    int bi = (int) Math.round((bb + m) * 255);
    return (ri << 16) | (gi << 8) | bi;
  }
}
