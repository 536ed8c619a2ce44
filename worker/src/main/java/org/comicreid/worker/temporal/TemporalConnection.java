package org.comicreid.worker.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a Temporal frontend: either an in-process server started here (the embedded
 * default, in real time, not time-skipping, and gone when closed), or a client of a server at
 * {@code host:port}. Closing shuts the stubs down and, in embedded mode, the server too.
 */
public final class TemporalConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TemporalConnection.class);

  /** How long {@link #connect} waits for the frontend to answer its health check. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final TestServer.InProcessTestServer server;
  private final WorkflowServiceStubs stubs;
  private final String target;
  private final WorkflowClient client;

  private final String namespace;

  private TemporalConnection(
      TestServer.InProcessTestServer server,
      WorkflowServiceStubs stubs,
      String target,
      String namespace) {
    this.server = server;
    this.stubs = stubs;
    this.target = target;
    this.namespace = namespace;
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /**
   * Starts Temporal's in-process server in real time ({@code lockTimeSkipping = true}: timers and
   * timeouts run on the wall clock) and connects to it. Its state lives in memory only; stage
   * reuse across processes comes from the catalog ledger.
   */
  public static TemporalConnection embedded() {
    TestServer.InProcessTestServer server = TestServer.createServer(true);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setChannel(server.getChannel()).build());
    log.info("embedded Temporal server started (in-process, real time)");
    return new TemporalConnection(server, stubs, null, "default");
  }

  /** Connects to the frontend at {@code host:port}, failing fast if it does not answer. */
  public static TemporalConnection connect(String target) {
    return connect(target, CONNECT_TIMEOUT, "default");
  }

  /** Connects to the frontend at {@code host:port} and uses {@code namespace} (temporal.namespace). */
  public static TemporalConnection connect(String target, String namespace) {
    return connect(target, CONNECT_TIMEOUT, namespace);
  }

  /** As {@link #connect(String)} with an explicit health-check timeout. */
  public static TemporalConnection connect(String target, Duration timeout) {
    return connect(target, timeout, "default");
  }

  /** As {@link #connect(String, String)} with an explicit health-check timeout. */
  public static TemporalConnection connect(String target, Duration timeout, String namespace) {
    checkTarget(target);
    WorkflowServiceStubs stubs;
    try {
      stubs =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(target).build(), timeout);
    } catch (RuntimeException e) {
      throw new ReidRunException(
          "cannot reach Temporal at " + target + " within " + timeout.toSeconds() + "s ("
              + rootMessage(e) + "); start the server or fix temporal.target / --target", e);
    }
    return new TemporalConnection(null, stubs, target, namespace);
  }

  /** Checks the {@code host:port} form and names what was expected. */
  public static void checkTarget(String target) {
    if (target == null || !target.matches("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}")) {
      throw new ReidInputException(
          "temporal target '" + target + "' is not host:port (e.g. 127.0.0.1:7233)");
    }
    int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    if (port < 1 || port > 65535) {
      throw new ReidInputException("temporal target '" + target + "' has no valid port (1-65535)");
    }
  }

  /** The client over this connection (the configured namespace; {@code default} when embedded). */
  public WorkflowClient client() {
    return client;
  }

  /** The service stubs, e.g. for a {@code WorkerFactory}. */
  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  /** The Temporal namespace of this connection. */
  public String namespace() {
    return namespace;
  }

  /** Whether this process runs the server itself. */
  public boolean isEmbedded() {
    return server != null;
  }

  /** {@code host:port}, or {@code embedded}. */
  public String describe() {
    return server != null ? "embedded" : target;
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(10, TimeUnit.SECONDS);
    if (server != null) {
      server.close();
      log.info("embedded Temporal server stopped");
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable cur = t;
    while (cur.getCause() != null && cur.getCause() != cur) {
      cur = cur.getCause();
    }
    String m = cur.getMessage() == null ? cur.getClass().getSimpleName() : cur.getMessage();
    return m.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
