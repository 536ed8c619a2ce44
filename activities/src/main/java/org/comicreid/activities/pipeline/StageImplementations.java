package org.comicreid.activities.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.workflows.activities.StageContracts;

/**
 * Which stages have an activity implementation in this build, and which implementation. Workers
 * register only what is here; {@code reid run} refuses to start while a stage is missing.
 *
 * <p>{@link #available(org.comicreid.activities.stages.StageEnvironment)} gives all nine; tests
 * and benchmarks build their own registries with {@link #builder()}.
 */
public final class StageImplementations {

  private final Map<Stage, Object> impls;

  private StageImplementations(Map<Stage, Object> impls) {
    this.impls = Collections.unmodifiableMap(new EnumMap<>(impls));
  }

  /**
   * The nine stage implementations of this build, sharing one environment (catalog, progress,
   * tracking, device, caches).
   */
  public static StageImplementations available(org.comicreid.activities.stages.StageEnvironment env) {
    return builder()
        .add(Stage.DETECT, new org.comicreid.activities.stages.DetectActivitiesImpl(env))
        .add(Stage.PAIR, new org.comicreid.activities.stages.PairActivitiesImpl(env))
        .add(Stage.PRETRAIN, new org.comicreid.activities.stages.PretrainActivitiesImpl(env))
        .add(Stage.LINK_SEQUENCES, new org.comicreid.activities.stages.LinkSequencesActivitiesImpl(env))
        .add(Stage.META_MINE, new org.comicreid.activities.stages.MetaMineActivitiesImpl(env))
        .add(Stage.FINE_TUNE, new org.comicreid.activities.stages.FineTuneActivitiesImpl(env))
        .add(Stage.SELECT_THRESHOLD, new org.comicreid.activities.stages.SelectThresholdActivitiesImpl(env))
        .add(Stage.CLUSTER, new org.comicreid.activities.stages.ClusterActivitiesImpl(env))
        .add(Stage.EVALUATE, new org.comicreid.activities.stages.EvaluateActivitiesImpl(env))
        .build();
  }

  /** A registry to fill by hand (tests, benchmarks, the composition root). */
  public static Builder builder() {
    return new Builder();
  }

  /** The implementation of a stage, if this build has one. */
  public Optional<Object> get(Stage stage) {
    return Optional.ofNullable(impls.get(stage));
  }

  /** Stages without an implementation, in stage order. */
  public List<Stage> missing() {
    List<Stage> out = new ArrayList<>();
    for (Stage s : Stage.inOrder()) {
      if (!impls.containsKey(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The stages that run on {@code queue}, given each stage's configured queue, in stage order. */
  public static List<Stage> stagesOn(String queue, Function<Stage, String> queueOf) {
    List<Stage> out = new ArrayList<>();
    for (Stage s : Stage.inOrder()) {
      if (queue.equals(queueOf.apply(s))) {
        out.add(s);
      }
    }
    return out;
  }

  /** The implementations a worker for {@code queue} registers (present stages on that queue). */
  public List<Object> forQueue(String queue, Function<Stage, String> queueOf) {
    List<Object> out = new ArrayList<>();
    for (Stage s : stagesOn(queue, queueOf)) {
      if (impls.containsKey(s)) {
        out.add(impls.get(s));
      }
    }
    return out;
  }

  /** The stages on {@code queue} that this build cannot serve. */
  public List<Stage> missingOn(String queue, Function<Stage, String> queueOf) {
    List<Stage> out = new ArrayList<>();
    for (Stage s : stagesOn(queue, queueOf)) {
      if (!impls.containsKey(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Comma-separated stage keys, e.g. {@code detect, pair}. */
  public static String keys(List<Stage> stages) {
    List<String> k = new ArrayList<>();
    for (Stage s : stages) {
      k.add(s.key());
    }
    return String.join(", ", k);
  }

  /** Builds a {@link StageImplementations}; checks each implementation against its contract. */
  public static final class Builder {
    private final Map<Stage, Object> impls = new EnumMap<>(Stage.class);

    private Builder() {}

    /** Registers the implementation of one stage; it must implement the stage's contract. */
    public Builder add(Stage stage, Object impl) {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(impl, "impl");
      Class<?> contract = StageContracts.of(stage);
      if (!contract.isInstance(impl)) {
        throw new IllegalArgumentException(
            impl.getClass().getName() + " does not implement " + contract.getSimpleName()
                + " (stage " + stage.key() + ")");
      }
      impls.put(stage, impl);
      return this;
    }

    public StageImplementations build() {
      return new StageImplementations(impls);
    }
  }
}
