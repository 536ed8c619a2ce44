/**
 * Identity-aware SimCLR pretraining in the paper's variants (face, body, unaligned, aligned,
 * separate): settings, the resumable epoch loop with Table-3 validation and best-model selection,
 * and a throughput probe.
 */
package org.comicreid.learning.pretrain;
