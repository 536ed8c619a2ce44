package org.comicreid.worker.setup;

import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.core.pipeline.StageLedger;
import org.comicreid.experiments.tracking.TrackerFactory;

/**
 * The seam to the catalog: the {@link StageLedger} of a setup is the catalog's {@link
 * CatalogStageLedger} on {@code catalog.*} (the embedded H2 file database under {@code
 * paths.workdir} by default, shared with workers on this machine through H2's auto-server mode;
 * PostgreSQL when {@code catalog.url} names one).
 *
 * <p>The catalog stays open for the life of the process (CLI commands and workers are
 * short-lived or long-running processes with one catalog) and is closed by a shutdown hook.
 */
public final class LedgerWiring {

  private LedgerWiring() {}

  /** Opens the catalog of this setup (running migrations if needed) and returns its ledger. */
  public static StageLedger open(RunSetup setup) {
    return new CatalogStageLedger(openCatalog(setup));
  }

  /**
   * Opens the catalog of this setup (running migrations if needed), closed by a shutdown hook; the
   * ledger and the local tracker share it.
   */
  public static Catalog openCatalog(RunSetup setup) {
    Catalog catalog = Catalog.open(TrackerFactory.catalogSettings(setup.typed()));
    Runtime.getRuntime().addShutdownHook(new Thread(catalog::close, "reid-catalog-close"));
    return catalog;
  }
}
