package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import org.comicreid.activities.pipeline.StageImplementations;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.temporal.PipelineLauncher;

/** Test access to {@code reid run}'s launch path with registered (fake) stages. */
public final class RunCommandAccess {

  private RunCommandAccess() {}

  public static PipelineLauncher.Outcome launch(
      RunSetup setup, StageImplementations impls, Supplier<StageLedger> ledger, PrintWriter out) {
    RunCommand.requireAllStages(impls);
    return RunCommand.launch(setup, impls, ledger, out);
  }

  /** As {@code reid run} with a tracker (owned by the caller). */
  public static PipelineLauncher.Outcome launch(
      RunSetup setup, StageImplementations impls, Supplier<StageLedger> ledger,
      org.comicreid.experiments.tracking.Tracker tracker, PrintWriter out) {
    RunCommand.requireAllStages(impls);
    return RunCommand.launch(setup, impls, ledger, tracker, out);
  }
}
