/** Metric-learning fine-tuning of a linear identity head on frozen features, with meta-mining groups and early stopping. */
package org.comicreid.learning.finetune;
