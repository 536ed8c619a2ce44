package org.comicreid.experiments.tracking;

import java.util.LinkedHashMap;
import java.util.Map;
import org.comicreid.core.BuildInfo;

/** The tags every tracker puts on a run, with MLflow's names so both backends read the same. */
public final class RunTags {
  /** Tag holding the idempotency key of a run. */
  public static final String KEY = "reid.key";
  /** Tag holding the Temporal workflow id of a run. */
  public static final String WORKFLOW_ID = "reid.workflow_id";
  /** MLflow's tag for the parent of a nested run. */
  public static final String PARENT_RUN_ID = "mlflow.parentRunId";
  /** MLflow's tag for the display name of a run. */
  public static final String RUN_NAME = "mlflow.runName";
  /** MLflow's tag for what produced a run. */
  public static final String SOURCE_NAME = "mlflow.source.name";
  /** MLflow's tag for the kind of source. */
  public static final String SOURCE_TYPE = "mlflow.source.type";
  /** MLflow's tag for the git commit of the code. */
  public static final String GIT_COMMIT = "mlflow.source.git.commit";

  private RunTags() {}

  /** The system tags of a run started from {@code spec} (the spec's own tags not included). */
  public static Map<String, String> of(RunSpec spec) {
    Map<String, String> t = new LinkedHashMap<>();
    t.put(RUN_NAME, spec.runName());
    t.put(SOURCE_NAME, "comic-reid");
    t.put(SOURCE_TYPE, "JOB");
    t.put(GIT_COMMIT, BuildInfo.current().gitCommit());
    t.put(KEY, spec.key());
    if (!spec.workflowId().isEmpty()) {
      t.put(WORKFLOW_ID, spec.workflowId());
    }
    if (!spec.parentRunId().isEmpty()) {
      t.put(PARENT_RUN_ID, spec.parentRunId());
    }
    return t;
  }
}
