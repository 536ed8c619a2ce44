/**
 * Benchmark support for {@code reid bench}: seeded synthetic data, timing and peak-memory probes,
 * and the pipeline machinery's overhead with no-op stages. Nothing here is used by {@code reid
 * run} or {@code reid worker}.
 */
package org.comicreid.worker.bench;
