package org.comicreid.worker.temporal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test processes: a main class in its own JVM, and waiting for a line it prints. */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * Starts {@code main} in a new JVM on this test's class path (512 MB heap), its stderr going to
   * {@code <dir>/<name>.err}.
   */
  static Process start(Class<?> main, Path dir, String name, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectError(new File(dir.toFile(), name + ".err"))
        .start();
  }

  /** Reads the process's stdout until a line starting with {@code prefix} (60 s at most). */
  static String awaitLine(Process p, String prefix, Path dir) throws Exception {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          if (l.startsWith(prefix)) {
            return l;
          }
        }
        return null;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String l = line.get(60, TimeUnit.SECONDS);
    if (l == null) {
      throw new IllegalStateException("process ended before printing '" + prefix + "'; see "
          + dir.toAbsolutePath());
    }
    // keep draining stdout so the child never blocks on a full pipe
    CompletableFuture.runAsync(() -> {
      try {
        while (r.readLine() != null) {
          // drop
        }
      } catch (IOException ignored) {
        // the process went away
      }
    });
    return l;
  }
}
