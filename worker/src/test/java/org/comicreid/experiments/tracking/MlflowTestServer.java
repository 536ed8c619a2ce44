package org.comicreid.experiments.tracking;

/**
 * Public door to the experiments module's {@code MlflowServer} test fixture for tests in other
 * modules: the real MLflow server of {@code REID_TEST_MLFLOW_URI}, skipped outside CI when absent
 * and failed under {@code CI=true}.
 */
public final class MlflowTestServer {
  private MlflowTestServer() {}

  /** The server's URI, without a trailing slash. */
  public static String uri() {
    return MlflowServer.uri();
  }
}
