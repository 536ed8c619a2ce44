package org.comicreid.learning.finetune;

import java.nio.file.Path;

/**
 * Outcome of fine-tuning.
 *
 * @param bestCheckpoint the head with the best validation score ({@code best.ckpt})
 * @param epochsRun epochs completed in total (including those before a resume)
 * @param bestEpoch 0-based epoch of the best score (−1 if no score was finite)
 * @param bestScore best validation score
 * @param finalLoss mean training loss of the last epoch
 */
public record FineTuneResult(Path bestCheckpoint, int epochsRun, int bestEpoch, double bestScore,
    double finalLoss) {}
