package org.comicreid.experiments.report.plots;

import java.awt.FontMetrics;
import java.util.Locale;

/** Tick values and text that must fit: nice tick steps, their formatting, abbreviation. */
final class Labels {
  private Labels() {}

  /** Tick positions over an axis range. */
  record Ticks(double min, double max, double step, double[] values) {}

  /**
   * Ticks over {@code [lo, hi]} with a step of 1, 2 or 5 times a power of ten, about {@code target}
   * of them; the range is widened to whole steps when {@code widen}.
   */
  static Ticks ticks(double lo, double hi, int target, boolean widen) {
    double step = niceStep((hi - lo) / Math.max(1, target));
    double min = widen ? Math.floor(lo / step + 1e-9) * step : lo;
    double max = widen ? Math.ceil(hi / step - 1e-9) * step : hi;
    if (max <= min) {
      max = min + step;
    }
    int first = (int) Math.ceil(min / step - 1e-9);
    int last = (int) Math.floor(max / step + 1e-9);
    double[] v = new double[Math.max(0, last - first + 1)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (first + i) * step;
    }
    return new Ticks(min, max, step, v);
  }

  static double niceStep(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double n = raw / mag;
    double m = n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10;
    return m * mag;
  }

  /** A tick value with as many decimals as its step needs. */
  static String tick(double v, double step) {
    if (Math.abs(v) < step * 1e-6) {
      v = 0;
    }
    double a = Math.max(Math.abs(v), step);
    if (a >= 1e6 || step < 1e-4) {
      return String.format(Locale.ROOT, "%.2g", v);
    }
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /**
   * {@code s} shortened with a middle ellipsis to fit {@code maxWidth} pixels (both ends of sweep
   * member names are the distinguishing parts).
   */
  static String fit(String s, FontMetrics fm, int maxWidth) {
    if (fm.stringWidth(s) <= maxWidth) {
      return s;
    }
    for (int keep = s.length() - 1; keep > 1; keep--) {
      int head = (keep + 1) / 2;
      String t = s.substring(0, head) + "\u2026" + s.substring(s.length() - (keep - head));
      if (fm.stringWidth(t) <= maxWidth) {
        return t;
      }
    }
    return s.isEmpty() ? s : s.charAt(0) + "\u2026";
  }
}
