package org.comicreid.experiments.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.comicreid.catalog.tracking.MetricPoint;
import org.comicreid.catalog.tracking.TrackingRun;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import org.comicreid.experiments.tracking.LocalTracker;
import org.comicreid.experiments.tracking.MlflowTracker;
import org.comicreid.experiments.tracking.RunTags;
import org.comicreid.experiments.tracking.Tracker;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.Page;

/**
 * Reads finished runs back from a tracker, as grids and as flat metric maps: a pipeline run's
 * latest metric values (keys are dotted paths, so they are the {@code reid run --json} numbers),
 * and a sweep parent run ({@code reid.kind = sweep}) expanded to its child runs, one grid row per
 * member index ({@code reid.sweep.member}) aggregated over its seeds.
 */
public final class TrackedRuns {

  /** Tag naming what a run is; {@value #SWEEP_KIND} for a sweep parent. */
  public static final String KIND = "reid.kind";
  /** The {@link #KIND} of a sweep parent run. */
  public static final String SWEEP_KIND = "sweep";
  /** Tag of a sweep parent: the sweep's name. */
  public static final String SWEEP = "reid.sweep";
  /** Tag of a sweep parent: the columns its file declares, comma-separated presets and paths. */
  public static final String COLUMNS = "reid.sweep.columns";
  /** Tag of a sweep child: the member's index. */
  public static final String MEMBER = "reid.sweep.member";
  /** Tag of a sweep child: the member's name. */
  public static final String MEMBER_NAME = "reid.sweep.member_name";
  /** Tag of a sweep child: the member's overrides as a JSON object. */
  public static final String OVERRIDES = "reid.sweep.overrides";
  /** Tag of a sweep child: the seed. */
  public static final String SEED = "reid.sweep.seed";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MLFLOW_RUN_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

  /**
   * One tracked run as read back.
   *
   * @param name the display name ({@code mlflow.runName}), or the id when it has none
   * @param status the run status, e.g. FINISHED or FAILED
   * @param metrics the latest value of each metric (the highest step, then the last logged)
   */
  public record RunData(String runId, String name, String status, Map<String, String> tags,
      Map<String, Double> metrics) {
    /** True for a sweep parent run. */
    public boolean isSweep() {
      return SWEEP_KIND.equals(tags.get(KIND));
    }
  }

  /** Read access to one tracker's runs. */
  public interface Reader {
    /** The run with this id, if the tracker has it. */
    Optional<RunData> find(String runId);

    /** The runs nested directly under {@code parentRunId}, oldest first. */
    List<RunData> children(String parentRunId);

    /** The tracker, for messages ({@code MLflow at http://...}, {@code the local tracker}). */
    String describe();
  }

  private TrackedRuns() {}

  /** The reader of a tracker built by {@link org.comicreid.experiments.tracking.TrackerFactory}. */
  public static Reader reader(Tracker tracker) {
    if (tracker instanceof MlflowTracker m) {
      return mlflow(m.client(), m.trackingUri());
    }
    if (tracker instanceof LocalTracker l) {
      return local(l.store());
    }
    throw new IllegalArgumentException("cannot read runs back from a " + tracker.backend() + " tracker");
  }

  /** A reader of the local tracker's runs in the catalog. */
  public static Reader local(TrackingStore store) {
    return new Reader() {
      @Override
      public Optional<RunData> find(String runId) {
        return store.getRun(runId).map(r -> data(store, r));
      }

      @Override
      public List<RunData> children(String parentRunId) {
        return store.listChildren(parentRunId).stream().map(r -> data(store, r)).toList();
      }

      @Override
      public String describe() {
        return "the local tracker";
      }
    };
  }

  private static RunData data(TrackingStore store, TrackingRun r) {
    Map<String, Double> latest = new LinkedHashMap<>();
    for (MetricPoint p : store.listMetrics(r.runId())) { // by key, step, logging order: last wins
      latest.put(p.key(), p.value());
    }
    Map<String, String> tags = store.getTags(r.runId());
    String name = r.name() == null || r.name().isEmpty() ? r.runId() : r.name();
    return new RunData(r.runId(), name, r.status().name(), tags, latest);
  }

  /** A reader of an MLflow server's runs. */
  public static Reader mlflow(MlflowClient client, String trackingUri) {
    return new Reader() {
      @Override
      public Optional<RunData> find(String runId) {
        if (!MLFLOW_RUN_ID.matcher(runId).matches()) {
          return Optional.empty();
        }
        try {
          return Optional.of(data(client.getRun(runId)));
        } catch (MlflowHttpException e) {
          if (e.getStatusCode() == 404 || e.getStatusCode() == 400) {
            return Optional.empty();
          }
          throw failure(trackingUri, "cannot read run " + runId, e);
        } catch (MlflowClientException e) {
          throw failure(trackingUri, "cannot read run " + runId, e);
        }
      }

      @Override
      public List<RunData> children(String parentRunId) {
        if (!MLFLOW_RUN_ID.matcher(parentRunId).matches()) {
          return List.of();
        }
        try {
          Service.Run parent = client.getRun(parentRunId);
          List<RunData> out = new ArrayList<>();
          Page<Service.Run> page = client.searchRuns(List.of(parent.getInfo().getExperimentId()),
              "tags.`" + RunTags.PARENT_RUN_ID + "` = '" + parentRunId + "'", Service.ViewType.ACTIVE_ONLY,
              1000, List.of("attributes.start_time ASC"));
          while (true) {
            for (Service.Run r : page.getItems()) {
              out.add(data(r));
            }
            if (!page.hasNextPage()) {
              break;
            }
            page = page.getNextPage();
          }
          return out;
        } catch (MlflowClientException e) {
          throw failure(trackingUri, "cannot list the child runs of " + parentRunId, e);
        }
      }

      @Override
      public String describe() {
        return "MLflow at " + trackingUri;
      }
    };
  }

  private static RunData data(Service.Run r) {
    Map<String, String> tags = new LinkedHashMap<>();
    r.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
    Map<String, Double> metrics = new TreeMap<>();
    r.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
    String name = tags.getOrDefault(RunTags.RUN_NAME, r.getInfo().getRunName());
    if (name == null || name.isEmpty()) {
      name = r.getInfo().getRunId();
    }
    return new RunData(r.getInfo().getRunId(), name, r.getInfo().getStatus().name(), tags, metrics);
  }

  private static ReidRunException failure(String uri, String what, MlflowClientException e) {
    String detail = e instanceof MlflowHttpException h
        ? "HTTP " + h.getStatusCode() + " " + String.valueOf(h.getBodyMessage()).strip()
        : String.valueOf(e.getMessage());
    return new ReidRunException("MLflow at " + uri + ": " + what + ": " + detail.replaceAll("\\s*\\R\\s*", " "), e);
  }

  /**
   * The run with this id.
   *
   * @throws ReidInputException when the tracker has no such run
   */
  public static RunData require(Reader reader, String runId) {
    return reader.find(runId).orElseThrow(() -> new ReidInputException("run '" + runId
        + "': no such file, and no run with that id in " + reader.describe()));
  }

  /**
   * The flat metrics of one pipeline run, for a gate.
   *
   * @throws ReidInputException when the run is unknown or is a sweep parent
   */
  public static Map<String, Double> metrics(Reader reader, String runId) {
    RunData r = require(reader, runId);
    if (r.isSweep()) {
      throw new ReidInputException("run '" + runId + "' is the sweep '" + r.tags().get(SWEEP)
          + "': expected one pipeline run (pick a member run, or compare the sweep with reid compare)");
    }
    return r.metrics();
  }

  /**
   * The grid of a tracked run: one row for a pipeline run; for a sweep parent one row per member
   * index, in index order, aggregating the member's seeds.
   *
   * @param columns the columns, or null for the ones a sweep parent declares ({@link #COLUMNS}),
   *     else the {@code default} preset
   */
  public static MetricGrid grid(Reader reader, String runId, List<GridColumn> columns) {
    RunData r = require(reader, runId);
    List<GridColumn> cols = columns;
    if (cols == null) {
      String declared = r.isSweep() ? r.tags().get(COLUMNS) : null;
      cols = declared == null || declared.isBlank() ? GridColumns.defaults()
          : GridColumns.parse(declared);
    }
    if (!r.isSweep()) {
      return MetricGrid.fromMembers(r.name(),
          List.of(new MetricGrid.Member(r.name(), Map.of(), List.of(r.metrics()), failedNote(r.status(), 1, 1))),
          cols);
    }
    Map<Integer, List<RunData>> byMember = new TreeMap<>();
    for (RunData c : reader.children(runId)) {
      String idx = c.tags().get(MEMBER);
      if (idx == null) {
        continue; // not a member run (e.g. a bookkeeping child)
      }
      int i;
      try {
        i = Integer.parseInt(idx.strip());
      } catch (NumberFormatException e) {
        throw new ReidRunException("run " + c.runId() + " of sweep " + runId + ": tag " + MEMBER + " is '"
            + idx + "', expected a member index");
      }
      byMember.computeIfAbsent(i, k -> new ArrayList<>()).add(c);
    }
    List<MetricGrid.Member> members = new ArrayList<>();
    byMember.forEach((i, runs) -> {
      RunData first = runs.get(0);
      String name = first.tags().getOrDefault(MEMBER_NAME, first.name());
      List<Map<String, Double>> seeds = new ArrayList<>();
      int failed = 0;
      for (RunData c : runs) {
        seeds.add(c.metrics());
        if ("FAILED".equals(c.status())) {
          failed++;
        }
      }
      members.add(new MetricGrid.Member(name, overrides(first), seeds,
          failed == 0 ? "" : failedNote("FAILED", failed, runs.size())));
    });
    String title = r.tags().getOrDefault(SWEEP, r.name());
    return MetricGrid.fromMembers(title, members, cols);
  }

  private static String failedNote(String status, int failed, int of) {
    if (!"FAILED".equals(status)) {
      return "";
    }
    return of == 1 ? "failed" : failed + " of " + of + " seeds failed";
  }

  private static Map<String, String> overrides(RunData run) {
    String json = run.tags().get(OVERRIDES);
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return MetricGrid.overrides(JSON.readValue(json, Object.class));
    } catch (JsonProcessingException e) {
      throw new ReidRunException("run " + run.runId() + ": tag " + OVERRIDES + " is not a JSON object: " + json, e);
    }
  }
}
