package org.comicreid.catalog.datasets;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import did.
 *
 * @param datasetName the dataset's name in the catalog
 * @param format the format it was read as
 * @param contentHash sha256 of the imported records (see {@code docs/datasets.md})
 * @param alreadyPresent true when the dataset was already in the catalog with this content hash,
 *     so nothing was written
 * @param counts rows per kind of record ({@code series}, {@code pages}, {@code panels}, {@code
 *     detections}, {@code instances}, {@code sequences}, {@code annotations}, {@code splits}),
 *     as imported (or, when already present, as they would have been)
 * @param problems the problems found; each one's row was skipped ({@code skipInvalid}), since
 *     an import with problems and without {@code skipInvalid} throws instead
 * @param dropped rows left out because something they depend on was skipped (an instance whose
 *     box was skipped, a sequence left without instances, ...), one note each
 * @param skippedReport the file the problems and drops were written to, or null when none
 */
public record ImportReport(String datasetName, String format, String contentHash,
    boolean alreadyPresent, Map<String, Long> counts, List<ImportProblem> problems,
    List<ImportProblem> dropped, Path skippedReport) {
  public ImportReport {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    problems = List.copyOf(problems);
    dropped = List.copyOf(dropped);
  }

  /** The count of one kind of record, 0 when absent. */
  public long count(String kind) {
    return counts.getOrDefault(kind, 0L);
  }
}
