package org.comicreid.experiments.config;

/**
 * Where a resolved value came from.
 *
 * @param layer the layer that won
 * @param source {@code built-in}, the config file's path, or {@code --set}
 * @param line the 1-based line in the file, or 0 when unknown or not from a file
 */
public record Origin(Layer layer, String source, int line) {

  /** The three layers, lowest precedence first. */
  public enum Layer {
    DEFAULT,
    FILE,
    SET
  }

  public static final Origin DEFAULT = new Origin(Layer.DEFAULT, "built-in", 0);

  /** E.g. {@code default}, {@code file configs/paper.yaml:12}, {@code --set}. */
  public String describe() {
    return switch (layer) {
      case DEFAULT -> "default";
      case FILE -> "file " + source + (line > 0 ? ":" + line : "");
      case SET -> "--set";
    };
  }
}
