package org.comicreid.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and git commit of the running code, written into the jar at build time. */
public record BuildInfo(String version, String gitCommit, boolean dirty) {

  private static final BuildInfo CURRENT = load();

  public static BuildInfo current() {
    return CURRENT;
  }

  /** The commit, with a "-dirty" suffix when the build had uncommitted changes. */
  public String codeVersion() {
    return dirty ? gitCommit + "-dirty" : gitCommit;
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("git.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown": provenance then says so explicitly
    }
    String version = p.getProperty("git.build.version", "unknown");
    String commit = p.getProperty("git.commit.id.full", "");
    if (commit.isBlank() || commit.startsWith("${")) {
      commit = "unknown";
    }
    boolean dirty = Boolean.parseBoolean(p.getProperty("git.dirty", "false"));
    return new BuildInfo(version, commit, dirty);
  }
}
