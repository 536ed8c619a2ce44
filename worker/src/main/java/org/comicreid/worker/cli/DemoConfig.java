package org.comicreid.worker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The demo config ({@code configs/demo.yaml}) as built into the jar. */
final class DemoConfig {
  static final String RESOURCE = "/configs/demo.yaml";

  private DemoConfig() {}

  /** Copies the built-in demo config to a temporary {@code demo.yaml} and returns its path. */
  static Path extract() {
    try (InputStream in = DemoConfig.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + RESOURCE + " (a broken build?)");
      }
      Path dir = Files.createTempDirectory("reid-demo-config");
      Path file = dir.resolve("demo.yaml");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in demo config", e);
    }
  }
}
