package org.comicreid.learning.augment;

import static org.comicreid.learning.augment.Fixtures.chw;
import static org.comicreid.learning.augment.Fixtures.denorm;
import static org.comicreid.learning.augment.Fixtures.hmirror;
import static org.comicreid.learning.augment.Fixtures.maxDiff;
import static org.comicreid.learning.augment.Fixtures.strong;
import static org.comicreid.learning.augment.Fixtures.strongOff;
import static org.comicreid.learning.augment.Fixtures.weak;
import static org.comicreid.learning.augment.Fixtures.weakOff;
import static org.comicreid.learning.augment.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.comicreid.learning.data.CropImage;
import org.junit.jupiter.api.Test;

/** Probabilities of each operation, determinism, and the views built from config. */
class AugmentViewsTest {

  private static final int S = 8;
  private static final int SEEDS = 200;
  private static final CropImage CROP = Fixtures.random(S, 21);

  /** Channels equal everywhere (the random input never has that). */
  private static boolean gray(double[] out) {
    int n = S * S;
    for (int i = 0; i < n; i++) {
      if (Math.abs(out[i] - out[n + i]) > 1e-6 || Math.abs(out[i] - out[2 * n + i]) > 1e-6) {
        return false;
      }
    }
    return true;
  }

  private static boolean changed(double[] in, double[] out) {
    return maxDiff(in, out) > 1e-6;
  }

  /**
   * How many of {@link #SEEDS} seeds show the operation: {@code view(p)} is the view with the
   * operation at probability p and every other operation off.
   */
  private static int count(Function<String, Augmentation> view, String p,
      BiPredicate<double[], double[]> applied) {
    Augmentation a = view.apply(p);
    double[] in = chw(CROP);
    int n = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      if (applied.test(in, denorm(a.apply(CROP, new SplittableRandom(seed))))) {
        n++;
      }
    }
    return n;
  }

  private static void checkGate(String name, Function<String, Augmentation> view,
      BiPredicate<double[], double[]> applied) {
    assertEquals(0, count(view, "0", applied), name + " at p = 0");
    assertEquals(SEEDS, count(view, "1", applied), name + " at p = 1");
    // binomial(200, 0.3): mean 60, sd 6.5; 4.5 sd either way
    int n = count(view, "0.3", applied);
    assertTrue(n > 30 && n < 90, name + " at p = 0.3 applied " + n + " times of " + SEEDS);
  }

  @Test
  void eachStrongOperationFollowsItsProbability() {
    checkGate("strong flip", p -> strong(with(strongOff(), "augment.strong.flip_p", p), S),
        (in, out) -> maxDiff(out, hmirror(in, S)) < 1e-6);
    checkGate("strong jitter", p -> strong(with(strongOff(), "augment.strong.jitter_p", p), S),
        AugmentViewsTest::changed);
    checkGate("strong gray", p -> strong(with(strongOff(), "augment.strong.gray_p", p), S),
        (in, out) -> gray(out));
    checkGate("strong blur", p -> strong(with(strongOff(), "augment.strong.blur_p", p,
        "augment.strong.blur_sigma_min", "0.5"), S), AugmentViewsTest::changed);
  }

  @Test
  void eachWeakOperationFollowsItsProbability() {
    for (String section : List.of(WeakSpec.WEAK, WeakSpec.FINETUNE)) {
      Function<String[], Augmentation> v = kv -> {
        Map<String, String> m = with(weakOff(section));
        for (int i = 0; i < kv.length; i += 2) {
          m.put(section + "." + kv[i], kv[i + 1]);
        }
        return section.equals(WeakSpec.WEAK) ? PretrainAugmentations.fromConfig(m).weakFace()
            : FineTuneAugmentations.fromConfig(m).face();
      };
      // a crop of at most half the area always changes the image
      checkGate(section + " crop", p -> v.apply(new String[] {"crop_p", p, "crop_scale_max", "0.5"}),
          AugmentViewsTest::changed);
      checkGate(section + " flip", p -> v.apply(new String[] {"flip_p", p, "flip", "horizontal"}),
          (in, out) -> maxDiff(out, hmirror(in, S)) < 1e-6);
      checkGate(section + " shift-scale-rotate", p -> v.apply(new String[] {"ssr_p", p}),
          AugmentViewsTest::changed);
      checkGate(section + " blur", p -> v.apply(new String[] {"blur_p", p}),
          AugmentViewsTest::changed);
      checkGate(section + " gray", p -> v.apply(new String[] {"gray_p", p}),
          (in, out) -> gray(out));
    }
  }

  private static List<Augmentation> allPaperViews() {
    PretrainAugmentations p = PretrainAugmentations.paper();
    FineTuneAugmentations f = FineTuneAugmentations.paper();
    return List.of(p.strongFace(), p.strongBody(), p.weakFace(), p.weakBody(), f.face(), f.body());
  }

  @Test
  void theSameSeedGivesTheSameViewAndOtherSeedsOtherViews() {
    CropImage c = Fixtures.random(16, 22);
    for (Augmentation a : allPaperViews()) {
      float[] x = a.apply(c, new SplittableRandom(5));
      assertArrayEquals(x, a.apply(c, new SplittableRandom(5)), 0f, a.toString());
      int differing = 0;
      for (long seed = 6; seed < 26; seed++) {
        if (!Arrays.equals(x, a.apply(c, new SplittableRandom(seed)))) {
          differing++;
        }
      }
      // strong views always differ (sigma); a paper weak view is the identity with probability
      // 0.75 · 0.5 · 0.5 · 0.9 · 0.8 ≈ 0.14, a fine-tune one with 0.5 · 0.5 · 0.5 · 0.5 · 0.8 = 0.05
      assertTrue(differing >= 12, a + " varied only " + differing + " times of 20");
    }
  }

  @Test
  void aGateDrawsItsNumberWhateverItsProbability() {
    // flip_p 0 and flip_p 1 consume the same draws, so the rest of the view is the same and the
    // flipped view is the mirror of the unflipped one (every later step commutes with a mirror)
    CropImage c = Fixtures.random(12, 23);
    Map<String, String> base = Map.of("augment.strong.flip_p", "0");
    Map<String, String> flipped = Map.of("augment.strong.flip_p", "1");
    for (long seed = 0; seed < 10; seed++) {
      double[] a = denorm(strong(base, 12).apply(c, new SplittableRandom(seed)));
      double[] b = denorm(strong(flipped, 12).apply(c, new SplittableRandom(seed)));
      assertEquals(0, maxDiff(hmirror(a, 12), b), 1e-5);
    }
    // the weak view: gray_p 0 vs 1 gives the grayscale of the same view
    Map<String, String> w0 = Map.of("augment.weak.gray_p", "0");
    Map<String, String> w1 = Map.of("augment.weak.gray_p", "1");
    int n = 144;
    for (long seed = 0; seed < 10; seed++) {
      double[] a = denorm(weak(w0, 12).apply(c, new SplittableRandom(seed)));
      double[] b = denorm(weak(w1, 12).apply(c, new SplittableRandom(seed)));
      for (int i = 0; i < n; i++) {
        double lum = 0.299 * a[i] + 0.587 * a[n + i] + 0.114 * a[2 * n + i];
        assertEquals(lum, b[i], 1e-5);
      }
    }
  }

  @Test
  void thePaperFactoriesEqualTheViewsOfTheDefaultConfig() {
    CropImage face = Fixtures.random(16, 24);
    List<Augmentation> fromFactories = List.of(StrongAugment.faces(), StrongAugment.bodies(),
        WeakAugment.faces(), WeakAugment.bodies(), new StrongAugment(96));
    PretrainAugmentations cfg = PretrainAugmentations.fromConfig(Map.of("pretrain.lr", "0.1"));
    List<Augmentation> fromConfig = List.of(cfg.strongFace(), cfg.strongBody(), cfg.weakFace(),
        cfg.weakBody(), cfg.strongFace());
    for (int i = 0; i < fromFactories.size(); i++) {
      for (long seed = 0; seed < 5; seed++) {
        assertArrayEquals(fromFactories.get(i).apply(face, new SplittableRandom(seed)),
            fromConfig.get(i).apply(face, new SplittableRandom(seed)), 0f);
      }
    }
    // face and body views differ (blur reference, crop scale): a negative control
    List<Boolean> same = new ArrayList<>();
    for (long seed = 0; seed < 5; seed++) {
      same.add(Arrays.equals(StrongAugment.faces().apply(face, new SplittableRandom(seed)),
          StrongAugment.bodies().apply(face, new SplittableRandom(seed))));
    }
    assertFalse(same.stream().allMatch(b -> b));
    assertEquals(96, ((StrongAugment) cfg.strongFace()).referenceSize());
    assertEquals(128, ((WeakAugment) cfg.weakBody()).referenceSize());
  }

  @Test
  void aChangedKeyChangesTheViewsSettings() {
    PretrainAugmentations p = PretrainAugmentations.fromConfig(Map.of(
        "augment.strong.gray_p", "0.7", "augment.weak.body_crop_scale_min", "0.3"));
    assertEquals(0.7, ((StrongAugment) p.strongBody()).spec().grayP());
    assertEquals(0.3, ((WeakAugment) p.weakBody()).spec().bodyCropScaleMin());
    assertEquals(0.3, ((WeakAugment) p.weakFace()).spec().cropScaleMin(
        org.comicreid.core.dataset.PartKind.BODY));
    assertEquals(0.2, ((WeakAugment) p.weakFace()).spec().cropScaleMin(
        org.comicreid.core.dataset.PartKind.FACE));
    // the fine-tune keys do not touch pretraining, and the reverse
    PretrainAugmentations q = PretrainAugmentations.fromConfig(Map.of("augment.finetune.gray_p", "0.9"));
    assertEquals(WeakSpec.paper(), ((WeakAugment) q.weakFace()).spec());
    FineTuneAugmentations f = FineTuneAugmentations.fromConfig(Map.of(
        "augment.weak.gray_p", "0.9", "augment.finetune.blur_p", "0.05"));
    assertEquals(0.2, ((WeakAugment) f.face()).spec().grayP());
    assertEquals(0.05, ((WeakAugment) f.body()).spec().blurP());
  }
}
