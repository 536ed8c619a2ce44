package org.comicreid.learning.augment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last step of every view and of evaluation: {@code (x − mean) / std} on values in [0, 1], the
 * same for the three channels (FACTS: mean 0.5, std 0.5, so [0, 1] maps to [−1, 1]).
 *
 * @param mean subtracted from every value; key {@code augment.normalize_mean}, in 0..1
 * @param std divides every value; key {@code augment.normalize_std}, in 0.001..10
 */
public record Normalize(double mean, double std) {

  /** Key of {@link #mean}. */
  public static final String MEAN_KEY = "augment.normalize_mean";
  /** Key of {@link #std}. */
  public static final String STD_KEY = "augment.normalize_std";

  /** Validates the range of each value; the message names the key. */
  public Normalize {
    Check.range(MEAN_KEY, mean, 0, 1);
    Check.range(STD_KEY, std, 0.001, 10);
  }

  /** Mean 0.5, std 0.5 (the authors' code). */
  public static Normalize paper() {
    return new Normalize(0.5, 0.5);
  }

  /** Reads {@code augment.normalize_mean} and {@code augment.normalize_std}; missing keys take {@link #paper()}'s values. */
  public static Normalize fromConfig(Map<String, String> params) {
    ParamReader r = new ParamReader(params);
    Normalize d = paper();
    return new Normalize(r.dbl(MEAN_KEY, d.mean), r.dbl(STD_KEY, d.std));
  }

  /** Key → canonical text, as {@code ConfigKeys} declares the defaults. */
  public Map<String, String> toConfig() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MEAN_KEY, Double.toString(mean));
    m.put(STD_KEY, Double.toString(std));
    return m;
  }

  /** {@code (x − mean) / std} in place; returns {@code img}. */
  public float[] apply(float[] img) {
    float m = (float) mean;
    float s = (float) std;
    for (int i = 0; i < img.length; i++) {
      img[i] = (img[i] - m) / s;
    }
    return img;
  }
}
