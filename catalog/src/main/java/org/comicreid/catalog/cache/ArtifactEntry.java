package org.comicreid.catalog.cache;

import java.nio.file.Path;
import java.util.Objects;
import org.comicreid.core.pipeline.Stage;

/**
 * One entry of a stage directory {@code <artifacts>/<experiment>/<stage>/<name>}: a stage
 * execution's output directory ({@code <first 16 hex of the stage key>}), or one of its siblings
 * ({@code <hex16>.checkpoints*} step checkpoints, {@code <hex16>.partial-*} staging of an attempt),
 * or anything else (e.g. {@code gc-trash-*} left by an interrupted gc, which no record owns).
 *
 * @param path absolute, normalised path of the entry
 * @param experiment the experiment directory it is in
 * @param stage the stage directory it is in
 * @param owner the name up to its first '.': the short stage key of the record that owns it, if
 *     a record of this experiment and stage has that short key
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
    /** Anything else (its owner, if a record has it, still owns it). */
    OTHER
  }

  public ArtifactEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(kind, "kind");
  }

  /** The owner a name of a stage directory names: the name up to its first '.'. */
  static String ownerOf(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** The kind a name of a stage directory says. */
  static Kind kindOf(String name) {
    String owner = ownerOf(name);
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
