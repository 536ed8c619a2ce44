package org.comicreid.worker.temporal;

import java.time.Duration;
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
 * @param namespace the Temporal namespace ({@code temporal.namespace})
 * @param stickyTimeout how long a workflow task waits on the sticky queue of the worker that has
 *     the workflow cached ({@code worker.sticky_timeout}); zero turns sticky execution off
 */
public record WorkerSettings(
    String target,
    String cpuQueue,
    String gpuQueue,
    int cpuConcurrency,
    int gpuConcurrency,
    String namespace,
    Duration stickyTimeout) {

  public WorkerSettings {
    Objects.requireNonNull(cpuQueue, "cpuQueue");
    Objects.requireNonNull(gpuQueue, "gpuQueue");
    if (namespace == null || namespace.isBlank()) {
      namespace = "default";
    }
    if (cpuQueue.equals(gpuQueue)) {
      throw new IllegalArgumentException("cpu and gpu queues must differ, both are " + cpuQueue);
    }
    if (stickyTimeout == null) {
      stickyTimeout = DEFAULT_STICKY_TIMEOUT;
    }
    if (stickyTimeout.isNegative()) {
      throw new IllegalArgumentException("worker.sticky_timeout must not be negative: " + stickyTimeout);
    }
    if (cpuConcurrency < 1 || gpuConcurrency < 1) {
      throw new IllegalArgumentException("worker concurrency must be >= 1");
    }
  }

  /** The SDK's default sticky schedule-to-start timeout, also {@code worker.sticky_timeout}'s. */
  public static final Duration DEFAULT_STICKY_TIMEOUT = Duration.ofSeconds(5);

  /** Embedded server, default queue names, 4 cpu activities and 1 gpu activity at once. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(null, TaskQueues.CPU, TaskQueues.GPU, 4, 1, "default", DEFAULT_STICKY_TIMEOUT);
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
    return new WorkerSettings(newTarget, cpuQueue, gpuQueue, cpuConcurrency, gpuConcurrency, namespace,
        stickyTimeout);
  }
}
