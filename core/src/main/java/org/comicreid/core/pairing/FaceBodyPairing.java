package org.comicreid.core.pairing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;

/**
 * Pairs the faces and bodies of one panel into character instances.
 *
 * <p>Both rules visit the faces from the top of the panel (ascending {@code y1}, ties by face
 * index), and each body is used at most once: a face only considers bodies that no earlier face
 * took, so a face whose best body was already claimed falls back to its next candidate, if any.
 * The paper does not say whether a body may go to two faces; this one-body-per-face choice follows
 * the authors' related code and keeps every body in exactly one instance.
 *
 * <ul>
 *   <li>{@link PairingRule#PAPER}: candidates have rate &gt; threshold (strict); the smallest
 *       {@code |face.y1 - body.y1|} wins, ties by lower body index.
 *   <li>{@link PairingRule#AUTHORS_CODE}: candidates have rate &gt;= threshold; the highest rate
 *       wins, ties by lower body index.
 * </ul>
 *
 * <p>Output order: one entry per face in face-index order ({@code (face, body)} or
 * {@code (face, -1)}), then one {@code (-1, body)} entry per unmatched body in body-index order.
 * Every face and every body appears exactly once.
 */
public final class FaceBodyPairing {
  private FaceBodyPairing() {}

  /** Pairs with the rule's default threshold. */
  public static List<Pairing> pair(List<Box> faces, List<Box> bodies, PairingRule rule) {
    return pair(faces, bodies, rule, rule.defaultThreshold());
  }

  /**
   * Pairs faces with bodies.
   *
   * @param faces face boxes of one panel
   * @param bodies body boxes of the same panel
   * @param rule the pairing rule
   * @param threshold intersection-rate threshold in [0,1]
   */
  public static List<Pairing> pair(List<Box> faces, List<Box> bodies, PairingRule rule, double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new ReidInputException("pairing threshold must be in [0,1], got " + threshold);
    }
    int nf = faces.size();
    int nb = bodies.size();
    int[] bodyOfFace = new int[nf];
    boolean[] used = new boolean[nb];
    Integer[] order = IntStream.range(0, nf).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(
        order, Comparator.<Integer>comparingDouble(i -> faces.get(i).y1()).thenComparingInt(i -> i));
    for (int f : order) {
      Box face = faces.get(f);
      int best = -1;
      double bestKey = 0;
      for (int b = 0; b < nb; b++) {
        if (used[b]) {
          continue;
        }
        Box body = bodies.get(b);
        double rate = rate(face, body);
        if (rule == PairingRule.PAPER) {
          if (rate > threshold) {
            double key = Math.abs(face.y1() - body.y1());
            if (best < 0 || key < bestKey) {
              best = b;
              bestKey = key;
            }
          }
        } else if (rate >= threshold) {
          if (best < 0 || rate > bestKey) {
            best = b;
            bestKey = rate;
          }
        }
      }
      bodyOfFace[f] = best;
      if (best >= 0) {
        used[best] = true;
      }
    }
    List<Pairing> out = new ArrayList<>(nf + nb);
    for (int f = 0; f < nf; f++) {
      out.add(new Pairing(f, bodyOfFace[f]));
    }
    for (int b = 0; b < nb; b++) {
      if (!used[b]) {
        out.add(new Pairing(-1, b));
      }
    }
    return out;
  }

  /** {@code area(face ∩ body) / area(face)}, 0 when the face has no area. */
  public static double rate(Box face, Box body) {
    double a = face.area();
    return a > 0 ? face.intersectionArea(body) / a : 0;
  }
}
