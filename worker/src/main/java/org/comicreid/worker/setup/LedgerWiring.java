package org.comicreid.worker.setup;

import org.comicreid.catalog.Catalog;
import org.comicreid.experiments.tracking.TrackerFactory;

/**
 * The seam to the catalog: a setup's stage ledger and datasets live in the catalog on {@code
 * catalog.*} (the embedded H2 file database under {@code
 * paths.workdir} by default, shared with workers on this machine through H2's auto-server mode;
 * PostgreSQL when {@code catalog.url} names one).
 *
 * <p>Commands close the catalog they open when they end; a shutdown hook also closes it, for a
 * process stopped mid-command. Closing matters in-process: an open embedded H2 database keeps
 * rewriting its lock file, so a catalog left open races whoever deletes the work dir.
 */
public final class LedgerWiring {

  private LedgerWiring() {}

  /**
   * Opens the catalog of this setup (running migrations if needed); the caller closes it, and a
   * shutdown hook closes it too. The ledger and the local tracker share it.
   */
  public static Catalog openCatalog(RunSetup setup) {
    Catalog catalog = Catalog.open(TrackerFactory.catalogSettings(setup.typed()));
    Runtime.getRuntime().addShutdownHook(new Thread(catalog::close, "reid-catalog-close"));
    return catalog;
  }
}
