package org.comicreid.core.threshold;

/**
 * One ROC point: predicting "same identity" for pair distances {@code <= threshold}.
 *
 * @param fpr false positive rate: negatives at or below the threshold / negatives
 * @param tpr true positive rate: positives at or below the threshold / positives
 * @param threshold the distance; {@code -Infinity} for the point (0,0) where nothing is predicted
 *     same
 */
public record RocPoint(double fpr, double tpr, double threshold) {}
