package org.comicreid.core.metrics;

/**
 * The five retrieval metrics (pytorch-metric-learning names in brackets), each averaged over the
 * queries that have at least one relevant reference, or over classes first with avg_of_avgs. A
 * metric is {@code NaN} when every query is lone.
 *
 * @param map mean average precision over all references ({@code mean_average_precision})
 * @param mapAtR mean average precision at R ({@code mean_average_precision_at_r})
 * @param mrr mean reciprocal rank of the first correct reference ({@code mean_reciprocal_rank})
 * @param pAt1 precision at 1 ({@code precision_at_1})
 * @param rPrecision R-precision ({@code r_precision})
 * @param queriesUsed queries that entered the averages
 * @param loneQueries queries left out because no reference shares their label
 */
public record RetrievalMetrics(
    double map, double mapAtR, double mrr, double pAt1, double rPrecision, int queriesUsed, int loneQueries) {}
