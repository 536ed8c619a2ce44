package org.comicreid.core.pipeline;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which stage outputs each stage consumes: the data edges of the pipeline, in the order the input
 * records name them. Stage keys chain along these edges, so a changed upstream result changes every
 * key downstream of it.
 */
public final class StageGraph {

  private static final Map<Stage, List<Stage>> INPUTS = new EnumMap<>(Stage.class);

  static {
    INPUTS.put(Stage.DETECT, List.of());
    INPUTS.put(Stage.PAIR, List.of(Stage.DETECT));
    INPUTS.put(Stage.PRETRAIN, List.of(Stage.PAIR));
    INPUTS.put(Stage.LINK_SEQUENCES, List.of());
    INPUTS.put(Stage.META_MINE, List.of(Stage.LINK_SEQUENCES));
    INPUTS.put(Stage.FINE_TUNE,
        List.of(Stage.PAIR, Stage.PRETRAIN, Stage.LINK_SEQUENCES, Stage.META_MINE));
    INPUTS.put(Stage.SELECT_THRESHOLD,
        List.of(Stage.FINE_TUNE, Stage.LINK_SEQUENCES, Stage.META_MINE));
    INPUTS.put(Stage.CLUSTER, List.of(Stage.FINE_TUNE, Stage.SELECT_THRESHOLD));
    INPUTS.put(Stage.EVALUATE,
        List.of(Stage.PAIR, Stage.FINE_TUNE, Stage.LINK_SEQUENCES, Stage.META_MINE, Stage.CLUSTER));
  }

  private StageGraph() {}

  /** The stages whose outputs {@code stage}'s input record carries. */
  public static List<Stage> inputsOf(Stage stage) {
    return INPUTS.get(stage);
  }

  /**
   * The stages that consume {@code stage}'s output, directly or through other stages (not {@code
   * stage} itself), in pipeline order.
   */
  public static java.util.Set<Stage> downstreamOf(Stage stage) {
    java.util.Set<Stage> out = java.util.EnumSet.noneOf(Stage.class);
    for (Stage s : Stage.inOrder()) {
      for (Stage in : INPUTS.get(s)) {
        if (in == stage || out.contains(in)) {
          out.add(s);
          break;
        }
      }
    }
    return out;
  }
}
