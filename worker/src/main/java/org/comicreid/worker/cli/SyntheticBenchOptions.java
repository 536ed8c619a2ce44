package org.comicreid.worker.cli;

import org.comicreid.core.ReidInputException;
import picocli.CommandLine.Option;

/**
 * Options shared by the benchmarks on seeded synthetic embeddings ({@code bench metrics}, {@code
 * bench cluster}): the data's shape and seed, and how many untimed and timed runs to make.
 */
public final class SyntheticBenchOptions {

  @Option(names = "--dim", defaultValue = "256", description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--spread", defaultValue = "1.5",
      description = "Noise per dimension relative to the identity centres (default: ${DEFAULT-VALUE}).")
  double spread;

  @Option(names = "--warmup", defaultValue = "1", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--reps", defaultValue = "3", description = "Timed runs (default: ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--seed", defaultValue = "1", description = "Data seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /** Rejects values no benchmark can run with. */
  void validate() {
    if (reps < 1 || warmup < 0 || dim < 1 || !(spread > 0)) {
      throw new ReidInputException("--reps must be >= 1, --warmup >= 0, --dim >= 1 and --spread > 0");
    }
  }
}
