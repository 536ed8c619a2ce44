package org.comicreid.core.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The nine pipeline stages, in execution order. {@link #key()} is the stage's config prefix
 * ({@code <stage>.<param>}) and its name in the catalog, the CLI and MLflow.
 */
public enum Stage {
  DETECT("detect", "Detect", false),
  PAIR("pair", "Pair", false),
  PRETRAIN("pretrain", "Pretrain", true),
  LINK_SEQUENCES("link", "LinkSequences", false),
  META_MINE("metamine", "MetaMine", false),
  FINE_TUNE("finetune", "FineTune", true),
  SELECT_THRESHOLD("threshold", "SelectThreshold", false),
  CLUSTER("cluster", "Cluster", false),
  EVALUATE("evaluate", "Evaluate", false);

  private final String key;
  private final String displayName;
  private final boolean training;

  Stage(String key, String displayName, boolean training) {
    this.key = key;
    this.displayName = displayName;
    this.training = training;
  }

  /** Config prefix and catalog name, e.g. {@code finetune}. */
  public String key() {
    return key;
  }

  /** Name as in ARCHITECTURE.md, e.g. {@code FineTune}. */
  public String displayName() {
    return displayName;
  }

  /** Training stages go to the GPU task queue by default. */
  public boolean isTraining() {
    return training;
  }

  public static List<Stage> inOrder() {
    return List.of(values());
  }

  public static Optional<Stage> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}
