package org.comicreid.workflows.pipeline;

import static org.comicreid.workflows.pipeline.PipelineHarness.output;
import static org.comicreid.workflows.pipeline.PipelineHarness.typesAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.comicreid.core.pipeline.FineTuneInput;
import org.comicreid.core.pipeline.FineTuneOutput;
import org.comicreid.core.pipeline.MetaMineInput;
import org.comicreid.core.pipeline.PipelineProgress;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageOutput;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageState;
import org.comicreid.core.pipeline.StageStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class ReIdPipelineWorkflowTest {

  private final PipelineHarness h = new PipelineHarness();

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void runsAllStagesInOrderEachOnItsOwnQueueWorker() {
    h.start();
    PipelineSpec spec = PipelineHarness.spec("order");
    ReIdPipelineWorkflow wf = h.newStub(spec);
    PipelineResult result = wf.run(spec);

    assertEquals(
        List.of("reid-cpu:detect", "reid-cpu:pair", "reid-gpu:pretrain", "reid-cpu:link",
            "reid-cpu:metamine", "reid-gpu:finetune", "reid-cpu:threshold", "reid-cpu:cluster",
            "reid-cpu:evaluate"),
        h.ran);
    assertEquals(typesAt(Stage.values()), h.scheduledStages(spec.workflowId(), null));
    assertEquals(List.of(), result.cached());
    assertEquals(output(Stage.EVALUATE), result.evaluate());
    assertEquals(spec.stageKeys(), result.stageKeys());

    // fineTune gets pretrain's checkpoint and metaMine's cliques
    ArgumentCaptor<FineTuneInput> in = ArgumentCaptor.forClass(FineTuneInput.class);
    verify(h.fineTune).fineTune(in.capture());
    assertEquals("/a/pretrain.ckpt", in.getValue().pretrain().checkpointPath());
    assertEquals("/a/cliques.json", in.getValue().metaMine().cliquesPath());
    assertEquals(spec.stageKeys().get(Stage.FINE_TUNE), in.getValue().stageKey());
    assertEquals(
        spec.artifactDir(Stage.FINE_TUNE, in.getValue().stageKey()), in.getValue().artifactDir());

    // every stage recorded FINISHED with its output
    for (Stage s : Stage.values()) {
      StageRecord r = h.ledger.find(spec.stageKeys().get(s)).orElseThrow();
      assertEquals(StageStatus.FINISHED, r.status(), s.key());
      assertEquals(StageOutputCodec.write(output(s)), r.outputJson());
      assertEquals(spec.workflowId(), r.workflowId());
    }
    PipelineProgress p = h.client.newWorkflowStub(ReIdPipelineWorkflow.class, spec.workflowId())
        .progress();
    p.stages().forEach(sp -> assertEquals(StageState.RAN, sp.state(), sp.stage().key()));
  }

  @Test
  void aQueueOverrideFromConfigMovesTheStage() {
    h.start();
    PipelineSpec spec = PipelineHarness.spec("override");
    // the threshold stage configured onto the gpu queue: only the gpu worker can serve it, and the
    // gpu worker does not register it, so it must fail there (not silently run on cpu)
    spec = spec.withOptions(Stage.SELECT_THRESHOLD,
        spec.options(Stage.SELECT_THRESHOLD).withTaskQueue("reid-gpu").withMaxAttempts(1));
    ReIdPipelineWorkflow wf = h.newStub(spec);
    PipelineSpec s = spec;
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> wf.run(s));
    assertEquals("SelectThreshold@reid-gpu",
        h.scheduledStages(spec.workflowId(), null).get(6));
    verify(h.threshold, never()).selectThreshold(any());
    ApplicationFailure f = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals("StageFailed", f.getType());
  }

  @Test
  void aFlakyStageIsRetriedByItsConfiguredPolicy() {
    AtomicInteger calls = new AtomicInteger();
    doAnswer(i -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("disk blinked");
      }
      return h.ran(Stage.DETECT);
    }).when(h.detect).detect(any());
    h.start();
    PipelineSpec spec = PipelineHarness.spec("retry");
    PipelineResult result = h.newStub(spec).run(spec);
    assertEquals(2, calls.get());
    assertEquals(output(Stage.DETECT), result.detect());
    assertEquals(9, h.ran.size());
  }

  @Test
  void withOneAttemptConfiguredTheSameFlakeFailsThePipeline() {
    AtomicInteger calls = new AtomicInteger();
    doAnswer(i -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("disk blinked");
      }
      return h.ran(Stage.DETECT);
    }).when(h.detect).detect(any());
    h.start();
    PipelineSpec base = PipelineHarness.spec("noretry");
    PipelineSpec spec =
        base.withOptions(Stage.DETECT, base.options(Stage.DETECT).withMaxAttempts(1));
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> h.newStub(spec).run(spec));
    assertEquals(1, calls.get());
    assertEquals("stage detect failed: IllegalStateException: disk blinked",
        ((ApplicationFailure) e.getCause()).getOriginalMessage());
  }

  @Test
  void aFailedStageIsNamedAndLaterStagesAreNotScheduled() {
    doThrow(new IllegalStateException("CUDA out of memory")).when(h.pretrain).pretrain(any());
    h.start();
    PipelineSpec spec = PipelineHarness.spec("fail");
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> h.newStub(spec).run(spec));

    ApplicationFailure f = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(ReIdPipelineWorkflowImpl.STAGE_FAILED, f.getType());
    assertEquals("stage pretrain failed: IllegalStateException: CUDA out of memory",
        f.getOriginalMessage());
    // three attempts (the default policy), then nothing after pretrain
    verify(h.pretrain, times(3)).pretrain(any());
    assertEquals(typesAt(Stage.DETECT, Stage.PAIR, Stage.PRETRAIN),
        h.scheduledStages(spec.workflowId(), null));
    StageRecord r = h.ledger.find(spec.stageKeys().get(Stage.PRETRAIN)).orElseThrow();
    assertEquals(StageStatus.FAILED, r.status());
    assertEquals("IllegalStateException: CUDA out of memory", r.error());

    PipelineProgress p =
        h.client.newWorkflowStub(ReIdPipelineWorkflow.class, spec.workflowId()).progress();
    assertEquals(StageState.RAN, p.of(Stage.PAIR).state());
    assertEquals(StageState.FAILED, p.of(Stage.PRETRAIN).state());
    assertEquals(StageState.PENDING, p.of(Stage.LINK_SEQUENCES).state());
  }

  @Test
  void finishedStagesInTheLedgerAreReusedNotScheduled() {
    h.start();
    PipelineSpec spec = PipelineHarness.spec("reuse");
    Map<Stage, String> keys = spec.stageKeys();
    LedgerActivitiesOverLedger seed = new LedgerActivitiesOverLedger(h.ledger);
    for (Stage s : List.of(Stage.DETECT, Stage.PAIR, Stage.PRETRAIN, Stage.LINK_SEQUENCES)) {
      StageOutput out = output(s);
      seed.markStageStarted(new org.comicreid.workflows.activities.StageStart(
          keys.get(s), spec.experiment(), s, spec.configHash(), "earlier-run"));
      seed.markStageFinished(keys.get(s), StageOutputCodec.write(out), out.artifactPaths(), "{}");
    }
    PipelineResult result = h.newStub(spec).run(spec);

    assertEquals(
        typesAt(Stage.META_MINE, Stage.FINE_TUNE, Stage.SELECT_THRESHOLD, Stage.CLUSTER,
            Stage.EVALUATE),
        h.scheduledStages(spec.workflowId(), null));
    assertEquals(
        List.of(Stage.DETECT, Stage.PAIR, Stage.PRETRAIN, Stage.LINK_SEQUENCES), result.cached());
    verify(h.detect, never()).detect(any());
    verify(h.pretrain, never()).pretrain(any());
    // stage 5 got the reused outputs
    ArgumentCaptor<MetaMineInput> in = ArgumentCaptor.forClass(MetaMineInput.class);
    verify(h.metaMine).metaMine(in.capture());
    assertEquals(output(Stage.LINK_SEQUENCES), in.getValue().linkSequences());
    ArgumentCaptor<FineTuneInput> ft = ArgumentCaptor.forClass(FineTuneInput.class);
    verify(h.fineTune).fineTune(ft.capture());
    assertEquals(output(Stage.PRETRAIN), ft.getValue().pretrain());
    assertEquals(output(Stage.PAIR), ft.getValue().pair());
    PipelineProgress p =
        h.client.newWorkflowStub(ReIdPipelineWorkflow.class, spec.workflowId()).progress();
    assertEquals(StageState.CACHED, p.of(Stage.LINK_SEQUENCES).state());
    assertEquals(StageState.RAN, p.of(Stage.META_MINE).state());
  }

  @Test
  void rerunningAFailedPipelineResumesAfterTheLastFinishedStage() {
    AtomicInteger metaCalls = new AtomicInteger();
    doAnswer(i -> {
      if (metaCalls.incrementAndGet() <= 3) {
        throw new IllegalStateException("clique solver crashed");
      }
      return h.ran(Stage.META_MINE);
    }).when(h.metaMine).metaMine(any());
    h.start();
    PipelineSpec spec = PipelineHarness.spec("rerun");

    WorkflowStub first = WorkflowStub.fromTyped(h.newStub(spec));
    WorkflowExecution run1 = first.start(spec);
    assertThrows(WorkflowFailedException.class, () -> first.getResult(PipelineResult.class));
    assertEquals(
        typesAt(Stage.DETECT, Stage.PAIR, Stage.PRETRAIN, Stage.LINK_SEQUENCES, Stage.META_MINE),
        h.scheduledStages(spec.workflowId(), run1.getRunId()));

    // same workflow id again: allowed because the first run failed
    ReIdPipelineWorkflow second = h.newStub(spec);
    WorkflowExecution run2 = WorkflowClient.start(second::run, spec);
    PipelineResult result = WorkflowStub.fromTyped(second).getResult(PipelineResult.class);
    assertEquals(run1.getWorkflowId(), run2.getWorkflowId());
    assertEquals(
        typesAt(Stage.META_MINE, Stage.FINE_TUNE, Stage.SELECT_THRESHOLD, Stage.CLUSTER,
            Stage.EVALUATE),
        h.scheduledStages(spec.workflowId(), run2.getRunId()));
    assertEquals(
        List.of(Stage.DETECT, Stage.PAIR, Stage.PRETRAIN, Stage.LINK_SEQUENCES), result.cached());
    verify(h.detect, times(1)).detect(any());
    assertEquals(4, metaCalls.get());
    FineTuneOutput ft = result.fineTune();
    assertEquals(output(Stage.FINE_TUNE), ft);
  }

  @Test
  void anInputErrorFailsTheStageAtOnceWithoutRetries() {
    AtomicInteger metaCalls = new AtomicInteger();
    doAnswer(i -> {
      metaCalls.incrementAndGet();
      throw new org.comicreid.core.ReidInputException("metamine.min_size: expected >= 2");
    }).when(h.metaMine).metaMine(any());
    h.start();
    PipelineSpec spec = PipelineHarness.spec("input-error");
    WorkflowStub stub = WorkflowStub.fromTyped(h.newStub(spec));
    stub.start(spec);
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> stub.getResult(PipelineResult.class));
    assertEquals(1, metaCalls.get(), "an input error is not retried (3 attempts are allowed)");
    String cause = String.valueOf(e.getCause().getMessage());
    assertTrue(cause.contains("stage metamine failed") && cause.contains("expected >= 2"), cause);
  }
}
