package org.comicreid.catalog.datasets;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Times;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a dataset file or folder into the catalog ({@code reid dataset import}), following
 * {@code docs/datasets.md}:
 *
 * <ol>
 *   <li>the whole input is validated first, and every problem is collected as {@code
 *       FILE:LINE: message};
 *   <li>with problems and without {@code skipInvalid}, a {@link DatasetImportException} lists
 *       them all and nothing is written; with {@code skipInvalid}, the problems and the rows
 *       dropped with them go to {@code <PATH>.skipped.txt} (or {@code <DIR>/skipped.txt}) and the
 *       valid part is imported;
 *   <li>the content hash of what is imported decides: a dataset of that name with that hash is
 *       already there (nothing is written), or has another hash (an input error naming both), or
 *       is new and is written in one transaction.
 * </ol>
 */
public final class DatasetImporter {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetImporter.class);

  /** Rows per JDBC batch of an import. */
  static final int BATCH_ROWS = 5000;

  private DatasetImporter() {}

  /** The formats, by name. */
  static final Map<String, DatasetFormat> FORMATS = Map.of(
      CharacterInstancesFormat.NAME, new CharacterInstancesFormat(),
      SequencesFormat.NAME, new SequencesFormat(),
      InstancesFormat.NAME, new InstancesFormat());

  /** The format names, sorted. */
  public static List<String> formats() {
    return FORMATS.keySet().stream().sorted().toList();
  }

  static DatasetFormat format(String name) {
    DatasetFormat f = FORMATS.get(name);
    if (f == null) {
      throw new ReidInputException("unknown dataset format '" + name + "': expected one of "
          + String.join(", ", formats()));
    }
    return f;
  }

  /**
   * Imports {@code path} as a dataset of format {@code format}.
   *
   * @param path the CSV or JSON file ({@code character-instances}, {@code instances}; or the
   *     folder an export wrote) or the folder ({@code sequences})
   * @return what was imported, or that the same dataset was already there
   * @throws DatasetImportException when the input has problems (all of them are listed) and
   *     {@code skipInvalid} is off, or when it cannot be read at all
   * @throws ReidInputException for an unknown format, a missing path, bad options, or a dataset
   *     of that name with another content hash
   */
  public static ImportReport importDataset(Catalog catalog, String format, Path path,
      ImportOptions options) {
    DatasetFormat f = format(format);
    Path input = path.toAbsolutePath().normalize();
    if (!Files.exists(input)) {
      throw new ReidInputException("dataset input " + input + " does not exist");
    }
    String name = options.name() != null ? options.name() : DatasetFiles.baseName(input);

    Problems problems = new Problems();
    long started = System.nanoTime();
    DatasetFormat.Prepared prepared;
    try {
      prepared = f.prepare(input, options, problems);
    } catch (FatalProblem e) {
      List<ImportProblem> all = new ArrayList<>(problems.problems());
      all.add(e.problem());
      throw new DatasetImportException(input.toString(), all);
    }
    if (!problems.isEmpty() && !options.skipInvalid()) {
      throw new DatasetImportException(input.toString(), problems.problems());
    }
    Path report = null;
    if (!problems.isEmpty() || !problems.dropped().isEmpty()) {
      report = Files.isDirectory(input) ? input.resolve("skipped.txt")
          : input.resolveSibling(input.getFileName() + ".skipped.txt");
      writeReport(report, problems);
      LOG.warn("{}: skipped {} rows with problems and dropped {} rows depending on them; see {}",
          input, problems.size(), problems.dropped().size(), report);
    }
    String hash = prepared.contentHash();
    Path skipped = report;
    long validated = System.nanoTime();
    LOG.info("{}: validated in {} ms", input, (validated - started) / 1_000_000);
    Optional<Dataset> existing = new DatasetRepository(catalog).findByName(name);
    if (existing.isPresent()) {
      return sameOrConflict(existing.get(), f.name(), hash, input, prepared, problems, skipped);
    }
    return catalog.fromTransaction(s -> {
      // re-checked inside the transaction; the unique name constraint guards concurrent imports
      Optional<Dataset> again = new DatasetRepository(catalog).findByName(name);
      if (again.isPresent()) {
        return sameOrConflict(again.get(), f.name(), hash, input, prepared, problems, skipped);
      }
      s.doWork(c -> {
        BulkWriter w = new BulkWriter(c, BATCH_ROWS);
        try {
          tables(w).forEach((kind, table) ->
              w.expect(table, prepared.counts().getOrDefault(kind, 0L)));
          long id = w.dataset(name, hash, Times.now(), "imported from " + input,
              f.name(), prepared.identityScope());
          prepared.write(w, id);
          w.flush();
          checkCounts(prepared.counts(), w);
        } finally {
          w.close();
        }
      });
      LOG.info("imported {} as dataset '{}' ({}) in {} ms: {}", input, name, f.name(),
          (System.nanoTime() - validated) / 1_000_000, prepared.counts());
      return new ImportReport(name, f.name(), hash, false, prepared.counts(),
          problems.problems(), problems.dropped(), skipped);
    });
  }

  private static ImportReport sameOrConflict(Dataset ds, String format, String hash, Path input,
      DatasetFormat.Prepared prepared, Problems problems, Path report) {
    if (hash.equals(ds.getContentHash())) {
      LOG.info("dataset '{}' is already in the catalog with content hash {}: nothing to do",
          ds.getName(), hash);
      return new ImportReport(ds.getName(), format, hash, true, prepared.counts(),
          problems.problems(), problems.dropped(), report);
    }
    throw new ReidInputException("dataset '" + ds.getName() + "' already exists with content"
        + " hash " + ds.getContentHash() + ", but " + input + " (" + format + ") has content hash "
        + hash + ": import it under another name (--name)");
  }

  /** The rows written must be the rows validated; anything else is a bug. */
  private static void checkCounts(Map<String, Long> expected, BulkWriter w) {
    for (Map.Entry<String, BulkWriter.Table> e : tables(w).entrySet()) {
      long want = expected.getOrDefault(e.getKey(), 0L);
      if (e.getValue().rows() != want) {
        throw new ReidRunException("import wrote " + e.getValue().rows() + " " + e.getKey()
            + " but validated " + want + "; nothing was imported");
      }
    }
  }

  /** The tables behind the keys of {@link ImportReport#counts()}. */
  private static Map<String, BulkWriter.Table> tables(BulkWriter w) {
    return Map.of("series", w.series, "pages", w.page, "panels", w.panel,
        "detections", w.detection, "instances", w.instance, "sequences", w.sequence,
        "annotations", w.annotation, "splits", w.split);
  }

  private static void writeReport(Path file, Problems problems) {
    try {
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (ImportProblem p : problems.problems()) {
          out.write(p.toString());
          out.newLine();
        }
        for (ImportProblem p : problems.dropped()) {
          out.write(p.toString());
          out.newLine();
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the skipped-rows report " + file, e);
    }
  }
}
