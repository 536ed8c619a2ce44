package org.comicreid.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;

/**
 * Publishes a generated dataset folder (a synthetic or comicgen world) all at once: the files are
 * written into a temporary sibling folder, which is then renamed to the target, so a reader never
 * sees half a world and a failed generation leaves nothing behind.
 */
public final class WorldDirectory {
  private WorldDirectory() {}

  /** Writes a world's files into a folder. */
  @FunctionalInterface
  public interface Writer<T> {
    T write(Path dir) throws IOException;
  }

  /**
   * Writes {@code target} with {@code writer}. {@code target} may be missing or empty; anything
   * else is refused (the caller checks first whether it already holds this very world).
   *
   * @param what for messages, e.g. {@code comicgen world}
   * @param hash the world's content hash, for messages
   * @throws ReidInputException when {@code target} holds other files
   * @throws ReidRunException when the files cannot be written
   */
  public static <T> T publish(Path target, String what, String hash, Writer<T> writer) {
    try {
      if (Files.exists(target)) {
        try (Stream<Path> list = Files.list(target)) {
          if (list.findAny().isPresent()) {
            throw new ReidInputException(what + " directory " + target
                + " is not empty and does not hold the world " + hash
                + ": remove it or choose another directory");
          }
        }
        Files.delete(target);
      }
      Path parent = target.getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
      try {
        T result = writer.write(tmp);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target);
        }
        return result;
      } finally {
        deleteTree(tmp);
      }
    } catch (IOException e) {
      throw new ReidRunException("cannot write " + what + " to " + target + ": " + e, e);
    } catch (UncheckedIOException e) {
      throw new ReidRunException("cannot write " + what + " to " + target + ": " + e.getCause(),
          e.getCause());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
