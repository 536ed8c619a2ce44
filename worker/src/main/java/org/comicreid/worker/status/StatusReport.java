package org.comicreid.worker.status;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.core.pipeline.PipelineProgress;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageProgress;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageState;

/**
 * Each stage's state for {@code reid status}, from the catalog ledger and, when Temporal is
 * reachable, the workflow's query (which wins: it knows the current run exactly).
 *
 * <p>With the stage keys known (the config was resolved), a stage is: pending without a record;
 * running/failed as recorded; ran if FINISHED by this workflow; cached if FINISHED by another one.
 * Without the keys, only this workflow's own records are known, and stages it reused show as
 * pending.
 */
public final class StatusReport {

  private StatusReport() {}

  /** The states of the nine stages of {@code workflowId}. */
  public static List<StageProgress> states(
      StageLedger ledger,
      String workflowId,
      Map<Stage, String> stageKeysOrNull,
      PipelineProgress liveOrNull) {
    Map<Stage, StageProgress> out = new EnumMap<>(Stage.class);
    if (stageKeysOrNull != null) {
      for (Stage s : Stage.inOrder()) {
        String key = stageKeysOrNull.get(s);
        out.put(s, fromRecord(s, key, ledger.find(key), workflowId));
      }
    } else {
      for (Stage s : Stage.inOrder()) {
        out.put(s, new StageProgress(s, StageState.PENDING, null, null));
      }
      for (StageRecord r : ledger.listByWorkflow(workflowId)) {
        out.put(r.stage(), fromRecord(r.stage(), r.stageKey(), Optional.of(r), workflowId));
      }
    }
    if (liveOrNull != null) {
      for (StageProgress p : liveOrNull.stages()) {
        if (p.state() != StageState.PENDING) {
          out.put(p.stage(), p);
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  private static StageProgress fromRecord(
      Stage s, String key, Optional<StageRecord> rec, String workflowId) {
    if (rec.isEmpty()) {
      return new StageProgress(s, StageState.PENDING, key, null);
    }
    StageRecord r = rec.get();
    return switch (r.status()) {
      case RUNNING -> new StageProgress(s, StageState.RUNNING, key, null);
      case FAILED -> new StageProgress(s, StageState.FAILED, key, r.error());
      case FINISHED -> new StageProgress(
          s, workflowId.equals(r.workflowId()) ? StageState.RAN : StageState.CACHED, key, null);
    };
  }

  /** One line per stage: {@code <stage> <state> <key prefix> [error]}. */
  public static String render(String workflowId, List<StageProgress> states) {
    StringBuilder b = new StringBuilder("workflow ").append(workflowId).append('\n');
    for (StageProgress p : states) {
      b.append(String.format("  %-10s %-8s %s%s%n",
          p.stage().key(), p.state().label(),
          p.stageKey() == null ? "-" : p.stageKey().substring(0, 12),
          p.error() == null ? "" : "  " + p.error()));
    }
    return b.toString();
  }

  /** A labelled pipeline's stage states (one sweep member). */
  public record Row(String label, List<StageProgress> states) {}

  /**
   * A sweep as a grid: one row per member, one column per stage, each cell the stage's state
   * (pending, cached, running, ran, failed); then each failure in full.
   */
  public static String renderSweep(String sweepWorkflowId, List<Row> rows) {
    int width = "member".length();
    for (Row r : rows) {
      width = Math.max(width, r.label().length());
    }
    StringBuilder b = new StringBuilder("sweep ").append(sweepWorkflowId).append('\n');
    StringBuilder head = new StringBuilder(String.format("  %-" + width + "s", "member"));
    for (Stage s : Stage.inOrder()) {
      head.append(String.format(" %-9s", s.key()));
    }
    b.append(head.toString().stripTrailing()).append('\n');
    List<String> failures = new ArrayList<>();
    for (Row r : rows) {
      StringBuilder line = new StringBuilder(String.format("  %-" + width + "s", r.label()));
      for (StageProgress p : r.states()) {
        line.append(String.format(" %-9s", p.state().label()));
        if (p.error() != null) {
          failures.add("  " + r.label() + ", " + p.stage().key() + ": " + p.error());
        }
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    failures.forEach(f -> b.append(f).append('\n'));
    return b.toString();
  }
}
