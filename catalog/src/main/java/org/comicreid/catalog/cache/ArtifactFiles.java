package org.comicreid.catalog.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.comicreid.core.pipeline.Stage;

/**
 * File-system side of housekeeping: scans the artifact root's stage directories and measures
 * trees. Symbolic links are never followed: a link is measured and deleted as a link.
 */
public final class ArtifactFiles {

  /** The shared, content-addressed caches under {@code <artifacts>/cache} (not stage outputs). */
  public static final List<String> SHARED_CACHES = List.of("cache/crops", "cache/features");

  private ArtifactFiles() {}

  /**
   * Every entry of every stage directory {@code <root>/<experiment>/<stage key>/} (experiments
   * are the root's real directories; other names and files are not looked at), sorted by path.
   * A missing root gives none.
   */
  public static List<ArtifactEntry> scan(Path root) {
    Path r = root.toAbsolutePath().normalize();
    List<ArtifactEntry> out = new ArrayList<>();
    if (!Files.isDirectory(r, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    for (Path exp : list(r)) {
      if (!Files.isDirectory(exp, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      for (Stage stage : Stage.inOrder()) {
        Path stageDir = exp.resolve(stage.key());
        if (!Files.isDirectory(stageDir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        for (Path entry : list(stageDir)) {
          String name = entry.getFileName().toString();
          out.add(new ArtifactEntry(entry, exp.getFileName().toString(), stage,
              ArtifactEntry.ownerOf(name), ArtifactEntry.kindOf(name), bytes(entry)));
        }
      }
    }
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  /** Size of the regular files under {@code path} (0 when it is gone); links are not followed. */
  public static long bytes(Path path) {
    AtomicLong total = new AtomicLong();
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            total.addAndGet(attrs.size());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // vanished or unreadable: not counted
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + path, e);
    }
    return total.get();
  }

  /** Deletes a tree bottom-up without following links; a missing path is fine. */
  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Bytes for people: {@code 0 B}, {@code 512 B}, {@code 1.5 KiB}, {@code 2.0 GiB}. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static List<Path> list(Path dir) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(out::add);
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(null);
    return out;
  }
}
