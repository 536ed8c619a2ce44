package org.comicreid.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.InMemoryStageLedger;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageInput;
import org.comicreid.worker.bench.NoOpStages;
import org.comicreid.worker.cli.RunCommandAccess;
import org.comicreid.worker.setup.RunSetup;
import org.junit.jupiter.api.Test;

/** The embedded mode end to end: in-process server in real time, both workers, no-op stages. */
class EmbeddedPipelineTest {

  private final InMemoryStageLedger ledger = new InMemoryStageLedger();
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text, true);

  private StageImplementations stages(java.util.function.BiConsumer<Stage, StageInput> hook) {
    return NoOpStages.registry(EnumSet.allOf(Stage.class), (s, in) -> {
      hook.accept(s, in);
      ran.add(s.key());
    });
  }

  @Test
  void aSecondSubmitJoinsTheRunningWorkflowAndAThirdFindsItFinished() throws Exception {
    CountDownLatch detectStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger detectCalls = new AtomicInteger();
    StageImplementations impls = stages((s, in) -> {
      if (s == Stage.DETECT) {
        detectCalls.incrementAndGet();
        detectStarted.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    RunSetup setup = RunSetup.resolve(null, List.of("experiment.name=join"));
    try (EmbeddedPipeline p =
        EmbeddedPipeline.start(setup.worker(), setup.queueOf(), impls, ledger)) {
      PipelineLauncher.Outcome first = PipelineLauncher.startOrJoin(p.client(), setup.spec(), out);
      assertFalse(first.joined());
      assertTrue(detectStarted.await(60, TimeUnit.SECONDS));

      PipelineLauncher.Outcome second = PipelineLauncher.startOrJoin(p.client(), setup.spec(), out);
      assertTrue(second.joined());
      assertEquals(first.runId(), second.runId());

      release.countDown();
      PipelineLauncher.Outcome done =
          PipelineLauncher.run(p.client(), setup.spec(), out, Duration.ofMillis(100));
      assertTrue(done.joined());
      assertEquals(first.runId(), done.runId());
      assertEquals(9, ran.size());

      // finished: a resubmit finds that run instead of starting another
      PipelineLauncher.Outcome again =
          PipelineLauncher.run(p.client(), setup.spec(), out, Duration.ofMillis(100));
      assertTrue(again.joined());
      assertEquals(first.runId(), again.runId());
      assertEquals(1, detectCalls.get());
      assertEquals(9, ran.size());
    }
    assertTrue(text.toString().contains("  evaluate: ran"), text.toString());
  }

  @Test
  void afterAFailureARerunOnAFreshEmbeddedServerResumesFromTheLedger() {
    AtomicInteger metaCalls = new AtomicInteger();
    StageImplementations impls = stages((s, in) -> {
      if (s == Stage.META_MINE && metaCalls.incrementAndGet() == 1) {
        throw new IllegalStateException("clique solver crashed");
      }
    });
    RunSetup setup =
        RunSetup.resolve(null, List.of("experiment.name=rerun", "metamine.retry.max_attempts=1"));

    ReidRunException e = assertThrows(ReidRunException.class,
        () -> RunCommandAccess.launch(setup, impls, () -> ledger, out));
    assertEquals("pipeline " + setup.spec().workflowId()
        + " failed: stage metamine failed: IllegalStateException: clique solver crashed",
        e.getMessage());
    assertEquals(List.of("detect", "pair", "pretrain", "link"), ran); // metamine threw first

    ran.clear();
    PipelineLauncher.Outcome o = RunCommandAccess.launch(setup, impls, () -> ledger, out);
    assertEquals(List.of("metamine", "finetune", "threshold", "cluster", "evaluate"), ran);
    assertEquals(List.of(Stage.DETECT, Stage.PAIR, Stage.PRETRAIN, Stage.LINK_SEQUENCES),
        o.result().cached());
    assertTrue(text.toString().contains("  link: cached"), text.toString());
    assertTrue(text.toString().contains("  metamine: failed (IllegalStateException: clique solver crashed)"),
        text.toString());
  }
}
