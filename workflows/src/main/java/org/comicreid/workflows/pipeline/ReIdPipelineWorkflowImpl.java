package org.comicreid.workflows.pipeline;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.comicreid.core.pipeline.ClusterInput;
import org.comicreid.core.pipeline.ClusterOutput;
import org.comicreid.core.pipeline.DetectInput;
import org.comicreid.core.pipeline.DetectOutput;
import org.comicreid.core.pipeline.EvaluateInput;
import org.comicreid.core.pipeline.EvaluateOutput;
import org.comicreid.core.pipeline.FineTuneInput;
import org.comicreid.core.pipeline.FineTuneOutput;
import org.comicreid.core.pipeline.LinkSequencesInput;
import org.comicreid.core.pipeline.LinkSequencesOutput;
import org.comicreid.core.pipeline.MetaMineInput;
import org.comicreid.core.pipeline.MetaMineOutput;
import org.comicreid.core.pipeline.PairInput;
import org.comicreid.core.pipeline.PairOutput;
import org.comicreid.core.pipeline.PipelineProgress;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.PretrainInput;
import org.comicreid.core.pipeline.PretrainOutput;
import org.comicreid.core.pipeline.SelectThresholdInput;
import org.comicreid.core.pipeline.SelectThresholdOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageInput;
import org.comicreid.core.pipeline.StageOutput;
import org.comicreid.core.pipeline.StageProgress;
import org.comicreid.core.pipeline.StageState;
import org.comicreid.workflows.activities.ClusterActivities;
import org.comicreid.workflows.activities.DetectActivities;
import org.comicreid.workflows.activities.EvaluateActivities;
import org.comicreid.workflows.activities.FineTuneActivities;
import org.comicreid.workflows.activities.LinkSequencesActivities;
import org.comicreid.workflows.activities.MetaMineActivities;
import org.comicreid.workflows.activities.PairActivities;
import org.comicreid.workflows.activities.PretrainActivities;
import org.comicreid.workflows.activities.SelectThresholdActivities;
import org.comicreid.workflows.activities.StageLedgerActivities;
import org.comicreid.workflows.activities.StageStart;
import org.slf4j.Logger;

/**
 * Runs the nine stages in order. Per stage: ask the ledger for a finished execution with the
 * stage's key; on a hit reuse its output (nothing is scheduled), otherwise mark it started, run the
 * stage's activity with that stage's options, and record the output or the failure. A stage the
 * spec forces ({@link PipelineSpec#isForced}) skips the lookup and replaces its record.
 *
 * <p>Deterministic: no I/O, clock or randomness; stage keys and JSON are pure functions of the
 * spec and the recorded activity results.
 */
public class ReIdPipelineWorkflowImpl implements ReIdPipelineWorkflow {

  /** {@code ApplicationFailure} type of a failed stage. */
  public static final String STAGE_FAILED = "StageFailed";

  private static final Logger log = Workflow.getLogger(ReIdPipelineWorkflowImpl.class);

  private final Map<Stage, StageProgress> progress = new EnumMap<>(Stage.class);
  private final List<Stage> cached = new ArrayList<>();
  private String workflowId = "";
  private PipelineSpec spec;
  private StageLedgerActivities ledger;

  public ReIdPipelineWorkflowImpl() {
    for (Stage s : Stage.inOrder()) {
      progress.put(s, new StageProgress(s, StageState.PENDING, null, null));
    }
  }

  @Override
  public PipelineResult run(PipelineSpec spec) {
    this.spec = spec;
    this.workflowId = Workflow.getInfo().getWorkflowId();
    Map<Stage, String> keys = spec.stageKeys();
    for (Stage s : Stage.inOrder()) {
      progress.put(s, new StageProgress(s, StageState.PENDING, keys.get(s), null));
    }
    ledger =
        Workflow.newActivityStub(
            StageLedgerActivities.class, StageActivityOptions.ledger(spec.workflowQueue()));
    String ds = spec.datasetKey();

    DetectActivities detectA = stub(DetectActivities.class, Stage.DETECT);
    DetectOutput detect =
        runStage(Stage.DETECT, DetectOutput.class,
            new DetectInput(keys.get(Stage.DETECT), ds, dir(Stage.DETECT, keys), params(Stage.DETECT)),
            detectA::detect);

    PairActivities pairA = stub(PairActivities.class, Stage.PAIR);
    PairOutput pair =
        runStage(Stage.PAIR, PairOutput.class,
            new PairInput(keys.get(Stage.PAIR), ds, dir(Stage.PAIR, keys), params(Stage.PAIR), detect),
            pairA::pair);

    PretrainActivities pretrainA = stub(PretrainActivities.class, Stage.PRETRAIN);
    PretrainOutput pretrain =
        runStage(Stage.PRETRAIN, PretrainOutput.class,
            new PretrainInput(keys.get(Stage.PRETRAIN), ds, dir(Stage.PRETRAIN, keys),
                params(Stage.PRETRAIN), pair),
            pretrainA::pretrain);

    LinkSequencesActivities linkA = stub(LinkSequencesActivities.class, Stage.LINK_SEQUENCES);
    LinkSequencesOutput link =
        runStage(Stage.LINK_SEQUENCES, LinkSequencesOutput.class,
            new LinkSequencesInput(
                keys.get(Stage.LINK_SEQUENCES), ds, dir(Stage.LINK_SEQUENCES, keys),
                params(Stage.LINK_SEQUENCES)),
            linkA::linkSequences);

    MetaMineActivities metaA = stub(MetaMineActivities.class, Stage.META_MINE);
    MetaMineOutput metaMine =
        runStage(Stage.META_MINE, MetaMineOutput.class,
            new MetaMineInput(
                keys.get(Stage.META_MINE), ds, dir(Stage.META_MINE, keys),
                params(Stage.META_MINE), link),
            metaA::metaMine);

    FineTuneActivities fineA = stub(FineTuneActivities.class, Stage.FINE_TUNE);
    FineTuneOutput fineTune =
        runStage(Stage.FINE_TUNE, FineTuneOutput.class,
            new FineTuneInput(
                keys.get(Stage.FINE_TUNE), ds, dir(Stage.FINE_TUNE, keys),
                params(Stage.FINE_TUNE), pair, pretrain, link, metaMine),
            fineA::fineTune);

    SelectThresholdActivities thrA = stub(SelectThresholdActivities.class, Stage.SELECT_THRESHOLD);
    SelectThresholdOutput threshold =
        runStage(Stage.SELECT_THRESHOLD, SelectThresholdOutput.class,
            new SelectThresholdInput(
                keys.get(Stage.SELECT_THRESHOLD), ds, dir(Stage.SELECT_THRESHOLD, keys),
                params(Stage.SELECT_THRESHOLD), fineTune, link, metaMine),
            thrA::selectThreshold);

    ClusterActivities clusterA = stub(ClusterActivities.class, Stage.CLUSTER);
    ClusterOutput cluster =
        runStage(Stage.CLUSTER, ClusterOutput.class,
            new ClusterInput(
                keys.get(Stage.CLUSTER), ds, dir(Stage.CLUSTER, keys), params(Stage.CLUSTER),
                fineTune, threshold),
            clusterA::cluster);

    EvaluateActivities evalA = stub(EvaluateActivities.class, Stage.EVALUATE);
    EvaluateOutput evaluate =
        runStage(Stage.EVALUATE, EvaluateOutput.class,
            new EvaluateInput(
                keys.get(Stage.EVALUATE), ds, dir(Stage.EVALUATE, keys), params(Stage.EVALUATE),
                pair, fineTune, link, metaMine, cluster),
            evalA::evaluate);

    return new PipelineResult(
        workflowId, detect, pair, pretrain, link, metaMine, fineTune, threshold, cluster, evaluate,
        keys, cached);
  }

  @Override
  public PipelineProgress progress() {
    return new PipelineProgress(workflowId, new ArrayList<>(progress.values()));
  }

  private <T> T stub(Class<T> contract, Stage stage) {
    return Workflow.newActivityStub(contract, StageActivityOptions.of(spec.options(stage)));
  }

  private Map<String, String> params(Stage stage) {
    return spec.paramsOf(stage);
  }

  private String dir(Stage stage, Map<Stage, String> keys) {
    return spec.artifactDir(stage, keys.get(stage));
  }

  private <I extends StageInput, O extends StageOutput> O runStage(
      Stage stage, Class<O> type, I input, Function<I, O> call) {
    String key = input.stageKey();
    boolean forced = spec.isForced(stage);
    String finished = forced ? null : ledger.findFinishedOutput(key);
    if (finished != null) {
      O out = StageOutputCodec.read(finished, type);
      cached.add(stage);
      progress.put(stage, new StageProgress(stage, StageState.CACHED, key, null));
      recordUse(key);
      tellParent(key);
      log.debug("stage {} reused from the ledger ({})", stage.key(), key);
      return out;
    }
    ledger.markStageStarted(
        new StageStart(key, spec.experiment(), stage, spec.configHash(), workflowId,
            spec.trackingRunId(), spec.paramsOf(stage), forced));
    progress.put(stage, new StageProgress(stage, StageState.RUNNING, key, null));
    O out;
    try {
      out = call.apply(input);
    } catch (ActivityFailure failure) {
      String cause = causeOf(failure);
      progress.put(stage, new StageProgress(stage, StageState.FAILED, key, cause));
      ledger.markStageFailed(key, cause);
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          "stage " + stage.key() + " failed: " + cause, STAGE_FAILED, failure);
    }
    ledger.markStageFinished(
        key,
        StageOutputCodec.write(out),
        out.artifactPaths(),
        StageOutputCodec.writeProvenance(out.provenance()));
    progress.put(stage, new StageProgress(stage, StageState.RAN, key, null));
    recordUse(key);
    tellParent(key);
    log.debug("stage {} finished ({})", stage.key(), key);
    return out;
  }

  /**
   * Records in the ledger that this pipeline used the stage output (ran or reused it), so that
   * {@code reid cache gc} keeps what pipelines reference. Histories from before this call replay
   * unchanged ({@code Workflow.getVersion}).
   */
  private void recordUse(String key) {
    if (Workflow.getVersion("record-stage-use", Workflow.DEFAULT_VERSION, 1) >= 1) {
      ledger.recordStageUse(key, workflowId);
    }
  }

  /**
   * As a sweep's member, tells the sweep that a stage key finished, so members that share it wait
   * for it rather than compute it again ({@code SweepWorkflow#stageFinished}).
   */
  private void tellParent(String key) {
    var parent = Workflow.getInfo().getParentWorkflowId();
    if (parent.isPresent()) {
      Workflow.newUntypedExternalWorkflowStub(parent.get()).signal("stageFinished", key);
    }
  }

  /** A one-line cause: the failing activity's own message, or the kind of timeout. */
  static String causeOf(ActivityFailure failure) {
    Throwable c = failure.getCause();
    String msg;
    if (c instanceof TimeoutFailure t) {
      msg = "timed out (" + t.getTimeoutType().name().replace("TIMEOUT_TYPE_", "").toLowerCase()
          + ")";
    } else if (c instanceof ApplicationFailure a) {
      String type = a.getType();
      String simple = type.contains(".") ? type.substring(type.lastIndexOf('.') + 1) : type;
      msg = simple + ": " + a.getOriginalMessage();
    } else if (c instanceof TemporalFailure t) {
      msg = t.getOriginalMessage();
    } else if (c != null) {
      msg = String.valueOf(c.getMessage());
    } else {
      msg = failure.getOriginalMessage();
    }
    return msg == null ? "(no message)" : msg.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
