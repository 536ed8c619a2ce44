package org.comicreid.experiments.tracking;

import java.util.Objects;

/**
 * One metric value. The timestamp is fixed when the point is made, so a point resent after an
 * outage is the same point (MLflow drops exact duplicates).
 *
 * @param key metric name
 * @param value the value
 * @param step the step (epoch, batch, threshold index...)
 * @param timestampMillis wall-clock time in milliseconds since the epoch
 */
public record MetricPoint(String key, double value, long step, long timestampMillis) {

  public MetricPoint {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("metric key must not be blank");
    }
  }

  /** A point stamped now. */
  public static MetricPoint of(String key, double value, long step) {
    return new MetricPoint(key, value, step, System.currentTimeMillis());
  }
}
