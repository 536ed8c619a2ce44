package org.comicreid.learning.pretrain;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Outcome of a pretraining run.
 *
 * @param finalCheckpoint the (resumable) checkpoint written at the end
 * @param bestCheckpoint the model with the lowest validation loss ({@code best.ckpt}), or null
 *     when the run had no validation
 * @param epochs epochs completed in total (including those before a resume)
 * @param steps optimiser steps done in total (the global step)
 * @param finalLoss loss of the last step ({@code NaN} if this call ran none)
 * @param lossPerStep losses of the steps run by this call, in order
 * @param bestStep global step of the best checkpoint (-1 without validation)
 * @param bestMetrics validation metrics of the best checkpoint ({@code ssl_val.<term>.<metric>}
 *     and {@code ssl_val.loss}; empty without validation)
 * @param trainPairs pairs trained on
 * @param validationPairs pairs held out for validation
 * @param lastMetrics validation metrics of the final model (the last validation, at the end of
 *     training; empty without validation)
 */
public record PretrainResult(Path finalCheckpoint, Path bestCheckpoint, int epochs, int steps,
    double finalLoss, List<Double> lossPerStep, long bestStep, Map<String, Double> bestMetrics,
    int trainPairs, int validationPairs, Map<String, Double> lastMetrics) {

  /** Copies the lists and maps. */
  public PretrainResult {
    lossPerStep = List.copyOf(lossPerStep);
    bestMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bestMetrics));
    lastMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lastMetrics));
  }

  /**
   * The model with the lowest validation loss when the run validated (the authors' rule), else the
   * final one.
   */
  public Path selectedCheckpoint() {
    return bestCheckpoint != null ? bestCheckpoint : finalCheckpoint;
  }
}
