package org.comicreid.worker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.PipelineProgress;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.worker.setup.LedgerWiring;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.status.StatusReport;
import org.comicreid.worker.temporal.TemporalConnection;
import org.comicreid.workflows.pipeline.ReIdPipelineWorkflow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid status}: each stage of a pipeline as pending, cached, running, ran or failed, from
 * the catalog ledger, overlaid with the workflow's own query when a Temporal target is configured
 * and reachable.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show each stage of a pipeline (or of every member of a sweep, --sweep FILE):"
        + " pending, cached, running, ran or failed.")
public final class StatusCommand implements Callable<Integer> {

  @Option(names = "--experiment", paramLabel = "NAME", description = "Latest pipeline of this experiment.")
  String experiment;

  @Option(names = "--workflow", paramLabel = "ID", description = "Pipeline workflow id.")
  String workflowId;

  @Option(names = "--sweep", paramLabel = "FILE",
      description = "A sweep file: every member's stages (with --set as given to reid sweep).")
  Path sweep;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (default pipeline).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
  List<String> sets = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (sweep != null) {
      return sweepStatus();
    }
    RunSetup setup = RunSetup.resolve(config, sets);
    try (Catalog catalog = LedgerWiring.openCatalog(setup)) {
      // the stage keys of this build on the catalog's copy of the dataset, as reid run makes them
      RunSetup keyed = setup.withCacheIdentity(
          org.comicreid.worker.setup.DatasetSetup.contentHash(setup, catalog));
      return status(keyed, new CatalogStageLedger(catalog));
    }
  }

  private Integer status(RunSetup setup, StageLedger ledger) {
    String id = workflowId;
    if (id == null && experiment != null) {
      id = ledger.listByExperiment(experiment).stream()
          .map(StageRecord::workflowId)
          .filter(w -> w != null)
          .findFirst()
          .orElseThrow(() -> new ReidRunException("no pipeline of experiment '" + experiment
              + "' in the catalog"));
    }
    if (id == null) {
      id = setup.spec().workflowId();
    }
    Map<Stage, String> keys = id.equals(setup.spec().workflowId()) ? setup.spec().stageKeys() : null;
    PipelineProgress live = query(setup.worker().target(), setup.worker().namespace(), id);
    spec.commandLine().getOut().print(
        StatusReport.render(id, StatusReport.states(ledger, id, keys, live)));
    spec.commandLine().getOut().flush();
    return ReidMain.EXIT_OK;
  }

  /** The workflow's own view, if a target is configured and answers; otherwise null. */
  /**
   * One row per sweep member (and seed repeat): each stage's state, from the ledger under the
   * member's stage keys, overlaid with the member workflow's query when Temporal is reachable.
   */
  private Integer sweepStatus() {
    org.comicreid.experiments.sweep.SweepPlan plan =
        org.comicreid.experiments.sweep.SweepFile.read(sweep);
    List<RunSetup> members = org.comicreid.worker.setup.SweepSetup.resolveMembers(plan, sets);
    RunSetup first = members.get(0);
    List<StatusReport.Row> rows = new ArrayList<>();
    String sweepId;
    try (Catalog catalog = LedgerWiring.openCatalog(first)) {
      org.comicreid.core.sweep.SweepSpec sweepSpec =
          org.comicreid.worker.setup.SweepSetup.lookUp(plan, members, catalog).spec();
      sweepId = sweepSpec.workflowId();
      StageLedger ledger = new CatalogStageLedger(catalog);
      for (org.comicreid.core.sweep.SweepMember m : sweepSpec.members()) {
        String id = sweepSpec.memberWorkflowId(m);
        PipelineProgress live =
            query(first.worker().target(), first.worker().namespace(), id);
        rows.add(new StatusReport.Row(m.label(),
            StatusReport.states(ledger, id, m.pipeline().stageKeys(), live)));
      }
    }
    spec.commandLine().getOut().print(StatusReport.renderSweep(sweepId, rows));
    spec.commandLine().getOut().flush();
    return ReidMain.EXIT_OK;
  }

  static PipelineProgress query(String target, String namespace, String workflowId) {
    if (target == null) {
      return null;
    }
    try (TemporalConnection c = TemporalConnection.connect(target, namespace)) {
      return c.client()
          .newWorkflowStub(ReIdPipelineWorkflow.class, workflowId)
          .progress();
    } catch (RuntimeException e) {
      return null; // unreachable server or unknown workflow: the ledger view stands alone
    }
  }
}
