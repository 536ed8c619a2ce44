package org.comicreid.core.threshold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.comicreid.core.ReidInputException;

/**
 * Threshold rules for the clustering distance threshold (paper Appendix H).
 *
 * <p>Standard deviations are population standard deviations (divide by n, numpy's default
 * {@code np.std}), as the authors' validation code computes mean/std with numpy.
 */
public final class ThresholdSelection {
  private ThresholdSelection() {}

  /**
   * {@code mean(pos) + k * std(pos)}, without negative statistics (negative fields, J and AUC are
   * NaN, the ROC empty).
   */
  public static ThresholdChoice meanStd(double[] positiveDistances, double k) {
    return meanStd(positiveDistances, new double[0], k);
  }

  /**
   * {@code mean(pos) + k * std(pos)}, with negative statistics, the ROC, its AUC and the J of the
   * chosen threshold filled in when {@code neg} is not empty.
   */
  public static ThresholdChoice meanStd(double[] pos, double[] neg, double k) {
    check(pos, "positive");
    if (!Double.isFinite(k)) {
      throw new ReidInputException("k must be finite, got " + k);
    }
    double t = mean(pos) + k * std(pos);
    if (neg.length == 0) {
      return new ThresholdChoice(
          ThresholdChoice.Rule.MEAN_STD, t, mean(pos), std(pos), Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, List.of());
    }
    check(neg, "negative");
    List<RocPoint> roc = roc(pos, neg);
    return new ThresholdChoice(
        ThresholdChoice.Rule.MEAN_STD, t, mean(pos), std(pos), mean(neg), std(neg),
        youdenAt(pos, neg, t), auc(roc), roc);
  }

  /**
   * Youden's rule. The ROC has one point per distinct distance {@code v} in {@code pos ∪ neg}
   * (predict same when distance {@code <= v}), preceded by (0,0) at {@code -Infinity}. The point
   * with the largest TPR - FPR wins, ties to the smaller threshold. The returned threshold is the
   * midpoint between the winning distance and the next larger distinct distance, so that under the
   * clustering rule (merge while distance &lt; threshold) exactly the pairs the winning ROC point
   * called "same" are below it; when (0,0) wins it is the smallest distance, when the largest
   * distance wins it is {@code Math.nextUp} of it.
   */
  public static ThresholdChoice youden(double[] pos, double[] neg) {
    check(pos, "positive");
    check(neg, "negative");
    List<RocPoint> roc = roc(pos, neg);
    double[] values = distinct(pos, neg);
    int bestIndex = 0;
    double bestJ = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < roc.size(); i++) {
      double j = roc.get(i).tpr() - roc.get(i).fpr();
      if (j > bestJ) {
        bestJ = j;
        bestIndex = i;
      }
    }
    double t;
    if (bestIndex == 0) {
      t = values[0];
    } else if (bestIndex == values.length) {
      t = Math.nextUp(values[values.length - 1]);
    } else {
      t = (values[bestIndex - 1] + values[bestIndex]) / 2;
    }
    return new ThresholdChoice(
        ThresholdChoice.Rule.YOUDEN, t, mean(pos), std(pos), mean(neg), std(neg), bestJ, auc(roc), roc);
  }

  /** The ROC points, (0,0) at -Infinity first, then one per distinct distance ascending. */
  public static List<RocPoint> roc(double[] pos, double[] neg) {
    double[] p = pos.clone();
    double[] n = neg.clone();
    Arrays.sort(p);
    Arrays.sort(n);
    List<RocPoint> out = new ArrayList<>();
    out.add(new RocPoint(0, 0, Double.NEGATIVE_INFINITY));
    int ip = 0;
    int in = 0;
    for (double v : distinct(pos, neg)) {
      while (ip < p.length && p[ip] <= v) {
        ip++;
      }
      while (in < n.length && n[in] <= v) {
        in++;
      }
      out.add(new RocPoint((double) in / n.length, (double) ip / p.length, v));
    }
    return out;
  }

  /** Trapezoidal area under ROC points given in ascending threshold order. */
  public static double auc(List<RocPoint> roc) {
    double a = 0;
    for (int i = 1; i < roc.size(); i++) {
      RocPoint u = roc.get(i - 1);
      RocPoint v = roc.get(i);
      a += (v.fpr() - u.fpr()) * (v.tpr() + u.tpr()) / 2;
    }
    return a;
  }

  /** TPR - FPR when pairs with distance strictly below {@code t} are predicted same. */
  public static double youdenAt(double[] pos, double[] neg, double t) {
    return (double) countBelow(pos, t) / pos.length - (double) countBelow(neg, t) / neg.length;
  }

  /** Arithmetic mean. */
  public static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Population standard deviation (divides by n). */
  public static double std(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / x.length);
  }

  private static int countBelow(double[] x, double t) {
    int c = 0;
    for (double v : x) {
      if (v < t) {
        c++;
      }
    }
    return c;
  }

  private static double[] distinct(double[] a, double[] b) {
    double[] all = new double[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return Arrays.stream(all).sorted().distinct().toArray();
  }

  private static void check(double[] x, String what) {
    if (x.length == 0) {
      throw new ReidInputException("no " + what + " pair distances to choose a threshold from");
    }
    for (double v : x) {
      if (!Double.isFinite(v)) {
        throw new ReidInputException(what + " pair distance is not finite: " + v);
      }
    }
  }
}
