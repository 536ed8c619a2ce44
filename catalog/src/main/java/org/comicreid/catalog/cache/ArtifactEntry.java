package org.comicreid.catalog.cache;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.comicreid.core.pipeline.Stage;

/**
 * One entry of a stage directory {@code <artifacts>/<experiment>/<stage>/<name>}: a stage
 * execution's output directory ({@code <first 16 hex of the stage key>}), or one of its siblings
 * ({@code <hex16>.checkpoints*} step checkpoints, {@code <hex16>.partial-*} staging of an attempt),
 * or anything else (no owner: e.g. {@code gc-trash-*} left by an interrupted gc).
 *
 * @param path absolute, normalised path of the entry
 * @param experiment the experiment directory it is in
 * @param stage the stage directory it is in
 * @param owner the 16-hex stage key prefix its name starts with, or null
 * @param kind what the name says the entry is
 * @param bytes the size of the regular files under it (links are not followed)
 */
public record ArtifactEntry(
    Path path, String experiment, Stage stage, String owner, Kind kind, long bytes) {

  /** What an entry of a stage directory is, by its name. */
  public enum Kind {
    /** {@code <hex16>}: the stage execution's published output. */
    OUTPUT,
    /** {@code <hex16>.checkpoints...}: step checkpoints of a training stage. */
    CHECKPOINTS,
    /** {@code <hex16>.partial-...}: the staging directory of an attempt. */
    STAGING,
    /** Anything else. */
    OTHER
  }

  private static final Pattern OWNED = Pattern.compile("([0-9a-f]{16})(\\..*)?");

  public ArtifactEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(kind, "kind");
  }

  /** The owner (16-hex key prefix) a name of a stage directory names, or null. */
  static String ownerOf(String name) {
    Matcher m = OWNED.matcher(name);
    return m.matches() ? m.group(1) : null;
  }

  /** The kind a name of a stage directory says. */
  static Kind kindOf(String name) {
    String owner = ownerOf(name);
    if (owner == null) {
      return Kind.OTHER;
    }
    String rest = name.substring(owner.length());
    if (rest.isEmpty()) {
      return Kind.OUTPUT;
    }
    if (rest.startsWith(".checkpoints")) {
      return Kind.CHECKPOINTS;
    }
    if (rest.startsWith(".partial-")) {
      return Kind.STAGING;
    }
    return Kind.OTHER;
  }
}
