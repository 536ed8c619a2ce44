package org.comicreid.activities.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.comicreid.core.pipeline.InMemoryStageLedger;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.core.pipeline.TaskQueues;
import org.comicreid.workflows.activities.DetectActivities;
import org.comicreid.workflows.activities.StageStart;
import org.junit.jupiter.api.Test;

class StageLedgerActivitiesImplTest {

  private final InMemoryStageLedger ledger = new InMemoryStageLedger();
  private final StageLedgerActivitiesImpl acts = new StageLedgerActivitiesImpl(ledger);

  @Test
  void onlyAFinishedRecordIsAHit() {
    acts.markStageStarted(new StageStart("k1", "exp", Stage.PAIR, "cfg", "exp-cfg"));
    assertNull(acts.findFinishedOutput("k1"));
    StageRecord running = ledger.find("k1").orElseThrow();
    assertEquals(StageStatus.RUNNING, running.status());
    assertEquals("exp-cfg", running.workflowId());
    assertTrue(running.startedAt() != null);

    acts.markStageFinished("k1", "{\"pairsPath\":\"/p\"}", List.of("/p"), "{\"java\":\"17\"}");
    assertEquals("{\"pairsPath\":\"/p\"}", acts.findFinishedOutput("k1"));
    assertEquals(List.of("/p"), ledger.find("k1").orElseThrow().artifactPaths());
  }

  @Test
  void aFailureIsRecordedAndIsNoHit() {
    acts.markStageStarted(new StageStart("k2", "exp", Stage.PRETRAIN, "cfg", "exp-cfg"));
    acts.markStageFailed("k2", "IllegalStateException: CUDA out of memory");
    assertNull(acts.findFinishedOutput("k2"));
    assertEquals("IllegalStateException: CUDA out of memory", ledger.find("k2").orElseThrow().error());
  }

  @Test
  void aStageUseIsRecordedOncePerPipelineAndEachPipelineSeparately() {
    acts.markStageStarted(new StageStart("k3", "exp", Stage.DETECT, "cfg", "exp-a"));
    acts.recordStageUse("k3", "exp-a");
    acts.recordStageUse("k3", "exp-a");
    acts.recordStageUse("k3", "exp-b");
    List<org.comicreid.core.pipeline.StageUse> uses = ledger.listUses();
    assertEquals(List.of("exp-b", "exp-a"),
        uses.stream().map(org.comicreid.core.pipeline.StageUse::workflowId).toList());
    uses.forEach(u -> assertEquals("k3", u.stageKey()));
  }

  @Test
  void theBuildImplementsAllNineStagesOnTheirDefaultQueues() {
    StageImplementations impls = StageImplementations.available(
        new org.comicreid.activities.stages.StageEnvironment(() -> {
          throw new IllegalStateException("not opened by this test");
        }, null, null, "cpu", java.nio.file.Path.of("target/cache")));
    assertEquals(List.of(), impls.missing());
    assertEquals(2, impls.forQueue(TaskQueues.GPU, TaskQueues::defaultFor).size());
    assertEquals(7, impls.forQueue(TaskQueues.CPU, TaskQueues::defaultFor).size());
  }

  @Test
  void aRegisteredImplementationMustImplementItsStagesContract() {
    DetectActivities detect = in -> null;
    StageImplementations impls = StageImplementations.builder().add(Stage.DETECT, detect).build();
    assertEquals(List.of(detect), impls.forQueue(TaskQueues.CPU, TaskQueues::defaultFor));
    assertEquals(List.of(), impls.forQueue(TaskQueues.GPU, TaskQueues::defaultFor));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StageImplementations.builder().add(Stage.PAIR, detect));
    assertTrue(e.getMessage().endsWith("does not implement PairActivities (stage pair)"),
        e.getMessage());
  }
}
