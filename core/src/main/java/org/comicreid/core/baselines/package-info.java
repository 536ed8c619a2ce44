/**
 * Baseline embeddings (paper F.4): random normal vectors and per-channel colour histograms; and
 * the face–body fusion by sum used when fine-tuning.
 */
package org.comicreid.core.baselines;
