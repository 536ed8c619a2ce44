package org.comicreid.catalog.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.comicreid.core.ReidInputException;

/** Paths inside a dataset folder, and the files an export writes. */
final class DatasetFiles {

  private DatasetFiles() {}

  /**
   * A path named inside a dataset, resolved against the dataset folder.
   *
   * @param path the absolute, normalized path, or null when {@code problem} is set
   * @param problem why the name is not acceptable, or null
   */
  record Resolved(Path path, String problem) {}

  /**
   * Resolves {@code name}, a {@code /}-separated path relative to {@code root} (absolute and
   * normalized), refusing empty, absolute and backslashed names and names that leave {@code root}.
   */
  static Resolved resolve(Path root, String name, String what) {
    if (name == null || name.isBlank()) {
      return new Resolved(null, what + " is empty");
    }
    if (name.indexOf('\\') >= 0) {
      return new Resolved(null, what + " '" + name + "' contains '\\': use '/' in paths");
    }
    if (name.startsWith("/") || (name.length() > 1 && name.charAt(1) == ':')) {
      return new Resolved(null, what + " '" + name + "' is absolute: paths are relative to the"
          + " file that names them");
    }
    Path p;
    try {
      p = root.resolve(name).normalize();
    } catch (RuntimeException e) {
      return new Resolved(null, what + " '" + name + "' is not a valid path: " + e.getMessage());
    }
    if (!p.startsWith(root)) {
      return new Resolved(null, what + " '" + name + "' leaves the dataset's folder " + root);
    }
    return new Resolved(p, null);
  }

  /** The file extension of {@code path} with its dot, lower-case ({@code .png}), or empty. */
  static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
  }

  /** {@code s} made safe as one file name: anything but letters, digits, '-', '_' and '.' is '_'. */
  static String safeName(String s) {
    String out = s.replaceAll("[^A-Za-z0-9._-]", "_");
    return out.isEmpty() || out.startsWith(".") ? "_" + out : out;
  }

  /** The input's default dataset name: a file's name without its extension, a folder's name. */
  static String baseName(Path input) {
    Path name = input.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      throw new ReidInputException("cannot name a dataset after " + input + ": give a name");
    }
    String s = name.toString();
    if (Files.isDirectory(input)) {
      return s;
    }
    int dot = s.lastIndexOf('.');
    return dot <= 0 ? s : s.substring(0, dot);
  }

  /** Copies {@code source} to {@code target} (whose folder is created). */
  static void copy(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Hard-links {@code target} to {@code source}, or copies it where the file system cannot link
   * (another device, no hard links). Returns true when it linked.
   */
  static boolean linkOrCopy(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try {
      Files.createLink(target, source);
      return true;
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      return false;
    }
  }

  /**
   * A fresh temporary folder beside {@code out}, to be renamed to {@code out} when complete.
   *
   * @throws ReidInputException when {@code out} exists and is not an empty folder
   */
  static Path stagingFor(Path out) {
    Path target = out.toAbsolutePath().normalize();
    try {
      if (Files.exists(target)) {
        if (!Files.isDirectory(target)) {
          throw new ReidInputException("export target " + target + " exists and is not a folder");
        }
        try (Stream<Path> s = Files.list(target)) {
          if (s.findAny().isPresent()) {
            throw new ReidInputException("export target " + target
                + " is not empty: give a new or empty folder");
          }
        }
      }
      Path parent = target.getParent();
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare export folder " + target, e);
    }
  }

  /** Renames the finished {@code staging} folder to {@code out} (an empty {@code out} is replaced). */
  static void publish(Path staging, Path out) throws IOException {
    Path target = out.toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      Files.delete(target); // empty, checked by stagingFor
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes a folder tree, quietly. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a leftover temporary folder is harmless
    }
  }
}
