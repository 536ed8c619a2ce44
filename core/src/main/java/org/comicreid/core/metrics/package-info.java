/**
 * Retrieval metrics with pytorch-metric-learning (v2 AccuracyCalculator) semantics: embeddings and
 * their CSV reader, per-query scoring from ranked labels, a plain reference engine and a fast
 * rank-counting engine that runs on a pluggable distance-tile kernel.
 */
package org.comicreid.core.metrics;
