package org.comicreid.experiments.tracking;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The real MLflow server the tests use: {@code REID_TEST_MLFLOW_URI}. Outside CI a missing server
 * skips the test; under {@code CI=true} it fails it.
 */
public final class MlflowServer {
  private MlflowServer() {}

  /** The server URI without a trailing slash; skips (outside CI) or fails (CI) when it is missing. */
  public static String uri() {
    String uri = System.getenv("REID_TEST_MLFLOW_URI");
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    String problem = null;
    if (uri == null || uri.isBlank()) {
      problem = "REID_TEST_MLFLOW_URI is not set (start one with: eval \"$(.ci/services.sh)\")";
    } else {
      try {
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
            .send(HttpRequest.newBuilder(URI.create(uri.replaceAll("/+$", "") + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          problem = "MLflow at " + uri + " answered /health with HTTP " + r.statusCode();
        }
      } catch (Exception e) {
        problem = "MLflow at " + uri + " is unreachable: " + e;
      }
    }
    if (problem != null) {
      if (ci) {
        fail("CI=true but " + problem);
      }
      Assumptions.abort(problem);
    }
    return uri.replaceAll("/+$", "");
  }
}
