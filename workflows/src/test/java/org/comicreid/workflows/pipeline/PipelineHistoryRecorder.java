package org.comicreid.workflows.pipeline;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.comicreid.core.pipeline.PipelineSpec;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageOutput;
import org.comicreid.workflows.activities.StageStart;

/**
 * Records the history that {@link ReIdPipelineWorkflowReplayTest} replays. Run it ONCE, by hand,
 * after a deliberate, versioned change of the workflow's command sequence, and commit the file:
 *
 * <pre>
 * cd workflows &amp;&amp; mvn -o -q -am -pl workflows test-compile -f ../pom.xml \
 *   &amp;&amp; CP=$(mvn -o -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout) \
 *   &amp;&amp; java -cp "target/test-classes:target/classes:../core/target/classes:../core/target/test-classes:$CP" \
 *        org.comicreid.workflows.pipeline.PipelineHistoryRecorder \
 *        src/test/resources/histories/reid-pipeline-reuse-detect-pair.json
 * </pre>
 *
 * (or run this main from the IDE with the test classpath). The recorded run has detect and pair
 * FINISHED in the ledger (reused) and runs the other seven stages, so both branches of the stage
 * step are in the history. Not a test: it is never run by the build.
 */
public final class PipelineHistoryRecorder {

  private PipelineHistoryRecorder() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0
        ? args[0] : "src/test/resources/histories/reid-pipeline-reuse-detect-pair.json");
    try (PipelineHarness h = new PipelineHarness()) {
      h.start();
      PipelineSpec spec = PipelineHarness.spec("replay");
      Map<Stage, String> keys = spec.stageKeys();
      LedgerActivitiesOverLedger seed = new LedgerActivitiesOverLedger(h.ledger);
      for (Stage s : List.of(Stage.DETECT, Stage.PAIR)) {
        StageOutput o = PipelineHarness.output(s);
        seed.markStageStarted(
            new StageStart(keys.get(s), spec.experiment(), s, spec.configHash(), "earlier"));
        seed.markStageFinished(keys.get(s), StageOutputCodec.write(o), o.artifactPaths(), "{}");
      }
      ReIdPipelineWorkflow wf = h.newStub(spec);
      WorkflowExecution ex = WorkflowClient.start(wf::run, spec);
      io.temporal.client.WorkflowStub.fromTyped(wf).getResult(Object.class);
      String json = h.client.fetchHistory(ex.getWorkflowId(), ex.getRunId()).toJson(true);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, json);
      System.out.println("wrote " + out.toAbsolutePath());
    }
  }
}
