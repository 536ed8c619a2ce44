package org.comicreid.core.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** sha256 content hashes as lower-case hex (64 characters). */
public final class ContentHash {

  private ContentHash() {}

  /** sha256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** sha256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    MessageDigest md = digest();
    md.update(bytes);
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * sha256 of a file's content, streamed.
   *
   * @throws UncheckedIOException when the file cannot be read
   */
  public static String sha256(Path file) {
    MessageDigest md = digest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * sha256 of a directory tree: over the sorted relative paths (with '/' separators) of its
   * regular files and each file's sha256. Renaming, adding, removing or editing a file changes it.
   */
  public static String sha256Tree(Path dir) {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    StringBuilder sb = new StringBuilder();
    for (Path f : files) {
      String rel = dir.relativize(f).toString().replace('\\', '/');
      sb.append(rel).append('\t').append(sha256(f)).append('\n');
    }
    return sha256(sb.toString());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
