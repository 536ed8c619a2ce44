package org.comicreid.worker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The hook works and counts what it should; timings themselves belong in docs/benchmarks.md. */
class PipelineOverheadBenchTest {

  @Test
  void countsNineStagesAndThirtySixLedgerCallsPerRun() {
    PipelineOverheadBench.Result r = PipelineOverheadBench.measure(2);
    assertEquals(2, r.runs());
    assertEquals(45, r.activitiesPerRun()); // per stage: find, start, finish, record use
    assertEquals(2, r.runMillis().size());
    assertTrue(r.medianMsPerActivity() > 0);
  }
}
