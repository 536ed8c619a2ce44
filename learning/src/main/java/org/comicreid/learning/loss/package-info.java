/** Losses written over DJL NDArrays: NT-Xent (InfoNCE) with its Table-3 metrics, and the pytorch-metric-learning contrastive loss. */
package org.comicreid.learning.loss;
