package org.comicreid.catalog.cache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageStatus;
import org.comicreid.core.pipeline.StageUse;

/**
 * What {@code reid cache gc} deletes, decided from a {@link CacheInventory} alone (pure: no I/O).
 *
 * <ul>
 *   <li>Without {@code --keep-last}: records no pipeline used (no use recorded) that are not
 *       RUNNING, every FAILED record (its partial files and checkpoints), and orphans.
 *   <li>With {@code --keep-last N}: every record that none of the N most recently active pipelines
 *       (workflow ids ranked by their latest use, ties by id) used, RUNNING ones excepted, and
 *       orphans. A FAILED record a kept pipeline used is kept: that pipeline resumes from it.
 *   <li>Always: a RUNNING record and its files are kept; staging and checkpoint leftovers of a kept
 *       FINISHED record (an attempt that crashed after publishing) are deleted; a record whose
 *       directory or any artifact path lies outside the artifact root is refused, naming the path
 *       (kept, row and files: another root or a moved {@code paths.artifacts}).
 *   <li>Never: the shared caches under {@code <artifacts>/cache} (content-addressed crops and
 *       frozen features; a miss recomputes them) and anything outside the stage directories.
 * </ul>
 */
public final class CachePolicy {

  private CachePolicy() {}

  /** A record gc will not delete although the policy selected it, and why. */
  public record Refusal(StageRecord record, String reason) {}

  /**
   * What to delete.
   *
   * @param records records to delete (row, uses and all their entries)
   * @param orphans entries no record owns
   * @param leftovers staging/checkpoint entries of kept FINISHED records
   * @param refused selected records that lie outside the root
   * @param keptPipelines the workflow ids kept by {@code --keep-last} (empty without it)
   */
  public record GcPlan(
      List<CacheInventory.RecordEntry> records,
      List<ArtifactEntry> orphans,
      List<ArtifactEntry> leftovers,
      List<Refusal> refused,
      List<String> keptPipelines) {

    /** Bytes the plan frees. */
    public long bytes() {
      return records.stream().mapToLong(CacheInventory.RecordEntry::bytes).sum()
          + orphans.stream().mapToLong(ArtifactEntry::bytes).sum()
          + leftovers.stream().mapToLong(ArtifactEntry::bytes).sum();
    }
  }

  /**
   * The plan for {@code inventory} (unfiltered: gc looks at every experiment).
   *
   * @param keepLastOrNull {@code --keep-last N} (N &ge; 0), or null
   */
  public static GcPlan plan(CacheInventory inventory, Integer keepLastOrNull) {
    if (keepLastOrNull != null && keepLastOrNull < 0) {
      throw new ReidInputException("--keep-last: expected a number of pipelines >= 0, got "
          + keepLastOrNull);
    }
    List<String> kept = keepLastOrNull == null ? List.of()
        : mostRecentPipelines(inventory.uses(), keepLastOrNull);
    Set<String> keptKeys = new HashSet<>();
    Set<String> keptSet = new HashSet<>(kept);
    for (StageUse u : inventory.uses()) {
      if (keptSet.contains(u.workflowId())) {
        keptKeys.add(u.stageKey());
      }
    }
    List<CacheInventory.RecordEntry> delete = new ArrayList<>();
    List<ArtifactEntry> leftovers = new ArrayList<>();
    List<Refusal> refused = new ArrayList<>();
    for (CacheInventory.RecordEntry e : inventory.records()) {
      StageRecord r = e.record();
      boolean selected;
      if (r.status() == StageStatus.RUNNING) {
        selected = false;
      } else if (keepLastOrNull == null) {
        selected = e.uses().isEmpty() || r.status() == StageStatus.FAILED;
      } else {
        selected = !keptKeys.contains(r.stageKey());
      }
      if (selected) {
        String outside = outsideRoot(inventory.root(), r);
        if (outside != null) {
          refused.add(new Refusal(r, outside + " is outside paths.artifacts "
              + inventory.root()));
        } else {
          delete.add(e);
        }
      } else if (r.status() == StageStatus.FINISHED) {
        for (ArtifactEntry f : e.files()) {
          if (f.kind() == ArtifactEntry.Kind.STAGING || f.kind() == ArtifactEntry.Kind.CHECKPOINTS) {
            leftovers.add(f);
          }
        }
      }
    }
    return new GcPlan(delete, inventory.orphans(), leftovers, refused, kept);
  }

  /**
   * The {@code n} workflow ids with the latest uses, most recent first (ties: by workflow id).
   */
  public static List<String> mostRecentPipelines(List<StageUse> uses, int n) {
    Map<String, Instant> latest = new HashMap<>();
    for (StageUse u : uses) {
      latest.merge(u.workflowId(), u.lastUsedAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
    return latest.entrySet().stream()
        .sorted(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The first of the record's directory and artifact paths (relative ones resolved against the
   * root) that is not inside {@code root}, or null when all are.
   */
  static String outsideRoot(Path root, StageRecord r) {
    Path dir = root.resolve(r.experiment()).resolve(r.stage().key())
        .resolve(CacheInventory.RecordEntry.shortKey(r.stageKey())).normalize();
    if (!inside(root, dir)) {
      return dir.toString();
    }
    for (String p : r.artifactPaths()) {
      Path path;
      try {
        path = root.resolve(p).normalize();
      } catch (java.nio.file.InvalidPathException e) {
        return p;
      }
      if (!inside(root, path)) {
        return p;
      }
    }
    return null;
  }

  /** True when {@code path} is strictly below {@code root} (both normalised). */
  static boolean inside(Path root, Path path) {
    return path.startsWith(root) && !path.equals(root);
  }
}
