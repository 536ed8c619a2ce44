package org.comicreid.activities.stages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A stage's artifact directory written atomically: files go to a sibling staging directory that
 * {@link #publish()} renames onto the final path; {@link #close()} deletes an unpublished staging
 * directory, so a failed attempt leaves nothing behind.
 */
public final class StagingDir implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private boolean published;

  private StagingDir(Path target, Path staging) {
    this.target = target;
    this.staging = staging;
  }

  /** Starts staging for {@code target} (created later by {@link #publish()}). */
  public static StagingDir begin(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    Path staging = abs.resolveSibling(abs.getFileName() + ".partial-" + UUID.randomUUID());
    try {
      Files.createDirectories(staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + staging, e);
    }
    return new StagingDir(abs, staging);
  }

  /** The staging directory itself. */
  public Path dir() {
    return staging;
  }

  /** A file in the staging directory. */
  public Path file(String name) {
    return staging.resolve(name);
  }

  /** Copies {@code source} into the staging directory as {@code name}; returns the staged file. */
  public Path copyIn(Path source, String name) {
    Path staged = file(name);
    try {
      Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + staged, e);
    }
    return staged;
  }

  /** The path {@code name} will have once published. */
  public Path finalFile(String name) {
    return target.resolve(name);
  }

  /** Renames the staging directory onto the target, replacing what an earlier attempt left. */
  public void publish() {
    try {
      if (Files.exists(target)) {
        deleteTree(target);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      published = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + target, e);
    }
  }

  @Override
  public void close() {
    if (!published) {
      deleteTree(staging);
    }
  }

  /** Deletes a directory tree if it exists. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
