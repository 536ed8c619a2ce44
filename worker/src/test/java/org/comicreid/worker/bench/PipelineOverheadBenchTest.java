package org.comicreid.worker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The hook works and counts what it should; timings themselves belong in docs/benchmarks.md. */
class PipelineOverheadBenchTest {

  @Test
  void countsNineStagesAndTwentySevenLedgerCallsPerRun() {
    PipelineOverheadBench.Result r = PipelineOverheadBench.measure(2);
    assertEquals(2, r.runs());
    assertEquals(36, r.activitiesPerRun());
    assertEquals(2, r.runMillis().size());
    assertTrue(r.medianMsPerActivity() > 0);
  }
}
