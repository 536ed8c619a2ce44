package org.comicreid.catalog.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.core.ReidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a catalog dataset in one of the dataset formats ({@code reid dataset export}). The
 * folder is written under a temporary name beside {@code out} and renamed when complete; {@code
 * out} must not exist or be an empty folder. The written folder imports again with the same
 * content hash (see {@code docs/datasets.md} for what each format keeps).
 */
public final class DatasetExporter {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetExporter.class);

  private DatasetExporter() {}

  /**
   * Exports dataset {@code name} as {@code format} into the folder {@code out}.
   *
   * @throws ReidInputException for an unknown dataset or format, a non-empty {@code out}, or a
   *     dataset the format cannot hold (e.g. crops as {@code sequences})
   */
  public static ExportReport export(Catalog catalog, String name, String format, Path out) {
    DatasetFormat f = DatasetImporter.format(format);
    Path target = out.toAbsolutePath().normalize();
    ExportSource source = catalog.fromTransaction(s -> {
      Dataset ds = s.createNamedQuery("Dataset.findByName", Dataset.class)
          .setParameter("name", name).uniqueResult();
      if (ds == null) {
        List<String> names = s.createNamedQuery("Dataset.findAll", Dataset.class)
            .getResultList().stream().map(Dataset::getName).toList();
        throw new ReidInputException("dataset '" + name + "' is not in the catalog; "
            + (names.isEmpty() ? "the catalog has no datasets"
                : "datasets there: " + String.join(", ", names)));
      }
      return new ExportSource(ds.getId(), ds.getName(), ds.getFormat(), ds.getIdentityScope());
    });
    Path staging = DatasetFiles.stagingFor(target);
    boolean done = false;
    try {
      DatasetFormat.Exported written = catalog.fromTransaction(s -> {
        try {
          return f.export(s, source, staging);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot export dataset '" + name + "' to " + target, e);
        }
      });
      DatasetFiles.publish(staging, target);
      done = true;
      Path main = written.mainFile().isEmpty() ? target : target.resolve(written.mainFile());
      ExportReport report = new ExportReport(name, f.name(), target, main, written.rows(),
          written.images(), written.notes());
      LOG.info("exported dataset '{}' as {} to {}: {} rows, {} images{}", name, f.name(), target,
          written.rows(), written.images(),
          written.notes().isEmpty() ? "" : "; " + String.join("; ", written.notes()));
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the export into " + target, e);
    } finally {
      if (!done) {
        DatasetFiles.deleteTree(staging);
      }
    }
  }
}
