package org.comicreid.worker.bench;

import java.util.Arrays;
import java.util.function.Supplier;

/** Warm-up plus timed repetitions; reports the median wall time. */
public final class Timing {
  private Timing() {}

  /**
   * The result of the last repetition, the wall times (seconds) of the timed repetitions and the
   * process CPU time (all threads, seconds) they used in total.
   */
  public record Result<T>(T value, double[] seconds, double cpuSeconds) {
    /** Process CPU seconds per timed repetition (wall time under load overstates the work). */
    public double cpuSecondsPerRun() {
      return cpuSeconds / seconds.length;
    }

    /** Median of the timed repetitions. */
    public double median() {
      double[] s = seconds.clone();
      Arrays.sort(s);
      int n = s.length;
      return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Smallest and largest. */
    public double min() {
      return Arrays.stream(seconds).min().orElse(Double.NaN);
    }

    /** Largest. */
    public double max() {
      return Arrays.stream(seconds).max().orElse(Double.NaN);
    }
  }

  /** Runs {@code warmups} untimed then {@code reps} timed calls. */
  public static <T> Result<T> run(int warmups, int reps, Supplier<T> task) {
    T value = null;
    for (int i = 0; i < warmups; i++) {
      value = task.get();
    }
    double[] s = new double[reps];
    long cpu0 = processCpuNanos();
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      value = task.get();
      s[i] = (System.nanoTime() - t0) / 1e9;
    }
    double cpu = cpu0 < 0 ? Double.NaN : (processCpuNanos() - cpu0) / 1e9;
    return new Result<>(value, s, cpu);
  }

  /** Process CPU time in nanoseconds, or -1 when the JVM does not report it. */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }
}
