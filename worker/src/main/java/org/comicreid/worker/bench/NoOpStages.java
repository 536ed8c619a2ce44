package org.comicreid.worker.bench;

import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.core.pipeline.ClusterOutput;
import org.comicreid.core.pipeline.DetectOutput;
import org.comicreid.core.pipeline.EvaluateOutput;
import org.comicreid.core.pipeline.FineTuneOutput;
import org.comicreid.core.pipeline.LinkSequencesOutput;
import org.comicreid.core.pipeline.MetaMineOutput;
import org.comicreid.core.pipeline.PairOutput;
import org.comicreid.core.pipeline.PretrainOutput;
import org.comicreid.core.pipeline.SelectThresholdOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageInput;
import org.comicreid.workflows.activities.ClusterActivities;
import org.comicreid.workflows.activities.DetectActivities;
import org.comicreid.workflows.activities.EvaluateActivities;
import org.comicreid.workflows.activities.FineTuneActivities;
import org.comicreid.workflows.activities.LinkSequencesActivities;
import org.comicreid.workflows.activities.MetaMineActivities;
import org.comicreid.workflows.activities.PairActivities;
import org.comicreid.workflows.activities.PretrainActivities;
import org.comicreid.workflows.activities.SelectThresholdActivities;

/**
 * FOR BENCHMARKS AND TESTS ONLY: stage "implementations" that do no work and return fixed outputs
 * (paths under the input's artifact dir, nothing written). They measure the pipeline machinery's
 * own cost and let tests drive it. Never register them in {@link
 * StageImplementations#available()}.
 */
public final class NoOpStages {

  private NoOpStages() {}

  /**
   * A registry of no-op stages for {@code stages}; {@code hook} runs first in each call (tests
   * record, fail or block there).
   */
  public static StageImplementations registry(
      Set<Stage> stages, BiConsumer<Stage, StageInput> hook) {
    StageImplementations.Builder b = StageImplementations.builder();
    for (Stage s : stages) {
      b.add(s, implementation(s, hook));
    }
    return b.build();
  }

  /** The fixed output of a stage. */
  public static Object output(Stage stage, String dir) {
    Map<String, String> prov = Map.of("noop", "true", "stage", stage.key());
    String zeros = "0".repeat(64);
    return switch (stage) {
      case DETECT -> new DetectOutput(dir + "/boxes.json", zeros, 0, prov);
      case PAIR -> new PairOutput(dir + "/pairs.json", 0, prov);
      case PRETRAIN -> new PretrainOutput(dir + "/model.ckpt", zeros, 0, 0.0, prov);
      case LINK_SEQUENCES -> new LinkSequencesOutput(dir + "/sequences.json", 0, prov);
      case META_MINE -> new MetaMineOutput(dir + "/cliques.json", 0, prov);
      case FINE_TUNE -> new FineTuneOutput(dir + "/model.ckpt", zeros, 0, 0.0, dir + "/embeddings.bin", prov);
      case SELECT_THRESHOLD -> new SelectThresholdOutput(0.5, 0.0, prov);
      case CLUSTER -> new ClusterOutput(dir + "/clusters.json", 0, 0.0, 0.0, prov);
      case EVALUATE -> new EvaluateOutput(dir + "/metrics.json", Map.of(), prov);
    };
  }

  private static Object implementation(Stage s, BiConsumer<Stage, StageInput> hook) {
    return switch (s) {
      case DETECT -> (DetectActivities) in -> (DetectOutput) call(s, in, hook);
      case PAIR -> (PairActivities) in -> (PairOutput) call(s, in, hook);
      case PRETRAIN -> (PretrainActivities) in -> (PretrainOutput) call(s, in, hook);
      case LINK_SEQUENCES -> (LinkSequencesActivities) in -> (LinkSequencesOutput) call(s, in, hook);
      case META_MINE -> (MetaMineActivities) in -> (MetaMineOutput) call(s, in, hook);
      case FINE_TUNE -> (FineTuneActivities) in -> (FineTuneOutput) call(s, in, hook);
      case SELECT_THRESHOLD ->
          (SelectThresholdActivities) in -> (SelectThresholdOutput) call(s, in, hook);
      case CLUSTER -> (ClusterActivities) in -> (ClusterOutput) call(s, in, hook);
      case EVALUATE -> (EvaluateActivities) in -> (EvaluateOutput) call(s, in, hook);
    };
  }

  private static Object call(Stage s, StageInput in, BiConsumer<Stage, StageInput> hook) {
    hook.accept(s, in);
    return output(s, in.artifactDir());
  }
}
