package org.comicreid.experiments.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.comicreid.core.ReidRunException;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks runs in an MLflow tracking server through {@link MlflowClient} (runs, params, metrics,
 * tags) and the proxied-artifact REST endpoint (artifacts, with no Python on the client).
 *
 * <ul>
 *   <li>Experiments are found by name or created.
 *   <li>A run is found again by its {@code reid.key} tag, so a retried activity logs into its
 *       first attempt's run; a finished run found this way is set back to RUNNING.
 *   <li>Child runs carry {@code mlflow.parentRunId}; every run carries {@code mlflow.runName},
 *       {@code mlflow.source.name}, {@code mlflow.source.git.commit} and {@code reid.key}.
 *   <li>Log-batch requests are split to MLflow's limits ({@link MlflowLimits}).
 *   <li>When the server is unreachable (connection failure, HTTP 429 or 5xx) during a run, its
 *       operations go to an on-disk {@link OutageBuffer} under the buffer directory and are sent, in
 *       order, on the run's next call, on {@link TrackedRun#finish}, on {@link #close()} or when
 *       the same key is started again. Metric points keep their timestamps, so a point resent after
 *       an uncertain failure is dropped by the server as an exact duplicate.
 * </ul>
 */
public final class MlflowTracker implements Tracker {

  private static final Logger LOG = LoggerFactory.getLogger(MlflowTracker.class);


  private final String trackingUri;
  private final Path bufferDir;
  private final MlflowClient client;
  private final HttpClient http;
  private final Map<String, String> env;
  private final Map<String, String> experimentIds = new ConcurrentHashMap<>();
  private final Map<String, MlflowRun> open = new ConcurrentHashMap<>();

  /**
   * @param trackingUri the server, e.g. {@code http://mlflow:5000}
   * @param bufferDir where operations wait while the server is unreachable
   */
  public MlflowTracker(String trackingUri, Path bufferDir) {
    this(trackingUri, bufferDir, System.getenv());
  }

  /** As {@link #MlflowTracker(String, Path)}, reading credentials from {@code env}. */
  public MlflowTracker(String trackingUri, Path bufferDir, Map<String, String> env) {
    String uri = trackingUri.strip();
    while (uri.endsWith("/")) {
      uri = uri.substring(0, uri.length() - 1);
    }
    if (!uri.startsWith("http://") && !uri.startsWith("https://")) {
      throw new org.comicreid.core.ReidInputException("tracking.mlflow.uri '" + trackingUri
          + "': expected an http:// or https:// URI of an MLflow tracking server");
    }
    this.trackingUri = uri;
    this.bufferDir = bufferDir;
    this.env = Map.copyOf(env);
    this.client = new MlflowClient(uri);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public String backend() {
    return "mlflow";
  }

  /** The tracking server. */
  public String trackingUri() {
    return trackingUri;
  }

  /** The client, for reading back what was logged. */
  public MlflowClient client() {
    return client;
  }

  /** The id of the named experiment, creating it (or restoring a deleted one) when needed. */
  public String experimentId(String name) {
    return experimentIds.computeIfAbsent(name, n -> {
      try {
        Optional<Service.Experiment> e = findExperiment(n);
        if (e.isPresent()) {
          if ("deleted".equals(e.get().getLifecycleStage())) {
            client.restoreExperiment(e.get().getExperimentId());
          }
          return e.get().getExperimentId();
        }
        try {
          return client.createExperiment(n);
        } catch (MlflowHttpException created) {
          // created concurrently by another worker
          return findExperiment(n).map(Service.Experiment::getExperimentId).orElseThrow(() -> created);
        }
      } catch (MlflowClientException ex) {
        throw failure("cannot get or create experiment '" + n + "'", ex);
      }
    });
  }

  /**
   * Looks an experiment up by name with a search (deleted ones included), which unlike
   * get-by-name does not answer 404, which the Java client would retry, for a new name.
   */
  private Optional<Service.Experiment> findExperiment(String name) {
    if (name.contains("'")) {
      return client.getExperimentByName(name);
    }
    return client.searchExperiments("name = '" + name + "'", Service.ViewType.ALL, 10, List.of())
        .getItems().stream().filter(x -> x.getName().equals(name)).findFirst();
  }

  @Override
  public TrackedRun startRun(RunSpec spec) {
    String expId = experimentId(spec.experiment());
    Service.RunInfo info;
    try {
      info = findByKey(expId, spec.key()).orElse(null);
      if (info == null) {
        Service.CreateRun.Builder req = Service.CreateRun.newBuilder()
            .setExperimentId(expId)
            .setStartTime(System.currentTimeMillis())
            .setRunName(spec.runName());
        systemTags(spec).forEach((k, v) -> req.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v)));
        info = client.createRun(req.build());
      } else if (info.getStatus() != Service.RunStatus.RUNNING) {
        client.sendPost("runs/update", "{\"run_id\":\"" + info.getRunId() + "\",\"status\":\"RUNNING\"}");
      }
    } catch (MlflowClientException e) {
      throw failure("cannot start run '" + spec.key() + "'", e);
    }
    Service.RunInfo found = info;
    MlflowRun run = open.computeIfAbsent(found.getRunId(),
        id -> new MlflowRun(id, spec.key(), found.getArtifactUri()));
    run.flushQuietly(); // a previous attempt's buffered points go first
    Map<String, String> tags = new LinkedHashMap<>(systemTags(spec));
    tags.putAll(spec.tags());
    run.setTags(tags);
    if (!spec.params().isEmpty()) {
      run.logParams(spec.params());
    }
    return run;
  }

  /** The oldest active run of the experiment with {@code reid.key = key}. */
  public Optional<Service.RunInfo> findByKey(String experimentId, String key) {
    if (!RunSpec.KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("run key '" + key + "' must match " + RunSpec.KEY.pattern());
    }
    List<Service.Run> found = client.searchRuns(List.of(experimentId),
            "tags.`" + RunTags.KEY + "` = '" + key + "'", Service.ViewType.ACTIVE_ONLY, 10,
            List.of("attributes.start_time ASC"))
        .getItems();
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).getInfo());
  }

  private static Map<String, String> systemTags(RunSpec spec) {
    return RunTags.of(spec);
  }

  @Override
  public void close() {
    for (MlflowRun r : open.values()) {
      r.flushQuietly();
    }
    open.clear();
    client.close();
  }

  private ReidRunException failure(String what, MlflowClientException e) {
    String detail = e instanceof MlflowHttpException h
        ? "HTTP " + h.getStatusCode() + " " + oneLine(h.getBodyMessage())
        : oneLine(String.valueOf(e.getMessage()));
    return new ReidRunException("MLflow at " + trackingUri + ": " + what + ": " + detail, e);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** True when the failure means "server not reachable now" rather than "request rejected". */
  static boolean unreachable(Throwable e) {
    if (e instanceof MlflowHttpException h) {
      return h.getStatusCode() == 429 || h.getStatusCode() >= 500;
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** Thrown inside a delivery when the server is unreachable; carries what is left to send. */
  private static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;
    final transient List<OutageBuffer.Op> remainder;

    Unreachable(List<OutageBuffer.Op> remainder, Throwable cause) {
      super(cause);
      this.remainder = remainder;
    }
  }

  /** One MLflow run. All operations are serialized, buffered ones first. */
  private final class MlflowRun implements TrackedRun {
    private final String runId;
    private final String key;
    private final String artifactUri;
    private final OutageBuffer buffer;
    private boolean warned;

    MlflowRun(String runId, String key, String artifactUri) {
      this.runId = runId;
      this.key = key;
      this.artifactUri = artifactUri;
      this.buffer = new OutageBuffer(bufferDir, runId);
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public void logParams(Map<String, String> params) {
      submit(OutageBuffer.Op.params(new LinkedHashMap<>(params)));
    }

    @Override
    public void logMetrics(List<MetricPoint> points) {
      for (MetricPoint p : points) {
        if (p.key().length() > MlflowLimits.MAX_ENTITY_KEY_LENGTH) {
          throw new IllegalArgumentException("metric key longer than 250 characters: " + p.key());
        }
      }
      if (!points.isEmpty()) {
        submit(OutageBuffer.Op.metrics(points));
      }
    }

    @Override
    public void setTags(Map<String, String> tags) {
      submit(OutageBuffer.Op.tags(new LinkedHashMap<>(tags)));
    }

    @Override
    public void logArtifact(Path localFile, String artifactPath) {
      if (!Files.isRegularFile(localFile)) {
        throw new org.comicreid.core.ReidInputException("artifact " + localFile + ": not a readable file");
      }
      artifactRoot(); // fail now, not at flush time, when the server cannot take uploads
      submit(OutageBuffer.Op.artifact(localFile.toAbsolutePath().toString(), artifactPath == null ? "" : artifactPath));
    }

    @Override
    public void finish(RunStatus status) {
      submit(OutageBuffer.Op.finish(status, System.currentTimeMillis()));
      if (buffer.isEmpty()) {
        open.remove(runId);
      } else {
        LOG.warn("MLflow at {} unreachable: run {} ({}) finished with {} operations kept in {}; they are sent "
            + "when this run key is started again", trackingUri, runId, key, buffer.pending(), buffer.file());
      }
    }

    @Override
    public synchronized int buffered() {
      return buffer.pending();
    }

    private synchronized void submit(OutageBuffer.Op op) {
      if (!buffer.isEmpty() && !flush()) {
        buffer.append(keepFiles(op));
        return;
      }
      try {
        deliver(op);
      } catch (Unreachable u) {
        warnOnce(u.getCause());
        for (OutageBuffer.Op rest : u.remainder) {
          buffer.append(keepFiles(rest));
        }
      }
    }

    private OutageBuffer.Op keepFiles(OutageBuffer.Op op) {
      if (op.op().equals("artifact") && !Path.of(op.file()).startsWith(bufferDir.toAbsolutePath())) {
        return OutageBuffer.Op.artifact(buffer.keep(Path.of(op.file())).toAbsolutePath().toString(), op.artifactPath());
      }
      return op;
    }

    synchronized void flushQuietly() {
      if (!buffer.isEmpty()) {
        flush();
      }
    }

    /** Sends the buffer in order; true when it is now empty. */
    private boolean flush() {
      List<OutageBuffer.Op> ops = buffer.read();
      for (int i = 0; i < ops.size(); i++) {
        try {
          deliver(ops.get(i));
        } catch (Unreachable u) {
          List<OutageBuffer.Op> left = new ArrayList<>(u.remainder);
          left.addAll(ops.subList(i + 1, ops.size()));
          buffer.replace(left);
          return false;
        }
      }
      buffer.replace(List.of());
      if (warned) {
        LOG.info("MLflow at {} reachable again: run {} delivered {} buffered operations", trackingUri, runId, ops.size());
        warned = false;
      }
      return true;
    }

    private void warnOnce(Throwable cause) {
      if (!warned) {
        warned = true;
        LOG.warn("MLflow at {} unreachable ({}); buffering run {} in {}", trackingUri,
            oneLine(String.valueOf(cause.getMessage())), runId, buffer.file());
      }
    }

    private void deliver(OutageBuffer.Op op) throws Unreachable {
      switch (op.op()) {
        case "metrics" -> {
          List<List<MetricPoint>> chunks = MlflowLimits.chunks(op.metrics(), MlflowLimits.MAX_METRICS_PER_BATCH);
          for (int c = 0; c < chunks.size(); c++) {
            List<Service.Metric> batch = chunks.get(c).stream().map(p -> Service.Metric.newBuilder()
                .setKey(p.key()).setValue(p.value()).setStep(p.step()).setTimestamp(p.timestampMillis()).build())
                .toList();
            int from = c;
            call(() -> client.logBatch(runId, batch, List.of(), List.of()), () -> List.of(OutageBuffer.Op.metrics(
                op.metrics().subList(from * MlflowLimits.MAX_METRICS_PER_BATCH, op.metrics().size()))), "log metrics");
          }
        }
        case "params" -> {
          List<Map.Entry<String, String>> all = new ArrayList<>(MlflowLimits.fitParams(op.params()).entrySet());
          List<List<Map.Entry<String, String>>> chunks = MlflowLimits.chunks(all, MlflowLimits.MAX_PARAMS_TAGS_PER_BATCH);
          for (int c = 0; c < chunks.size(); c++) {
            List<Service.Param> batch = chunks.get(c).stream()
                .map(e -> Service.Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
            int from = c;
            call(() -> client.logBatch(runId, List.of(), batch, List.of()),
                () -> List.of(OutageBuffer.Op.params(toMap(all.subList(from * MlflowLimits.MAX_PARAMS_TAGS_PER_BATCH, all.size())))),
                "log params");
          }
        }
        case "tags" -> {
          List<Map.Entry<String, String>> all = new ArrayList<>(MlflowLimits.fitTags(op.tags()).entrySet());
          List<List<Map.Entry<String, String>>> chunks = MlflowLimits.chunks(all, MlflowLimits.MAX_PARAMS_TAGS_PER_BATCH);
          for (int c = 0; c < chunks.size(); c++) {
            List<Service.RunTag> batch = chunks.get(c).stream()
                .map(e -> Service.RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
            int from = c;
            call(() -> client.logBatch(runId, List.of(), List.of(), batch),
                () -> List.of(OutageBuffer.Op.tags(toMap(all.subList(from * MlflowLimits.MAX_PARAMS_TAGS_PER_BATCH, all.size())))),
                "set tags");
          }
        }
        case "artifact" -> upload(op);
        case "finish" -> call(() -> client.setTerminated(runId, Service.RunStatus.valueOf(op.status()), op.endTime()),
            () -> List.of(op), "finish run");
        default -> throw new IllegalStateException("unknown buffered operation " + op.op());
      }
    }

    private void call(Runnable request, java.util.function.Supplier<List<OutageBuffer.Op>> remainder, String what)
        throws Unreachable {
      try {
        request.run();
      } catch (MlflowClientException e) {
        if (unreachable(e)) {
          throw new Unreachable(remainder.get(), e);
        }
        throw failure(what + " of run " + runId + " (" + key + ")", e);
      }
    }

    /** The run's artifact root as a path below the server's proxied-artifact endpoint. */
    private String artifactRoot() {
      String prefix = "mlflow-artifacts:";
      if (!artifactUri.startsWith(prefix)) {
        throw new ReidRunException("MLflow at " + trackingUri + " gives run " + runId + " the artifact location '"
            + artifactUri + "'; uploading from Java needs a server with proxied artifacts "
            + "(mlflow server --artifacts-destination ...)");
      }
      String rest = artifactUri.substring(prefix.length());
      if (rest.startsWith("//")) { // mlflow-artifacts://host:port/path
        int slash = rest.indexOf('/', 2);
        rest = slash < 0 ? "" : rest.substring(slash);
      }
      while (rest.startsWith("/")) {
        rest = rest.substring(1);
      }
      return rest;
    }

    private void upload(OutageBuffer.Op op) throws Unreachable {
      Path file = Path.of(op.file());
      StringBuilder path = new StringBuilder();
      List<String> segments = new ArrayList<>(List.of(artifactRoot().split("/")));
      for (String s : op.artifactPath().split("/")) {
        if (!s.isEmpty()) {
          segments.add(s);
        }
      }
      segments.add(file.getFileName().toString());
      for (String s : segments) {
        if (s.isEmpty()) {
          continue;
        }
        if (s.equals("..") || s.equals(".")) {
          throw new org.comicreid.core.ReidInputException("artifact path '" + op.artifactPath() + "': '..' and '.' are not allowed");
        }
        path.append('/').append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
      }
      URI target = URI.create(trackingUri + "/api/2.0/mlflow-artifacts/artifacts" + path);
      HttpResponse<String> resp;
      try {
        HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofFile(file));
        authorization().ifPresent(a -> req.header("Authorization", a));
        resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.FileNotFoundException e) {
        throw new ReidRunException("artifact " + file + ": the file is gone", e);
      } catch (IOException e) {
        throw new Unreachable(List.of(op), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unreachable(List.of(op), e);
      }
      int sc = resp.statusCode();
      if (sc == 429 || sc >= 500) {
        throw new Unreachable(List.of(op), new IOException("HTTP " + sc));
      }
      if (sc / 100 != 2) {
        throw new ReidRunException("MLflow at " + trackingUri + ": upload of artifact " + file + " to " + target
            + " failed: HTTP " + sc + " " + oneLine(resp.body()));
      }
    }
  }

  private Optional<String> authorization() {
    String token = env.getOrDefault("MLFLOW_TRACKING_TOKEN", "");
    if (!token.isEmpty()) {
      return Optional.of("Bearer " + token);
    }
    String user = env.getOrDefault("MLFLOW_TRACKING_USERNAME", "");
    if (!user.isEmpty()) {
      String pw = env.getOrDefault("MLFLOW_TRACKING_PASSWORD", "");
      return Optional.of("Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  private static Map<String, String> toMap(List<Map.Entry<String, String>> entries) {
    Map<String, String> m = new LinkedHashMap<>();
    entries.forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }
}
