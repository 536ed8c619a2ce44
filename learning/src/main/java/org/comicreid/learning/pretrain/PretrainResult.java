package org.comicreid.learning.pretrain;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of a pretraining run.
 *
 * @param finalCheckpoint the checkpoint written at the end
 * @param epochs epochs completed in total (including those before a resume)
 * @param steps optimiser steps done in total (the global step)
 * @param finalLoss loss of the last step ({@code NaN} if this call ran none)
 * @param lossPerStep losses of the steps run by this call, in order
 */
public record PretrainResult(Path finalCheckpoint, int epochs, int steps, double finalLoss,
    List<Double> lossPerStep) {}
