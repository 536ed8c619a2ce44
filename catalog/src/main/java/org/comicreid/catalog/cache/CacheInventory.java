package org.comicreid.catalog.cache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.core.pipeline.StageRecord;
import org.comicreid.core.pipeline.StageUse;

/**
 * What the ledger and the artifact root hold, side by side: each stage record with its uses and
 * the entries of its stage directory, the entries no record owns (orphans), every use (also of
 * keys without a record, for ranking pipelines) and the size of the shared caches.
 *
 * @param root the artifact root (absolute, normalised)
 * @param records every record (of the experiment, if filtered), by experiment, stage, key
 * @param orphans stage-directory entries whose owner (name up to the first '.') is the short
 *     key of no record of their experiment and stage
 * @param uses every recorded use, unfiltered
 * @param sharedCacheBytes size of {@link ArtifactFiles#SHARED_CACHES} (content-addressed caches
 *     that gc leaves alone)
 */
public record CacheInventory(
    Path root,
    List<RecordEntry> records,
    List<ArtifactEntry> orphans,
    List<StageUse> uses,
    long sharedCacheBytes) {

  /**
   * One stage record on disk.
   *
   * @param record the ledger record
   * @param uses the pipelines that used it, most recent first
   * @param files its entries in its stage directory (output, checkpoints, staging)
   */
  public record RecordEntry(StageRecord record, List<StageUse> uses, List<ArtifactEntry> files) {

    public RecordEntry {
      Objects.requireNonNull(record, "record");
      uses = List.copyOf(uses);
      files = List.copyOf(files);
    }

    /** The first 16 hex of the stage key: the name of its output directory. */
    public String shortKey() {
      return shortKey(record.stageKey());
    }

    /** Size of all its entries. */
    public long bytes() {
      return files.stream().mapToLong(ArtifactEntry::bytes).sum();
    }

    /** When a pipeline last used it, or null if none did. */
    public Instant lastUsed() {
      return uses.stream().map(StageUse::lastUsedAt).max(Comparator.naturalOrder()).orElse(null);
    }

    /** The first 16 characters of a stage key (the whole key if shorter). */
    public static String shortKey(String stageKey) {
      return stageKey.length() <= 16 ? stageKey : stageKey.substring(0, 16);
    }
  }

  public CacheInventory {
    root = root.toAbsolutePath().normalize();
    records = List.copyOf(records);
    orphans = List.copyOf(orphans);
    uses = List.copyOf(uses);
  }

  /**
   * Reads the artifact root, then the ledger (in this order: a stage writes files only after its
   * record exists, so an entry seen on disk whose record is missing from the later ledger read is
   * a true orphan, not a stage that just started).
   *
   * @param experimentOrNull only this experiment's records and orphans; null: all
   */
  public static CacheInventory load(StageLedger ledger, Path root, String experimentOrNull) {
    Path r = root.toAbsolutePath().normalize();
    List<ArtifactEntry> disk = ArtifactFiles.scan(r);
    long shared = 0;
    for (String c : ArtifactFiles.SHARED_CACHES) {
      shared += ArtifactFiles.bytes(r.resolve(c));
    }
    return of(r, ledger.listAll(), ledger.listUses(), disk, shared, experimentOrNull);
  }

  /** Matches records, uses and disk entries (pure; {@link #load} reads them). */
  public static CacheInventory of(Path root, List<StageRecord> records, List<StageUse> uses,
      List<ArtifactEntry> disk, long sharedCacheBytes, String experimentOrNull) {
    Map<String, List<StageUse>> usesByKey = new HashMap<>();
    for (StageUse u : uses) {
      usesByKey.computeIfAbsent(u.stageKey(), k -> new ArrayList<>()).add(u);
    }
    usesByKey.values().forEach(l -> l.sort(Comparator.comparing(StageUse::lastUsedAt).reversed()
        .thenComparing(StageUse::workflowId)));
    Map<String, List<ArtifactEntry>> filesByOwner = new LinkedHashMap<>();
    Map<String, StageRecord> owners = new HashMap<>();
    for (StageRecord rec : records) {
      owners.put(ownerId(rec.experiment(), rec.stage(), RecordEntry.shortKey(rec.stageKey())), rec);
    }
    List<ArtifactEntry> orphans = new ArrayList<>();
    for (ArtifactEntry e : disk) {
      String id = ownerId(e.experiment(), e.stage(), e.owner());
      if (owners.containsKey(id)) {
        filesByOwner.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
      } else if (experimentOrNull == null || experimentOrNull.equals(e.experiment())) {
        orphans.add(e);
      }
    }
    List<RecordEntry> entries = new ArrayList<>();
    for (StageRecord rec : records) {
      if (experimentOrNull != null && !experimentOrNull.equals(rec.experiment())) {
        continue;
      }
      String id = ownerId(rec.experiment(), rec.stage(), RecordEntry.shortKey(rec.stageKey()));
      entries.add(new RecordEntry(rec, usesByKey.getOrDefault(rec.stageKey(), List.of()),
          filesByOwner.getOrDefault(id, List.of())));
    }
    entries.sort(Comparator.comparing((RecordEntry e) -> e.record().experiment())
        .thenComparing(e -> e.record().stage())
        .thenComparing(e -> e.record().stageKey()));
    return new CacheInventory(root, entries, orphans, uses, sharedCacheBytes);
  }

  /** Total size of the records' entries. */
  public long recordBytes() {
    return records.stream().mapToLong(RecordEntry::bytes).sum();
  }

  /** Total size of the orphans. */
  public long orphanBytes() {
    return orphans.stream().mapToLong(ArtifactEntry::bytes).sum();
  }

  static String ownerId(String experiment, Stage stage, String shortKey) {
    return experiment + "/" + stage.key() + "/" + shortKey;
  }
}
