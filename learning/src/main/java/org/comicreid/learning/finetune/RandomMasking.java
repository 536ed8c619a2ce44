package org.comicreid.learning.finetune;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random masking of a face or a body ({@code finetune.mask_p}, paper Appendix G.2), training
 * only: each instance that has both parts has, with probability p, one of them (face or body,
 * 50/50) treated as missing, i.e. replaced by the padding.
 *
 * <p>The authors' weights were {@code p // 2}, which is 0 for every p &lt; 2, so their code never
 * masked (FACTS "Option quirks"); here p is the total masking probability and each part is masked
 * with p/2 (the paper's run: 0.4 in total, "distributed equally").
 *
 * <p>Draws, in row order, for each two-part instance one {@code nextDouble()} (masked when it is
 * &lt; p) and, when masked, one {@code nextBoolean()} (true = the face is masked). Single-part
 * instances draw nothing. The generator is the caller's (the trainer seeds it from (seed, epoch,
 * batch), so a resumed run masks exactly as the uninterrupted one).
 */
public final class RandomMasking {

  private RandomMasking() {}

  /**
   * The instances with their masked parts removed (unmasked ones are returned as they are).
   *
   * @param p masking probability in [0, 1]
   * @throws IllegalArgumentException when p is outside [0, 1] (naming {@code finetune.mask_p})
   */
  public static List<FineTuneData.Instance> apply(List<FineTuneData.Instance> rows, double p,
      Random rnd) {
    check(p);
    List<FineTuneData.Instance> out = new ArrayList<>(rows.size());
    for (FineTuneData.Instance in : rows) {
      if (p > 0 && in.face() != null && in.body() != null && rnd.nextDouble() < p) {
        boolean face = rnd.nextBoolean();
        out.add(new FineTuneData.Instance(face ? null : in.face(), face ? in.body() : null,
            in.identity(), in.series()));
      } else {
        out.add(in);
      }
    }
    return out;
  }

  static void check(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("finetune.mask_p: expected a probability in [0, 1], got " + p);
    }
  }
}
