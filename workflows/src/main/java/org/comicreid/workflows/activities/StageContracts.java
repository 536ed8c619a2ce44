package org.comicreid.workflows.activities;

import java.util.EnumMap;
import java.util.Map;
import org.comicreid.core.pipeline.Stage;

/** Which activity interface is the contract of which stage. */
public final class StageContracts {

  private static final Map<Stage, Class<?>> CONTRACTS = new EnumMap<>(Stage.class);

  static {
    CONTRACTS.put(Stage.DETECT, DetectActivities.class);
    CONTRACTS.put(Stage.PAIR, PairActivities.class);
    CONTRACTS.put(Stage.PRETRAIN, PretrainActivities.class);
    CONTRACTS.put(Stage.LINK_SEQUENCES, LinkSequencesActivities.class);
    CONTRACTS.put(Stage.META_MINE, MetaMineActivities.class);
    CONTRACTS.put(Stage.FINE_TUNE, FineTuneActivities.class);
    CONTRACTS.put(Stage.SELECT_THRESHOLD, SelectThresholdActivities.class);
    CONTRACTS.put(Stage.CLUSTER, ClusterActivities.class);
    CONTRACTS.put(Stage.EVALUATE, EvaluateActivities.class);
  }

  private StageContracts() {}

  /** The activity interface of a stage, e.g. {@code PretrainActivities} for PRETRAIN. */
  public static Class<?> of(Stage stage) {
    return CONTRACTS.get(stage);
  }

  /**
   * The Temporal activity type name of a stage (the contract method's name with an upper-case
   * first letter, e.g. {@code FineTune}); used to count scheduled stages in a history.
   */
  public static String activityType(Stage stage) {
    return stage.displayName();
  }
}
