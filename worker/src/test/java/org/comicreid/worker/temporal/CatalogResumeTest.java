package org.comicreid.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.worker.bench.NoOpStages;
import org.comicreid.worker.cli.RunCommandAccess;
import org.comicreid.worker.setup.RunSetup;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resumption survives the embedded Temporal server (whose state is in memory only): each launch
 * below starts a fresh in-process server and opens the catalog anew, as a new {@code reid run}
 * process would. What carries over is the catalog's stage ledger, on H2 and on PostgreSQL.
 */
class CatalogResumeTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
  private final PrintWriter out = new PrintWriter(new StringWriter(), true);

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void aFailedRunResumesAfterItsLastFinishedStageAndAFinishedOneIsReusedWhole(DatabaseKind kind) {
    CatalogSettings db = DBS.freshSettings(kind);
    AtomicInteger fineTuneCalls = new AtomicInteger();
    StageImplementations impls = NoOpStages.registry(EnumSet.allOf(Stage.class), (s, in) -> {
      if (s == Stage.FINE_TUNE && fineTuneCalls.incrementAndGet() == 1) {
        throw new IllegalStateException("loss is NaN");
      }
      ran.add(s.key());
    });
    RunSetup setup = RunSetup.resolve(null,
        List.of("experiment.name=resume-" + kind.name().toLowerCase(),
            "finetune.retry.max_attempts=1"));

    // 1st process: fails at fine-tune
    try (Catalog catalog = Catalog.open(db)) {
      ReidRunException e = assertThrows(ReidRunException.class,
          () -> RunCommandAccess.launch(setup, impls, () -> new CatalogStageLedger(catalog), out));
      assertEquals(true, e.getMessage().contains("stage finetune failed"), e.getMessage());
    }
    assertEquals(List.of("detect", "pair", "pretrain", "link", "metamine"), ran);

    // 2nd process, fresh Temporal server: resumes at fine-tune
    ran.clear();
    try (Catalog catalog = Catalog.open(db)) {
      PipelineLauncher.Outcome o =
          RunCommandAccess.launch(setup, impls, () -> new CatalogStageLedger(catalog), out);
      assertEquals(List.of("finetune", "threshold", "cluster", "evaluate"), ran);
      assertEquals(List.of(Stage.DETECT, Stage.PAIR, Stage.PRETRAIN, Stage.LINK_SEQUENCES,
          Stage.META_MINE), o.result().cached());
      List<StageRecord> records =
          new CatalogStageLedger(catalog).listByWorkflow(setup.spec().workflowId());
      assertEquals(9, records.size());
      records.forEach(r -> assertEquals(StageStatus.FINISHED, r.status(), r.stage().key()));
    }

    // 3rd process: the same config again runs nothing at all
    ran.clear();
    try (Catalog catalog = Catalog.open(db)) {
      PipelineLauncher.Outcome o =
          RunCommandAccess.launch(setup, impls, () -> new CatalogStageLedger(catalog), out);
      assertEquals(List.of(), ran);
      assertEquals(Stage.inOrder(), o.result().cached());
    }

    // a changed cluster threshold reruns cluster and evaluate only
    RunSetup changed = RunSetup.resolve(null,
        List.of("experiment.name=resume-" + kind.name().toLowerCase(),
            "finetune.retry.max_attempts=1", "cluster.threshold=0.5"));
    try (Catalog catalog = Catalog.open(db)) {
      RunCommandAccess.launch(changed, impls, () -> new CatalogStageLedger(catalog), out);
      assertEquals(List.of("cluster", "evaluate"), ran);
    }
  }
}
