package org.comicreid.catalog.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export wrote.
 *
 * @param datasetName the dataset
 * @param format the format written
 * @param folder the folder written (complete: it was written under a temporary name and renamed)
 * @param mainFile the file to import it again from (the CSV, or the folder for {@code sequences})
 * @param rows data rows written (CSV rows, or boxes for {@code sequences})
 * @param images image files placed under {@code folder/images}
 * @param notes what the format could not hold and was left out, one line each
 */
public record ExportReport(String datasetName, String format, Path folder, Path mainFile,
    long rows, long images, List<String> notes) {
  public ExportReport {
    notes = List.copyOf(notes);
  }
}
