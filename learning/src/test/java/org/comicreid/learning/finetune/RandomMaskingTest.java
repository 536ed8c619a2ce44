package org.comicreid.learning.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomMaskingTest {

  static final float[] F = {1f};
  static final float[] B = {2f};

  /** Two-part instances, and every third one single-part. */
  static List<FineTuneData.Instance> rows(int n) {
    List<FineTuneData.Instance> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(switch (i % 3) {
        case 1 -> new FineTuneData.Instance(F, null, i, "S");
        case 2 -> new FineTuneData.Instance(null, B, i, "S");
        default -> new FineTuneData.Instance(F, B, i, "S");
      });
    }
    return out;
  }

  @Test
  void zeroNeverMasks() {
    List<FineTuneData.Instance> in = rows(300);
    List<FineTuneData.Instance> out = RandomMasking.apply(in, 0, new Random(1));
    for (int i = 0; i < in.size(); i++) {
      assertSame(in.get(i), out.get(i));
    }
  }

  @Test
  void oneAlwaysMasksExactlyOnePartOfTwoPartInstancesOnly() {
    List<FineTuneData.Instance> in = rows(300);
    List<FineTuneData.Instance> out = RandomMasking.apply(in, 1, new Random(2));
    int faces = 0;
    for (int i = 0; i < in.size(); i++) {
      FineTuneData.Instance a = in.get(i);
      FineTuneData.Instance b = out.get(i);
      assertEquals(a.identity(), b.identity());
      if (a.face() != null && a.body() != null) {
        assertTrue((b.face() == null) != (b.body() == null), "row " + i + " lost not exactly one part");
        faces += b.face() == null ? 1 : 0;
      } else {
        assertSame(a, b, "single-part row " + i + " was touched");
      }
    }
    // 100 two-part rows, face or body 50/50: within 4.5 standard deviations (σ = 5)
    assertTrue(Math.abs(faces - 50) <= 22, "faces masked " + faces + " of 100");
  }

  @Test
  void aFractionPMasksAboutPAndIsReproducible() {
    List<FineTuneData.Instance> in = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      in.add(new FineTuneData.Instance(F, B, i, "S"));
    }
    List<FineTuneData.Instance> out = RandomMasking.apply(in, 0.4, new Random(3));
    long masked = out.stream().filter(x -> x.face() == null || x.body() == null).count();
    // binomial(4000, 0.4): mean 1600, σ ≈ 31
    assertTrue(Math.abs(masked - 1600) < 140, "masked " + masked);
    List<FineTuneData.Instance> again = RandomMasking.apply(in, 0.4, new Random(3));
    List<FineTuneData.Instance> other = RandomMasking.apply(in, 0.4, new Random(4));
    int diff = 0;
    for (int i = 0; i < in.size(); i++) {
      assertEquals(out.get(i).face() == null, again.get(i).face() == null);
      assertEquals(out.get(i).body() == null, again.get(i).body() == null);
      diff += (out.get(i).face() == null) != (other.get(i).face() == null) ? 1 : 0;
    }
    assertNotEquals(0, diff, "another generator masked the same rows");
  }

  @Test
  void aProbabilityOutsideZeroOneIsRefusedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RandomMasking.apply(rows(3), 2, new Random(1)));
    assertTrue(e.getMessage().contains("finetune.mask_p") && e.getMessage().contains("2"));
  }
}
