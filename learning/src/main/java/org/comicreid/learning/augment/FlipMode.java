package org.comicreid.learning.augment;

import java.util.Locale;

/**
 * Which mirror a random flip applies: the weak view flips horizontally (albumentations
 * {@code HorizontalFlip}); the fine-tuning transform flips "vertically or horizontally" (FACTS), read
 * here as: when the flip fires, horizontal or vertical with equal chance.
 */
public enum FlipMode {
  /** Mirror left-right. */
  HORIZONTAL,
  /** Mirror top-bottom. */
  VERTICAL,
  /** Mirror left-right or top-bottom, each with probability 1/2 (one extra draw). */
  EITHER;

  /** The config text: {@code horizontal}, {@code vertical} or {@code either}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the config text of {@code key}.
   *
   * @throws org.comicreid.core.ReidInputException naming the key and the value when it is not one
   *     of the three
   */
  public static FlipMode parse(String key, String value) {
    for (FlipMode m : values()) {
      if (m.text().equals(value.strip().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new org.comicreid.core.ReidInputException("config key " + key
        + ": expected one of horizontal|vertical|either, got '" + value + "'");
  }
}
