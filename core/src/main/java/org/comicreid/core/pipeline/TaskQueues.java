package org.comicreid.core.pipeline;

/**
 * The Temporal task queue names, kept in one place. Training stages ({@link Stage#isTraining()})
 * go to {@link #GPU} by default, everything else (and the workflow itself and the stage ledger) to
 * {@link #CPU}; config ({@code temporal.cpu_queue}, {@code temporal.gpu_queue}, {@code
 * <stage>.queue}) can override the names.
 */
public final class TaskQueues {

  /** Default queue for the workflow, the stage ledger and the non-training stages. */
  public static final String CPU = "reid-cpu";

  /** Default queue for the training stages (pretrain, finetune). */
  public static final String GPU = "reid-gpu";

  private TaskQueues() {}

  /** The default queue of a stage: {@link #GPU} for training stages, {@link #CPU} otherwise. */
  public static String defaultFor(Stage stage) {
    return stage.isTraining() ? GPU : CPU;
  }

  /** The queue of a stage given the configured cpu and gpu queue names. */
  public static String forStage(Stage stage, String cpuQueue, String gpuQueue) {
    return stage.isTraining() ? gpuQueue : cpuQueue;
  }
}
