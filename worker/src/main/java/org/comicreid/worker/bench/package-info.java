/**
 * Benchmark hooks (wired into {@code reid bench} by the lead): the pipeline machinery's overhead
 * with no-op stages. Nothing here is used by {@code reid run} or {@code reid worker}.
 */
package org.comicreid.worker.bench;
