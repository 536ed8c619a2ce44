package org.comicreid.experiments.config;

/**
 * Whether a key can change what a run computes. Only {@link #RESULT} keys enter the config hash
 * and the per-stage slice hashes; {@link #EXECUTION} keys (where and how things run: paths,
 * services, workers, tracking, timeouts, retries, queues) never do.
 */
public enum KeyScope {
  RESULT,
  EXECUTION
}
