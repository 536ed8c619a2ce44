/**
 * Metric grids: results of runs, sweeps and tracked runs laid out as rows (runs or sweep members,
 * aggregated over seeds) by columns (dotted metric paths such as {@code
 * global.semi_supervised.p_at_1}), rendered as terminal text, CSV, Markdown or HTML, alone or side
 * by side ({@code reid compare}).
 *
 * <p>A metric is addressed by the same dotted path everywhere: as a path into the nested JSON of
 * {@code reid run --json} and {@code reid sweep --json}, and as the flat metric key of a tracked
 * pipeline run. {@link org.comicreid.experiments.report.MetricDocs} converts between the two.
 */
package org.comicreid.experiments.report;
