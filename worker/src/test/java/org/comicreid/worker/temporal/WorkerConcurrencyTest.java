package org.comicreid.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.core.pipeline.InMemoryStageLedger;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.worker.bench.NoOpStages;
import org.comicreid.worker.setup.RunSetup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code worker.gpu.concurrency} really bounds how many activities a worker runs at once: three
 * pipelines whose pretrain activity blocks for a while are submitted together, and the most
 * pretrain attempts seen in flight at the same moment equals the configured limit.
 */
class WorkerConcurrencyTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void theGpuQueueRunsAtMostItsConfiguredNumberOfActivitiesAtOnce(int limit) {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    StageImplementations impls = NoOpStages.registry(EnumSet.allOf(Stage.class), (s, in) -> {
      if (s == Stage.PRETRAIN) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
          Thread.sleep(1200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          inFlight.decrementAndGet();
        }
      }
    });
    List<RunSetup> setups = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      setups.add(RunSetup.resolve(null, List.of("experiment.name=conc-" + limit + "-" + name,
          "worker.gpu.concurrency=" + limit, "worker.cpu.concurrency=8")));
    }
    assertEquals(limit, setups.get(0).worker().gpuConcurrency());
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    try (EmbeddedPipeline p = EmbeddedPipeline.start(setups.get(0).worker(),
        setups.get(0).queueOf(), impls, new InMemoryStageLedger())) {
      for (RunSetup s : setups) {
        PipelineLauncher.startOrJoin(p.client(), s.spec(), sink);
      }
      for (RunSetup s : setups) {
        PipelineLauncher.run(p.client(), s.spec(), sink, Duration.ofMillis(100));
      }
    }
    assertEquals(limit, maxInFlight.get());
  }
}
