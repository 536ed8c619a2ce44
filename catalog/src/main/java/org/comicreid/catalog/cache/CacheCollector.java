package org.comicreid.catalog.cache;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.core.pipeline.StageRecord;

/**
 * Carries out a {@link CachePolicy.GcPlan}. For a record: its ledger row and uses are deleted in
 * one transaction first, and only if the record is unchanged since the inventory read it
 * ({@link CatalogStageLedger#deleteIfUnchanged}: not restarted, not used again); then each of its
 * entries is renamed to a trash name ({@code gc-trash-<uuid>-<name>}, which owns nothing) and
 * deleted. A crash therefore never leaves a record pointing at half-deleted files: at worst a
 * trash entry remains, an orphan the next gc deletes. Orphans are checked again against the
 * ledger just before they go. Nothing outside {@code <root>/<experiment>/<stage>/} is touched.
 */
public final class CacheCollector {

  /** Prefix of the trash name an entry is renamed to before it is deleted. */
  public static final String TRASH_PREFIX = "gc-trash-";

  private CacheCollector() {}

  /** One thing deleted (or, in a dry run, to delete). */
  public record Item(String what, String path, long bytes) {}

  /**
   * What a gc did.
   *
   * @param deleted what was (dry run: would be) deleted
   * @param skipped what was planned but kept, with the reason
   * @param errors files that could not be deleted (their rows are gone; they are orphans now)
   * @param dryRun whether nothing was changed
   */
  public record Result(List<Item> deleted, List<String> skipped, List<String> errors,
      boolean dryRun) {

    /** Bytes freed (dry run: that would be freed). */
    public long bytes() {
      return deleted.stream().mapToLong(Item::bytes).sum();
    }
  }

  /**
   * Deletes what {@code plan} selected (nothing when {@code dryRun}).
   *
   * @param root the artifact root the plan was made for
   */
  public static Result collect(CachePolicy.GcPlan plan, Path root, CatalogStageLedger ledger,
      boolean dryRun) {
    Path r = root.toAbsolutePath().normalize();
    List<Item> deleted = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Set<Path> touched = new TreeSet<>();
    for (CacheInventory.RecordEntry e : plan.records()) {
      StageRecord rec = e.record();
      String what = "record " + rec.stage().key() + " " + e.shortKey() + " ("
          + rec.experiment() + ", " + rec.status().name().toLowerCase(java.util.Locale.ROOT)
          + ")";
      String where = r.resolve(rec.experiment()).resolve(rec.stage().key())
          .resolve(e.shortKey()).toString();
      if (dryRun) {
        deleted.add(new Item(what, where, e.bytes()));
        continue;
      }
      if (!ledger.deleteIfUnchanged(rec, e.uses())) {
        skipped.add(what + ": changed since it was read (restarted or used again); kept");
        continue;
      }
      long freed = 0;
      for (ArtifactEntry f : e.files()) {
        freed += remove(r, f, errors, touched);
      }
      deleted.add(new Item(what, where, freed));
    }
    Set<String> ownedNow = new HashSet<>();
    if (!dryRun && !plan.orphans().isEmpty()) {
      for (StageRecord rec : ledger.listAll()) {
        ownedNow.add(CacheInventory.ownerId(rec.experiment(), rec.stage(),
            CacheInventory.RecordEntry.shortKey(rec.stageKey())));
      }
    }
    for (ArtifactEntry f : plan.orphans()) {
      if (ownedNow.contains(CacheInventory.ownerId(f.experiment(), f.stage(), f.owner()))) {
        skipped.add("orphan " + f.path() + ": a stage record owns it now; kept");
        continue;
      }
      deleted.add(new Item("orphan", f.path().toString(),
          dryRun ? f.bytes() : remove(r, f, errors, touched)));
    }
    for (ArtifactEntry f : plan.leftovers()) {
      deleted.add(new Item("leftover " + f.kind().name().toLowerCase(java.util.Locale.ROOT),
          f.path().toString(), dryRun ? f.bytes() : remove(r, f, errors, touched)));
    }
    if (!dryRun) {
      removeEmptyParents(r, touched);
    }
    return new Result(deleted, skipped, errors, dryRun);
  }

  /** Renames {@code f} to a trash name and deletes it; returns the bytes freed (0 on error). */
  private static long remove(Path root, ArtifactEntry f, List<String> errors, Set<Path> touched) {
    Path p = f.path().toAbsolutePath().normalize();
    if (!CachePolicy.inside(root, p) || p.getNameCount() != root.getNameCount() + 3) {
      errors.add("refused to delete " + p + ": not an entry of a stage directory under "
          + "paths.artifacts " + root);
      return 0;
    }
    Path trash = p.resolveSibling(TRASH_PREFIX + UUID.randomUUID() + "-" + p.getFileName());
    try {
      Files.move(p, trash, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return 0; // gone already
    } catch (AtomicMoveNotSupportedException e) {
      trash = p; // delete in place: the row is gone already, so nothing points at it
    } catch (IOException e) {
      errors.add("cannot rename " + p + " to " + trash.getFileName() + ": " + e);
      return 0;
    }
    try {
      ArtifactFiles.deleteTree(trash);
    } catch (IOException e) {
      errors.add("cannot delete " + trash + " (was " + p.getFileName() + "): " + e);
      return 0;
    }
    touched.add(Objects.requireNonNull(p.getParent()));
    return f.bytes();
  }

  /** Deletes stage and experiment directories the gc emptied (best effort). */
  private static void removeEmptyParents(Path root, Set<Path> stageDirs) {
    Set<Path> experiments = new TreeSet<>();
    for (Path d : stageDirs) {
      if (deleteIfEmpty(d)) {
        experiments.add(d.getParent());
      }
    }
    experiments.forEach(e -> {
      if (CachePolicy.inside(root, e)) {
        deleteIfEmpty(e);
      }
    });
  }

  private static boolean deleteIfEmpty(Path dir) {
    try {
      Files.delete(dir);
      return true;
    } catch (DirectoryNotEmptyException | NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
