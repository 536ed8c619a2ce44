/**
 * Metric-learning fine-tuning of a linear identity head on frozen features, with meta-mining
 * groups, an exchangeable objective (loss and miner), the fine-tuning options of the paper's
 * Appendix G (fusion, trainable padding, random masking, parts, single-identity groups) and early
 * stopping.
 */
package org.comicreid.learning.finetune;
