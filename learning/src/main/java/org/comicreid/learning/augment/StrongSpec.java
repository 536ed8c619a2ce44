package org.comicreid.learning.augment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the strong SimCLR view ({@link StrongAugment}); the defaults are the authors' values
 * (FACTS "Augmentations": torchvision {@code RandomHorizontalFlip}, {@code RandomResizedCrop},
 * {@code RandomApply(ColorJitter)}, {@code RandomGrayscale}, {@code GaussianBlur}). Each component
 * is the config key {@code augment.strong.<name>}; every range check names that key.
 *
 * <p>The crop's aspect-ratio range is not in FACTS; it is torchvision's default (3/4, 4/3), which
 * the authors' call did not override. The blur is always applied in the original
 * ({@code blur_p} 1); the probability exists so it can be switched off.
 *
 * @param flipP probability of a horizontal mirror ({@code flip_p}, 0.5)
 * @param cropScaleMin smallest area fraction of the random resized crop ({@code crop_scale_min},
 *     0.08, in 0.001..1)
 * @param cropScaleMax largest area fraction ({@code crop_scale_max}, 1, in 0.001..1, ≥ min)
 * @param cropRatioMin smallest width/height of the crop ({@code crop_ratio_min}, 0.75, in 0.01..100)
 * @param cropRatioMax largest width/height ({@code crop_ratio_max}, 4/3, in 0.01..100, ≥ min)
 * @param jitterP probability of the colour jitter ({@code jitter_p}, 0.8)
 * @param brightness brightness factor drawn from [max(0, 1 − b), 1 + b] ({@code brightness}, 0.5,
 *     ≥ 0; 0 = off)
 * @param contrast contrast factor range likewise ({@code contrast}, 0.5, ≥ 0; 0 = off)
 * @param saturation saturation factor range likewise ({@code saturation}, 0.5, ≥ 0; 0 = off)
 * @param hue hue shift drawn from [−h, h] turns ({@code hue}, 0.1, in 0..0.5; 0 = off)
 * @param grayP probability of grayscale ({@code gray_p}, 0.2)
 * @param blurP probability of the Gaussian blur ({@code blur_p}, 1)
 * @param blurKernel Gaussian kernel size at the reference size ({@code blur_kernel}, 9, odd in 1..99)
 * @param blurSigmaMin smallest sigma at the reference size ({@code blur_sigma_min}, 0.1, in 0.01..100)
 * @param blurSigmaMax largest sigma ({@code blur_sigma_max}, 2.0, in 0.01..100, ≥ min)
 */
public record StrongSpec(double flipP, double cropScaleMin, double cropScaleMax,
    double cropRatioMin, double cropRatioMax, double jitterP, double brightness, double contrast,
    double saturation, double hue, double grayP, double blurP, int blurKernel,
    double blurSigmaMin, double blurSigmaMax) {

  /** The config section of these keys. */
  public static final String SECTION = "augment.strong";

  private static String k(String param) {
    return SECTION + "." + param;
  }

  /** Validates every value (ranges above, and each min ≤ its max). */
  public StrongSpec {
    Check.probability(k("flip_p"), flipP);
    Check.range(k("crop_scale_min"), cropScaleMin, 0.001, 1);
    Check.range(k("crop_scale_max"), cropScaleMax, 0.001, 1);
    Check.ordered(k("crop_scale_min"), cropScaleMin, k("crop_scale_max"), cropScaleMax);
    Check.range(k("crop_ratio_min"), cropRatioMin, 0.01, 100);
    Check.range(k("crop_ratio_max"), cropRatioMax, 0.01, 100);
    Check.ordered(k("crop_ratio_min"), cropRatioMin, k("crop_ratio_max"), cropRatioMax);
    Check.probability(k("jitter_p"), jitterP);
    Check.atLeast(k("brightness"), brightness, 0);
    Check.atLeast(k("contrast"), contrast, 0);
    Check.atLeast(k("saturation"), saturation, 0);
    Check.range(k("hue"), hue, 0, 0.5);
    Check.probability(k("gray_p"), grayP);
    Check.probability(k("blur_p"), blurP);
    Check.oddRange(k("blur_kernel"), blurKernel, 1, 99);
    Check.range(k("blur_sigma_min"), blurSigmaMin, 0.01, 100);
    Check.range(k("blur_sigma_max"), blurSigmaMax, 0.01, 100);
    Check.ordered(k("blur_sigma_min"), blurSigmaMin, k("blur_sigma_max"), blurSigmaMax);
  }

  /** The authors' strong view. */
  public static StrongSpec paper() {
    return new StrongSpec(0.5, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0, 0.8, 0.5, 0.5, 0.5, 0.1, 0.2, 1.0,
        9, 0.1, 2.0);
  }

  /** Reads the {@code augment.strong.*} keys of {@code params}; a missing key takes {@link #paper()}'s value. */
  public static StrongSpec fromConfig(Map<String, String> params) {
    ParamReader r = new ParamReader(params);
    StrongSpec d = paper();
    return new StrongSpec(
        r.dbl(k("flip_p"), d.flipP),
        r.dbl(k("crop_scale_min"), d.cropScaleMin),
        r.dbl(k("crop_scale_max"), d.cropScaleMax),
        r.dbl(k("crop_ratio_min"), d.cropRatioMin),
        r.dbl(k("crop_ratio_max"), d.cropRatioMax),
        r.dbl(k("jitter_p"), d.jitterP),
        r.dbl(k("brightness"), d.brightness),
        r.dbl(k("contrast"), d.contrast),
        r.dbl(k("saturation"), d.saturation),
        r.dbl(k("hue"), d.hue),
        r.dbl(k("gray_p"), d.grayP),
        r.dbl(k("blur_p"), d.blurP),
        r.integer(k("blur_kernel"), d.blurKernel),
        r.dbl(k("blur_sigma_min"), d.blurSigmaMin),
        r.dbl(k("blur_sigma_max"), d.blurSigmaMax));
  }

  /** Key → canonical text of every component, in declaration order. */
  public Map<String, String> toConfig() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(k("flip_p"), Double.toString(flipP));
    m.put(k("crop_scale_min"), Double.toString(cropScaleMin));
    m.put(k("crop_scale_max"), Double.toString(cropScaleMax));
    m.put(k("crop_ratio_min"), Double.toString(cropRatioMin));
    m.put(k("crop_ratio_max"), Double.toString(cropRatioMax));
    m.put(k("jitter_p"), Double.toString(jitterP));
    m.put(k("brightness"), Double.toString(brightness));
    m.put(k("contrast"), Double.toString(contrast));
    m.put(k("saturation"), Double.toString(saturation));
    m.put(k("hue"), Double.toString(hue));
    m.put(k("gray_p"), Double.toString(grayP));
    m.put(k("blur_p"), Double.toString(blurP));
    m.put(k("blur_kernel"), Integer.toString(blurKernel));
    m.put(k("blur_sigma_min"), Double.toString(blurSigmaMin));
    m.put(k("blur_sigma_max"), Double.toString(blurSigmaMax));
    return m;
  }
}
