package org.comicreid.worker.temporal;

import java.util.Objects;
import org.comicreid.core.pipeline.TaskQueues;

/**
 * How this process talks to Temporal and serves its queues.
 *
 * @param target {@code host:port} of a Temporal frontend (config {@code temporal.target}); null for
 *     the embedded server
 * @param cpuQueue name of the cpu queue (config {@code temporal.cpu_queue})
 * @param gpuQueue name of the gpu queue (config {@code temporal.gpu_queue})
 * @param cpuConcurrency most activities a cpu worker runs at once ({@code worker.cpu.concurrency})
 * @param gpuConcurrency most activities a gpu worker runs at once ({@code worker.gpu.concurrency})
 */
public record WorkerSettings(
    String target,
    String cpuQueue,
    String gpuQueue,
    int cpuConcurrency,
    int gpuConcurrency,
    String namespace) {

  public WorkerSettings {
    Objects.requireNonNull(cpuQueue, "cpuQueue");
    Objects.requireNonNull(gpuQueue, "gpuQueue");
    if (namespace == null || namespace.isBlank()) {
      namespace = "default";
    }
    if (cpuQueue.equals(gpuQueue)) {
      throw new IllegalArgumentException("cpu and gpu queues must differ, both are " + cpuQueue);
    }
    if (cpuConcurrency < 1 || gpuConcurrency < 1) {
      throw new IllegalArgumentException("worker concurrency must be >= 1");
    }
  }

  /** Embedded server, default queue names, 4 cpu activities and 1 gpu activity at once. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(null, TaskQueues.CPU, TaskQueues.GPU, 4, 1, "default");
  }

  /** The concurrency limit of a queue served by this process. */
  public int concurrencyOf(String queue) {
    if (queue.equals(cpuQueue)) {
      return cpuConcurrency;
    }
    if (queue.equals(gpuQueue)) {
      return gpuConcurrency;
    }
    throw new IllegalArgumentException("unknown queue " + queue);
  }

  /** A copy with another target. */
  public WorkerSettings withTarget(String newTarget) {
    return new WorkerSettings(newTarget, cpuQueue, gpuQueue, cpuConcurrency, gpuConcurrency, namespace);
  }
}
