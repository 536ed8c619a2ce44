package org.comicreid.worker.assign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.DetectOutput;
import org.comicreid.core.pipeline.FineTuneOutput;
import org.comicreid.core.pipeline.PairOutput;
import org.comicreid.core.pipeline.PretrainOutput;
import org.comicreid.core.pipeline.SelectThresholdOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.core.pipeline.StageUse;
import org.comicreid.experiments.report.TrackedRuns;
import org.comicreid.workflows.pipeline.StageOutputCodec;

/**
 * A finished pipeline as {@code reid assign} applies it: its stage records in the catalog's stage
 * ledger, from which the trained model (pretrain checkpoint and fine-tuned head), the selected
 * threshold and every stage's resolved config slice (the {@code config.*} entries of its output's
 * provenance) are read.
 *
 * @param workflowId the pipeline's workflow id ({@code <experiment>-<hash>})
 * @param resolvedFrom how the {@code --run} argument was resolved, for the output
 * @param records the stage records the pipeline used (ran or reused), by stage
 */
public record TrainedRun(String workflowId, String resolvedFrom, Map<Stage, StageRecord> records) {

  /** The stages assign reads; each must have finished. */
  static final List<Stage> NEEDED = List.of(Stage.FINE_TUNE, Stage.SELECT_THRESHOLD,
      Stage.PRETRAIN, Stage.PAIR, Stage.DETECT);

  private static final ObjectMapper JSON = new ObjectMapper();

  public TrainedRun {
    records = Map.copyOf(records);
  }

  /**
   * Resolves {@code run}: a {@code reid run --json} report file (its {@code workflow_id} and
   * stage keys), else a workflow id the ledger knows (the stage records it ran or reused), else a
   * tracked run id (its run name is the workflow id). Then checks that the stages assign needs
   * finished.
   *
   * @param tracker the reader of the configured tracker, opened only when needed (may throw)
   * @throws ReidInputException naming what was tried, or which stage has not finished
   */
  public static TrainedRun resolve(String run, StageLedger ledger,
      Supplier<TrackedRuns.Reader> tracker) {
    TrainedRun r = find(run, ledger, tracker);
    for (Stage s : NEEDED) {
      StageRecord rec = r.records.get(s);
      if (rec == null || rec.status() != StageStatus.FINISHED) {
        throw new ReidInputException("--run '" + run + "': pipeline " + r.workflowId
            + " has not finished its " + s.key() + " stage (" + (rec == null ? "no record"
            : rec.status().name().toLowerCase(Locale.ROOT) + (rec.error() == null ? ""
            : ": " + rec.error())) + "); reid assign needs the detect, pair, pretrain, finetune"
            + " and threshold stages finished (see reid status --workflow " + r.workflowId + ")");
      }
    }
    return r;
  }

  private static TrainedRun find(String run, StageLedger ledger,
      Supplier<TrackedRuns.Reader> tracker) {
    if (looksLikeFile(run)) {
      return fromReport(Path.of(run), ledger);
    }
    Map<Stage, StageRecord> byWorkflow = ofWorkflow(run, ledger);
    if (!byWorkflow.isEmpty()) {
      return new TrainedRun(run, "workflow id", byWorkflow);
    }
    String trackerTried;
    try {
      TrackedRuns.Reader reader = tracker.get();
      Optional<TrackedRuns.RunData> data = reader.find(run);
      if (data.isPresent()) {
        String wf = data.get().name();
        Map<Stage, StageRecord> recs = ofWorkflow(wf, ledger);
        if (recs.isEmpty()) {
          throw new ReidInputException("--run '" + run + "': the tracked run in "
              + reader.describe() + " is named '" + wf + "', but the catalog's stage ledger has"
              + " no pipeline with that workflow id (is it a stage run or a sweep? pass the"
              + " pipeline's workflow id or its reid run --json file)");
        }
        return new TrainedRun(wf, "tracked run " + run + " in " + reader.describe(), recs);
      }
      trackerTried = "no tracked run with that id in " + reader.describe();
    } catch (ReidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      trackerTried = "the tracker could not be asked (" + String.valueOf(e.getMessage()).strip()
          + ")";
    }
    throw new ReidInputException("--run '" + run + "': not a reid run --json file, no pipeline"
        + " with that workflow id in the catalog's stage ledger, and " + trackerTried
        + "; expected the workflow id reid run prints (<experiment>-<hash>), its tracked run id"
        + " or its --json report");
  }

  /** A path separator, a {@code .json} ending or an existing file: meant as a report file. */
  static boolean looksLikeFile(String arg) {
    if (arg.contains("/") || arg.contains("\\")
        || arg.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return true;
    }
    try {
      return Files.isRegularFile(Path.of(arg));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The records of a {@code reid run --json} report, by the stage keys it lists. */
  static TrainedRun fromReport(Path file, StageLedger ledger) {
    JsonNode doc;
    try {
      doc = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ReidInputException("--run " + file + ": cannot read it as a reid run --json"
          + " report: " + e.getMessage());
    }
    String wf = doc.path("workflow_id").asText("");
    JsonNode stages = doc.path("stages");
    if (wf.isEmpty() || !stages.isObject()) {
      throw new ReidInputException("--run " + file + ": expected a reid run --json report with"
          + " 'workflow_id' and 'stages'");
    }
    Map<Stage, StageRecord> out = new EnumMap<>(Stage.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = stages.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getValue().path("stage_key").asText("");
      Optional<Stage> stage = Stage.byKey(e.getKey());
      if (stage.isPresent() && !key.isEmpty()) {
        ledger.find(key).ifPresent(rec -> out.put(stage.get(), rec));
      }
    }
    if (out.isEmpty()) {
      throw new ReidInputException("--run " + file + ": none of the stage keys of pipeline " + wf
          + " is in the catalog's stage ledger (another catalog? pass --config/--set as for reid"
          + " run, or the records were removed by reid cache gc)");
    }
    return new TrainedRun(wf, "report " + file.toAbsolutePath().normalize(), out);
  }

  /**
   * The records a workflow used: those it ran ({@link StageLedger#listByWorkflow}) and those it
   * reused (its {@link StageUse}s); per stage the latest finished one, else the latest.
   */
  static Map<Stage, StageRecord> ofWorkflow(String workflowId, StageLedger ledger) {
    Set<String> keys = new LinkedHashSet<>();
    for (StageRecord r : ledger.listByWorkflow(workflowId)) {
      keys.add(r.stageKey());
    }
    for (StageUse u : ledger.listUses()) {
      if (u.workflowId().equals(workflowId)) {
        keys.add(u.stageKey());
      }
    }
    Map<Stage, List<StageRecord>> byStage = new EnumMap<>(Stage.class);
    for (String k : keys) {
      ledger.find(k).ifPresent(r -> byStage.computeIfAbsent(r.stage(), s -> new ArrayList<>()).add(r));
    }
    Map<Stage, StageRecord> out = new EnumMap<>(Stage.class);
    Comparator<StageRecord> order = Comparator
        .comparing((StageRecord r) -> r.status() == StageStatus.FINISHED)
        .thenComparing(r -> r.finishedAt() == null ? r.startedAt() : r.finishedAt(),
            Comparator.nullsFirst(Comparator.naturalOrder()));
    byStage.forEach((s, rs) -> out.put(s, rs.stream().max(order).orElseThrow()));
    return out;
  }

  /** The finished output of {@code stage} (see {@link #NEEDED}). */
  <T> T output(Stage stage, Class<T> type) {
    StageRecord rec = records.get(stage);
    if (rec == null || rec.status() != StageStatus.FINISHED || rec.outputJson() == null) {
      throw new ReidInputException("pipeline " + workflowId + " has no finished " + stage.key()
          + " stage");
    }
    return StageOutputCodec.read(rec.outputJson(), type);
  }

  public DetectOutput detect() {
    return output(Stage.DETECT, DetectOutput.class);
  }

  public PairOutput pair() {
    return output(Stage.PAIR, PairOutput.class);
  }

  public PretrainOutput pretrain() {
    return output(Stage.PRETRAIN, PretrainOutput.class);
  }

  public FineTuneOutput fineTune() {
    return output(Stage.FINE_TUNE, FineTuneOutput.class);
  }

  public SelectThresholdOutput selectThreshold() {
    return output(Stage.SELECT_THRESHOLD, SelectThresholdOutput.class);
  }

  /** True when the pipeline's cluster stage finished (its config slice is then known). */
  public boolean clustered() {
    StageRecord rec = records.get(Stage.CLUSTER);
    return rec != null && rec.status() == StageStatus.FINISHED && rec.provenanceJson() != null;
  }

  /**
   * The resolved config slice a finished stage ran with: the {@code config.*} entries of its
   * recorded provenance, prefix removed.
   */
  public Map<String, String> params(Stage stage) {
    StageRecord rec = records.get(stage);
    if (rec == null || rec.provenanceJson() == null) {
      throw new ReidInputException("pipeline " + workflowId + " has no recorded provenance of its "
          + stage.key() + " stage");
    }
    return configOf(provenance(rec));
  }

  /** The provenance map of a record. */
  static Map<String, String> provenance(StageRecord rec) {
    try {
      Map<String, String> m = new TreeMap<>();
      JSON.readTree(rec.provenanceJson()).fields()
          .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
      return m;
    } catch (IOException e) {
      throw new ReidInputException("stage record " + rec.stageKey() + ": provenance is not JSON: "
          + e.getMessage());
    }
  }

  /** The {@code config.*} entries of a provenance map, prefix removed. */
  static Map<String, String> configOf(Map<String, String> provenance) {
    Map<String, String> out = new TreeMap<>();
    provenance.forEach((k, v) -> {
      if (k.startsWith("config.")) {
        out.put(k.substring("config.".length()), v);
      }
    });
    return out;
  }

  /**
   * The dataset the pipeline ran on, {@code name@contentHash}, from the pair stage's provenance
   * ({@code input.dataset}).
   */
  public String dataset() {
    return pair().provenance().getOrDefault("input.dataset", "");
  }
}
