package org.comicreid.workflows.pipeline;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.pipeline.ClusterOutput;
import org.comicreid.core.pipeline.DetectOutput;
import org.comicreid.core.pipeline.EvaluateOutput;
import org.comicreid.core.pipeline.FineTuneOutput;
import org.comicreid.core.pipeline.InMemoryStageLedger;
import org.comicreid.core.pipeline.LinkSequencesOutput;
import org.comicreid.core.pipeline.MetaMineOutput;
import org.comicreid.core.pipeline.PairOutput;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.PretrainOutput;
import org.comicreid.core.pipeline.SelectThresholdOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageOptions;
import org.comicreid.core.pipeline.StageOutput;
import org.comicreid.core.pipeline.TaskQueues;
import org.comicreid.workflows.activities.ClusterActivities;
import org.comicreid.workflows.activities.DetectActivities;
import org.comicreid.workflows.activities.EvaluateActivities;
import org.comicreid.workflows.activities.FineTuneActivities;
import org.comicreid.workflows.activities.LinkSequencesActivities;
import org.comicreid.workflows.activities.MetaMineActivities;
import org.comicreid.workflows.activities.PairActivities;
import org.comicreid.workflows.activities.PretrainActivities;
import org.comicreid.workflows.activities.SelectThresholdActivities;
import org.comicreid.workflows.activities.StageContracts;

/**
 * A time-skipping test environment with ONE WORKER PER QUEUE: the {@code reid-cpu} worker
 * registers the workflow, the ledger and the seven cpu stages; the {@code reid-gpu} worker only
 * pretrain and fineTune. Stage activities are Mockito mocks whose answers record {@code
 * <delivering task queue>:<stage key>} and return canned outputs.
 */
final class PipelineHarness implements AutoCloseable {

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final WorkflowClient client = env.getWorkflowClient();
  final InMemoryStageLedger ledger = new InMemoryStageLedger();
  final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  final DetectActivities detect = mockOf(DetectActivities.class);
  final PairActivities pair = mockOf(PairActivities.class);
  final PretrainActivities pretrain = mockOf(PretrainActivities.class);
  final LinkSequencesActivities link = mockOf(LinkSequencesActivities.class);
  final MetaMineActivities metaMine = mockOf(MetaMineActivities.class);
  final FineTuneActivities fineTune = mockOf(FineTuneActivities.class);
  final SelectThresholdActivities threshold = mockOf(SelectThresholdActivities.class);
  final ClusterActivities cluster = mockOf(ClusterActivities.class);
  final EvaluateActivities evaluate = mockOf(EvaluateActivities.class);

  PipelineHarness() {
    when(detect.detect(any())).thenAnswer(i -> ran(Stage.DETECT));
    when(pair.pair(any())).thenAnswer(i -> ran(Stage.PAIR));
    when(pretrain.pretrain(any())).thenAnswer(i -> ran(Stage.PRETRAIN));
    when(link.linkSequences(any())).thenAnswer(i -> ran(Stage.LINK_SEQUENCES));
    when(metaMine.metaMine(any())).thenAnswer(i -> ran(Stage.META_MINE));
    when(fineTune.fineTune(any())).thenAnswer(i -> ran(Stage.FINE_TUNE));
    when(threshold.selectThreshold(any())).thenAnswer(i -> ran(Stage.SELECT_THRESHOLD));
    when(cluster.cluster(any())).thenAnswer(i -> ran(Stage.CLUSTER));
    when(evaluate.evaluate(any())).thenAnswer(i -> ran(Stage.EVALUATE));
  }

  /** Registers the workers (after the test changed the mocks' answers) and starts them. */
  PipelineHarness start() {
    Worker cpu = env.newWorker(TaskQueues.CPU);
    cpu.registerWorkflowImplementationTypes(ReIdPipelineWorkflowImpl.class);
    cpu.registerActivitiesImplementations(
        new LedgerActivitiesOverLedger(ledger), detect, pair, link, metaMine, threshold, cluster,
        evaluate);
    Worker gpu = env.newWorker(TaskQueues.GPU);
    gpu.registerActivitiesImplementations(pretrain, fineTune);
    env.start();
    return this;
  }

  /** Records that a stage ran, from the activity's own context, and returns its canned output. */
  StageOutput ran(Stage stage) {
    ran.add(Activity.getExecutionContext().getInfo().getActivityTaskQueue() + ":" + stage.key());
    return output(stage);
  }

  ReIdPipelineWorkflow newStub(PipelineSpec spec) {
    return client.newWorkflowStub(
        ReIdPipelineWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(spec.workflowId())
            .setTaskQueue(spec.workflowQueue())
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
            .setWorkflowRunTimeout(Duration.ofHours(1))
            .build());
  }

  /** {@code <activity type>@<task queue>} of every STAGE activity scheduled in one run. */
  List<String> scheduledStages(String workflowId, String runId) {
    List<String> out = new ArrayList<>();
    List<String> stageTypes = new ArrayList<>();
    for (Stage s : Stage.values()) {
      stageTypes.add(StageContracts.activityType(s));
    }
    for (HistoryEvent e : client.fetchHistory(workflowId, runId).getEvents()) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        var a = e.getActivityTaskScheduledEventAttributes();
        if (stageTypes.contains(a.getActivityType().getName())) {
          out.add(a.getActivityType().getName() + "@" + a.getTaskQueue().getName());
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    env.close();
  }

  static <T> T mockOf(Class<T> contract) {
    return mock(contract, withSettings().withoutAnnotations());
  }

  /** Short retry intervals, three attempts, default queues. */
  static PipelineSpec spec(String experiment) {
    Map<Stage, StageOptions> opts = new EnumMap<>(Stage.class);
    Map<Stage, String> hashes = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      opts.put(
          s,
          StageOptions.defaults(s).withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(5)));
      hashes.put(s, "slice-" + s.key());
    }
    return new PipelineSpec(
        experiment, "cfg0001", "synthetic-small", "/tmp/reid-artifacts", TaskQueues.CPU, opts,
        hashes);
  }

  /** The canned output of each stage. */
  static StageOutput output(Stage stage) {
    Map<String, String> prov = Map.of("stage", stage.key());
    return switch (stage) {
      case DETECT -> new DetectOutput("/a/boxes.json", "b0", 120, prov);
      case PAIR -> new PairOutput("/a/pairs.json", 300, prov);
      case PRETRAIN -> new PretrainOutput("/a/pretrain.ckpt", "p0", 2, 0.5, prov);
      case LINK_SEQUENCES -> new LinkSequencesOutput("/a/sequences.json", 40, prov);
      case META_MINE -> new MetaMineOutput("/a/cliques.json", 12, prov);
      case FINE_TUNE -> new FineTuneOutput("/a/finetune.ckpt", "f0", 3, 0.25, "/a/embeddings.bin", prov);
      case SELECT_THRESHOLD -> new SelectThresholdOutput(0.42, 0.8, prov);
      case CLUSTER -> new ClusterOutput("/a/clusters.json", 9, 0.6, 0.9, prov);
      case EVALUATE -> new EvaluateOutput("/a/metrics.json", Map.of("ari", 0.7), prov);
    };
  }

  /** Activity type names of the given stages, at their default queues. */
  static List<String> typesAt(Stage... stages) {
    List<String> out = new ArrayList<>();
    for (Stage s : stages) {
      out.add(StageContracts.activityType(s) + "@" + TaskQueues.defaultFor(s));
    }
    return out;
  }
}
