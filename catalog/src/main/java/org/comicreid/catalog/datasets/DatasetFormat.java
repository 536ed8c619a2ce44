package org.comicreid.catalog.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/** One dataset format of {@code docs/datasets.md}: how it is validated, written and exported. */
interface DatasetFormat {

  /** The format's name on the command line and in {@code dataset.format}. */
  String name();

  /**
   * Reads and validates {@code input} (absolute, normalized) without writing anything, recording
   * every problem in {@code problems}.
   *
   * @throws FatalProblem when the input cannot be read on
   */
  Prepared prepare(Path input, ImportOptions options, Problems problems);

  /**
   * Writes dataset {@code datasetId} of the catalog into the empty folder {@code folder}.
   *
   * @throws org.comicreid.core.ReidInputException when the dataset cannot be written in this
   *     format
   */
  Exported export(Session session, ExportSource dataset, Path folder) throws IOException;

  /**
   * What an export wrote into its folder.
   *
   * @param mainFile the name of the file to import it again from, or empty for the folder itself
   * @param rows data rows written
   * @param images image files placed
   * @param notes what the format could not hold
   */
  record Exported(String mainFile, long rows, long images, List<String> notes) {}

  /** A validated input, ready to be written. */
  interface Prepared {
    /** sha256 of the records that {@link #write} writes. */
    String contentHash();

    /** {@code sequence} or {@code dataset}. */
    String identityScope();

    /** Rows per kind of record that {@link #write} writes. */
    Map<String, Long> counts();

    /** Writes the records of dataset {@code datasetId} (whose row is already written). */
    void write(BulkWriter writer, long datasetId);
  }
}
