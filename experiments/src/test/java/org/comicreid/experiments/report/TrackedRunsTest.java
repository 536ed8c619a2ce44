package org.comicreid.experiments.report;

import java.nio.file.Path;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.experiments.tracking.LocalTracker;
import org.comicreid.experiments.tracking.MlflowServer;
import org.comicreid.experiments.tracking.MlflowTracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs and sweeps read back from the real MLflow server ({@code REID_TEST_MLFLOW_URI}) and from
 * the local tracker on H2 and PostgreSQL, after logging them through the trackers themselves.
 */
class TrackedRunsTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @TempDir Path dir;

  @Test
  void mlflowRunsAndSweepParents() {
    try (MlflowTracker tracker = new MlflowTracker(MlflowServer.uri(), dir.resolve("buffer"))) {
      SweepFixture f = SweepFixture.log(tracker);
      f.check(TrackedRuns.reader(tracker));
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void localRunsAndSweepParents(DatabaseKind kind) {
    LocalTracker tracker = new LocalTracker(new TrackingStore(DBS.catalog(kind)), dir.resolve("artifacts"));
    SweepFixture f = SweepFixture.log(tracker);
    f.check(TrackedRuns.reader(tracker));
  }
}
