package org.comicreid.learning.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** File naming and lookup of the checkpoints in a directory. */
public final class Checkpoints {

  /** Suffix of checkpoint files. */
  public static final String SUFFIX = ".ckpt";

  private Checkpoints() {}

  /** {@code step-0000000042.ckpt} in {@code dir}. */
  public static Path forStep(Path dir, long globalStep) {
    return dir.resolve(String.format("step-%010d%s", globalStep, SUFFIX));
  }

  /**
   * The step checkpoint ({@code step-*.ckpt}) with the highest global step in {@code dir}, read
   * from the headers; empty when there is none. Temporary files are ignored.
   */
  public static Optional<Path> latest(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("step-")
              && p.getFileName().toString().endsWith(SUFFIX))
          .map(p -> {
            try {
              return new Object[] {p, Checkpoint.readHeader(p).globalStep()};
            } catch (IOException e) {
              return null;
            }
          })
          .filter(o -> o != null)
          .max(Comparator.comparingLong(o -> (Long) o[1]))
          .map(o -> (Path) o[0]);
    }
  }
}
