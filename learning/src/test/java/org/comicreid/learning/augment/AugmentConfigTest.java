package org.comicreid.learning.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.Test;

/** The settings records: the authors' defaults, config keys reaching them, and rejected values. */
class AugmentConfigTest {

  @Test
  void theDefaultsAreTheAuthorsValues() {
    StrongSpec s = StrongSpec.paper();
    assertEquals(0.5, s.flipP());
    assertEquals(0.08, s.cropScaleMin());
    assertEquals(1.0, s.cropScaleMax());
    assertEquals(0.75, s.cropRatioMin());
    assertEquals(4.0 / 3.0, s.cropRatioMax());
    assertEquals(0.8, s.jitterP());
    assertEquals(0.5, s.brightness());
    assertEquals(0.5, s.contrast());
    assertEquals(0.5, s.saturation());
    assertEquals(0.1, s.hue());
    assertEquals(0.2, s.grayP());
    assertEquals(1.0, s.blurP());
    assertEquals(9, s.blurKernel());
    assertEquals(0.1, s.blurSigmaMin());
    assertEquals(2.0, s.blurSigmaMax());

    WeakSpec w = WeakSpec.paper();
    assertEquals(0.25, w.cropP());
    assertEquals(0.2, w.faceCropScaleMin());
    assertEquals(0.5, w.bodyCropScaleMin());
    assertEquals(1.0, w.cropScaleMax());
    assertEquals(FlipMode.HORIZONTAL, w.flip());
    assertEquals(0.5, w.flipP());
    assertEquals(0.5, w.ssrP());
    assertEquals(0.05, w.shift());
    assertEquals(0.05, w.scale());
    assertEquals(15.0, w.rotate());
    assertEquals(0.1, w.blurP());
    assertEquals(5, w.gaussianBlurMin());
    assertEquals(7, w.gaussianBlurMax());
    assertEquals(3, w.medianBlur());
    assertEquals(3, w.boxBlur());
    assertEquals(0.2, w.grayP());

    // fine-tune = weak except crop p 0.5, either flip, blur p 0.5, face crop scale 0.08
    WeakSpec f = WeakSpec.fineTunePaper();
    assertEquals(0.5, f.cropP());
    assertEquals(FlipMode.EITHER, f.flip());
    assertEquals(0.5, f.blurP());
    assertEquals(0.08, f.faceCropScaleMin());
    assertEquals(new WeakSpec(WeakSpec.FINETUNE, 0.5, 0.08, w.bodyCropScaleMin(), w.cropScaleMax(),
        w.cropRatioMin(), w.cropRatioMax(), FlipMode.EITHER, w.flipP(), w.ssrP(), w.shift(),
        w.scale(), w.rotate(), 0.5, w.gaussianBlurMin(), w.gaussianBlurMax(), w.motionBlurMin(),
        w.motionBlurMax(), w.medianBlur(), w.boxBlur(), w.grayP()), f);

    assertEquals(new Normalize(0.5, 0.5), Normalize.paper());
  }

  @Test
  void missingKeysTakeTheDefaults() {
    assertEquals(StrongSpec.paper(), StrongSpec.fromConfig(Map.of()));
    assertEquals(StrongSpec.paper(), StrongSpec.fromConfig(null));
    assertEquals(WeakSpec.paper(), WeakSpec.fromConfig(Map.of("pretrain.lr", "1"), WeakSpec.WEAK));
    assertEquals(WeakSpec.fineTunePaper(), WeakSpec.fromConfig(Map.of(), WeakSpec.FINETUNE));
    assertEquals(Normalize.paper(), Normalize.fromConfig(Map.of()));
  }

  /** Every key's component accessor, written out here. */
  private static Map<String, Function<Map<String, String>, Object>> accessors() {
    Map<String, Function<Map<String, String>, Object>> a = new LinkedHashMap<>();
    String st = "augment.strong.";
    a.put(st + "flip_p", m -> StrongSpec.fromConfig(m).flipP());
    a.put(st + "crop_scale_min", m -> StrongSpec.fromConfig(m).cropScaleMin());
    a.put(st + "crop_scale_max", m -> StrongSpec.fromConfig(m).cropScaleMax());
    a.put(st + "crop_ratio_min", m -> StrongSpec.fromConfig(m).cropRatioMin());
    a.put(st + "crop_ratio_max", m -> StrongSpec.fromConfig(m).cropRatioMax());
    a.put(st + "jitter_p", m -> StrongSpec.fromConfig(m).jitterP());
    a.put(st + "brightness", m -> StrongSpec.fromConfig(m).brightness());
    a.put(st + "contrast", m -> StrongSpec.fromConfig(m).contrast());
    a.put(st + "saturation", m -> StrongSpec.fromConfig(m).saturation());
    a.put(st + "hue", m -> StrongSpec.fromConfig(m).hue());
    a.put(st + "gray_p", m -> StrongSpec.fromConfig(m).grayP());
    a.put(st + "blur_p", m -> StrongSpec.fromConfig(m).blurP());
    a.put(st + "blur_kernel", m -> StrongSpec.fromConfig(m).blurKernel());
    a.put(st + "blur_sigma_min", m -> StrongSpec.fromConfig(m).blurSigmaMin());
    a.put(st + "blur_sigma_max", m -> StrongSpec.fromConfig(m).blurSigmaMax());
    for (String sec : List.of(WeakSpec.WEAK, WeakSpec.FINETUNE)) {
      String p = sec + ".";
      Function<Map<String, String>, WeakSpec> w = m -> WeakSpec.fromConfig(m, sec);
      a.put(p + "crop_p", m -> w.apply(m).cropP());
      a.put(p + "face_crop_scale_min", m -> w.apply(m).faceCropScaleMin());
      a.put(p + "body_crop_scale_min", m -> w.apply(m).bodyCropScaleMin());
      a.put(p + "crop_scale_max", m -> w.apply(m).cropScaleMax());
      a.put(p + "crop_ratio_min", m -> w.apply(m).cropRatioMin());
      a.put(p + "crop_ratio_max", m -> w.apply(m).cropRatioMax());
      a.put(p + "flip", m -> w.apply(m).flip());
      a.put(p + "flip_p", m -> w.apply(m).flipP());
      a.put(p + "ssr_p", m -> w.apply(m).ssrP());
      a.put(p + "shift", m -> w.apply(m).shift());
      a.put(p + "scale", m -> w.apply(m).scale());
      a.put(p + "rotate", m -> w.apply(m).rotate());
      a.put(p + "blur_p", m -> w.apply(m).blurP());
      a.put(p + "gaussian_blur_min", m -> w.apply(m).gaussianBlurMin());
      a.put(p + "gaussian_blur_max", m -> w.apply(m).gaussianBlurMax());
      a.put(p + "motion_blur_min", m -> w.apply(m).motionBlurMin());
      a.put(p + "motion_blur_max", m -> w.apply(m).motionBlurMax());
      a.put(p + "median_blur", m -> w.apply(m).medianBlur());
      a.put(p + "box_blur", m -> w.apply(m).boxBlur());
      a.put(p + "gray_p", m -> w.apply(m).grayP());
    }
    a.put("augment.normalize_mean", m -> Normalize.fromConfig(m).mean());
    a.put("augment.normalize_std", m -> Normalize.fromConfig(m).std());
    return a;
  }

  @Test
  void theKeyListIsTheAccessorList() {
    assertEquals(List.copyOf(accessors().keySet()), List.copyOf(AugmentKeys.defaults().keySet()));
    assertEquals(15 + 20 + 20 + 2, AugmentKeys.defaults().size());
    assertEquals("0.08", AugmentKeys.defaults().get("augment.strong.crop_scale_min"));
    assertEquals("9", AugmentKeys.defaults().get("augment.strong.blur_kernel"));
    assertEquals("either", AugmentKeys.defaults().get("augment.finetune.flip"));
    assertEquals("1.3333333333333333", AugmentKeys.defaults().get("augment.weak.crop_ratio_max"));
  }

  /** A valid value other than the default: doubles × 0.9, odd ints + 2, flip vertical. */
  private static String changed(String key, String def) {
    if (key.endsWith(".flip")) {
      return "vertical";
    }
    if (!def.contains(".")) {
      return Integer.toString(Integer.parseInt(def) + 2);
    }
    return Double.toString(Double.parseDouble(def) * 0.9);
  }

  @Test
  void eachKeyReachesItsOwnComponentOnly() {
    Map<String, Function<Map<String, String>, Object>> acc = accessors();
    for (Map.Entry<String, String> e : AugmentKeys.defaults().entrySet()) {
      String key = e.getKey();
      String value = changed(key, e.getValue());
      Map<String, String> m = Map.of(key, value);
      Object got = acc.get(key).apply(m);
      Object want = key.endsWith(".flip") ? FlipMode.VERTICAL
          : value.contains(".") ? (Object) Double.parseDouble(value) : (Object) Integer.parseInt(value);
      assertEquals(want, got, key);
      // every other key keeps its default
      for (Map.Entry<String, Function<Map<String, String>, Object>> o : acc.entrySet()) {
        if (!o.getKey().equals(key)) {
          assertEquals(o.getValue().apply(Map.of()), o.getValue().apply(m), o.getKey() + " after " + key);
        }
      }
    }
  }

  @Test
  void toConfigRoundTrips() {
    Map<String, String> m = new HashMap<>();
    AugmentKeys.defaults().forEach((k, v) -> m.put(k, changed(k, v)));
    Map<String, String> back = new LinkedHashMap<>();
    back.putAll(StrongSpec.fromConfig(m).toConfig());
    back.putAll(WeakSpec.fromConfig(m, WeakSpec.WEAK).toConfig());
    back.putAll(WeakSpec.fromConfig(m, WeakSpec.FINETUNE).toConfig());
    back.putAll(Normalize.fromConfig(m).toConfig());
    assertEquals(m, back);
  }

  private static String rejected(Map<String, String> params) {
    return assertThrows(ReidInputException.class, () -> {
      PretrainAugmentations.fromConfig(params);
      FineTuneAugmentations.fromConfig(params);
    }).getMessage();
  }

  @Test
  void malformedValuesAreRejectedNamingTheKey() {
    for (String key : AugmentKeys.defaults().keySet()) {
      String msg = rejected(Map.of(key, "abc"));
      assertTrue(msg.contains(key) && msg.contains("abc"), msg);
    }
    String msg = rejected(Map.of("augment.strong.blur_sigma_max", "NaN"));
    assertTrue(msg.contains("augment.strong.blur_sigma_max"), msg);
  }

  @Test
  void outOfRangeValuesAreRejectedNamingTheKeyAndValue() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("augment.strong.flip_p", "1.5");
    bad.put("augment.strong.gray_p", "-0.1");
    bad.put("augment.strong.brightness", "-1");
    bad.put("augment.strong.hue", "0.6");
    bad.put("augment.strong.blur_kernel", "8");
    bad.put("augment.strong.crop_scale_min", "0");
    bad.put("augment.weak.crop_p", "2");
    bad.put("augment.weak.rotate", "181");
    bad.put("augment.weak.scale", "0.95");
    bad.put("augment.weak.median_blur", "4");
    bad.put("augment.weak.motion_blur_min", "1");
    bad.put("augment.finetune.blur_p", "1.01");
    bad.put("augment.finetune.shift", "0.6");
    bad.put("augment.normalize_std", "0");
    bad.put("augment.normalize_mean", "1.5");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      String msg = rejected(Map.of(e.getKey(), e.getValue()));
      assertTrue(msg.contains(e.getKey()), msg);
      assertTrue(msg.contains(String.valueOf(Double.parseDouble(e.getValue())))
          || msg.contains(e.getValue()), msg);
    }
    // the boundary values are accepted
    PretrainAugmentations.fromConfig(Map.of("augment.strong.flip_p", "1", "augment.weak.rotate",
        "180", "augment.strong.hue", "0.5", "augment.weak.median_blur", "1"));
  }

  @Test
  void aMinAboveItsMaxIsRejectedNamingBothKeys() {
    String msg = rejected(Map.of("augment.strong.crop_scale_min", "0.9",
        "augment.strong.crop_scale_max", "0.5"));
    assertTrue(msg.contains("augment.strong.crop_scale_min") && msg.contains("augment.strong.crop_scale_max"), msg);
    msg = rejected(Map.of("augment.weak.body_crop_scale_min", "0.8", "augment.weak.crop_scale_max", "0.6"));
    assertTrue(msg.contains("augment.weak.body_crop_scale_min"), msg);
    msg = rejected(Map.of("augment.finetune.gaussian_blur_min", "9"));
    assertTrue(msg.contains("augment.finetune.gaussian_blur_min") && msg.contains("augment.finetune.gaussian_blur_max"), msg);
    msg = rejected(Map.of("augment.strong.blur_sigma_min", "3"));
    assertTrue(msg.contains("augment.strong.blur_sigma_min"), msg);
  }

  @Test
  void unknownAugmentKeysAndFlipModesAreRejected() {
    String msg = rejected(Map.of("augment.strong.flip_prob", "0.5"));
    assertTrue(msg.contains("augment.strong.flip_prob"), msg);
    msg = rejected(Map.of("augment.finetune.flip", "diagonal"));
    assertTrue(msg.contains("augment.finetune.flip") && msg.contains("diagonal"), msg);
    // keys of other sections are not this package's business
    PretrainAugmentations.fromConfig(Map.of("pretrain.flip_prob", "x"));
  }
}
