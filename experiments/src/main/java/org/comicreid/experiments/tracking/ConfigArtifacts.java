package org.comicreid.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.comicreid.experiments.config.ResolvedConfig;

/** Stores a run's configuration among its artifacts, under {@code config/}. */
public final class ConfigArtifacts {

  /** The artifact directory of the config files. */
  public static final String DIR = "config";
  /** The file name of the resolved config (secrets redacted, origins as comments). */
  public static final String RESOLVED = "resolved.yaml";

  private ConfigArtifacts() {}

  /**
   * Logs the config file the run was loaded from (when there was one), unchanged, and the resolved
   * config as {@code config/resolved.yaml}.
   *
   * @param scratch a directory for the rendered file
   */
  public static void log(TrackedRun run, ResolvedConfig config, Path scratch) {
    config.sourceFile().ifPresent(f -> run.logArtifact(f, DIR));
    try {
      Path dir = Files.createDirectories(scratch.resolve("reid-config-" + run.runId()));
      Path resolved = dir.resolve(RESOLVED);
      Files.writeString(resolved, "# resolved configuration, config hash " + config.configHash() + "\n"
          + config.toYaml(true, true));
      run.logArtifact(resolved, DIR);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the resolved config for run " + run.runId(), e);
    }
  }
}
