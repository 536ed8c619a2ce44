/** Benchmark support for {@code reid bench}: seeded synthetic data, timing and peak-memory probes. */
package org.comicreid.worker.bench;
