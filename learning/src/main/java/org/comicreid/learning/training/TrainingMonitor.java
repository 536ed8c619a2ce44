package org.comicreid.learning.training;

import java.nio.file.Path;

/**
 * Progress and cancellation hook of the trainers (a heartbeat in a Temporal activity). The trainers
 * call {@link #cancelled()} after every step; when it answers true they write a checkpoint and throw
 * {@link java.util.concurrent.CancellationException}.
 */
public interface TrainingMonitor {

  /** After each optimiser step ({@code epoch} and {@code step} 0-based, {@code globalStep} counts steps done). */
  void onStep(int epoch, int step, long globalStep, long totalSteps, double loss, double lr);

  /** After a checkpoint has been written (atomically). */
  void onCheckpoint(java.nio.file.Path checkpoint, long globalStep);

  /**
   * After a validation pass of self-supervised pretraining ({@code epoch} 0-based: the epoch that
   * just ended, or the current one for the validation at the end of a capped run). Keys are
   * {@code ssl_val.<face|body|identity>.<loss|top1|top5|mean_position>} for each term the model can
   * compute, and {@code ssl_val.loss}, the model-selection loss (sum of the trained terms' losses).
   */
  default void onValidation(int epoch, long globalStep, java.util.Map<String, Double> metrics) {}

  /**
   * After each batch of a validation pass ({@code batch} 1-based of {@code batches}), so that a
   * long validation can heartbeat.
   */
  default void onValidationBatch(int batch, int batches) {}

  /** Whether the run should stop (checked every step). */
  boolean cancelled();

  /** A monitor that ignores everything and never cancels. */
  static TrainingMonitor none() {
    return new TrainingMonitor() {
      @Override
      public void onStep(int epoch, int step, long globalStep, long totalSteps, double loss, double lr) {}

      @Override
      public void onCheckpoint(Path checkpoint, long globalStep) {}

      @Override
      public boolean cancelled() {
        return false;
      }
    };
  }
}
