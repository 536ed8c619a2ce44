package org.comicreid.experiments.report;

import java.util.Objects;

/**
 * One column of a {@link MetricGrid}: a metric's dotted path and a short header label.
 *
 * @param path the metric, e.g. {@code global.semi_supervised.p_at_1}
 * @param label the header shown in rendered tables, e.g. {@code global P@1}
 * @param higherIsBetter false for metrics where lower is better ({@code mean_position}, {@code
 *     loss}); decides which value is marked best
 */
public record GridColumn(String path, String label, boolean higherIsBetter) {

  public GridColumn {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
  }

  /** A column for {@code path} with the label and direction {@link GridColumns} derives from it. */
  public static GridColumn of(String path) {
    return new GridColumn(path, GridColumns.label(path), GridColumns.higherIsBetter(path));
  }
}
