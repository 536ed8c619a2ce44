package org.comicreid.catalog.tracking;

import java.util.Objects;

/**
 * One metric value of a tracking run, as MLflow logs it.
 *
 * @param timestampMillis wall-clock time of the measurement, epoch milliseconds
 */
public record MetricPoint(String key, double value, long step, long timestampMillis) {
  public MetricPoint {
    Objects.requireNonNull(key, "key");
  }
}
