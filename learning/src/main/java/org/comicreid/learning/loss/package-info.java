/**
 * Losses written over DJL NDArrays: NT-Xent (InfoNCE) with its Table-3 metrics for pretraining, and
 * the fine-tuning objectives of paper Table 5 (pytorch-metric-learning semantics): contrastive,
 * triplet margin, multi-similarity, tuplet margin + intra-pair variance, with the all-pairs and
 * multi-similarity miners run per mining group ({@link org.comicreid.learning.loss.Objective}).
 */
package org.comicreid.learning.loss;
