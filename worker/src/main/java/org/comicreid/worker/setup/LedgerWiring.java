package org.comicreid.worker.setup;

import org.comicreid.core.ReidRunException;
import org.comicreid.core.pipeline.StageLedger;

/**
 * THE SEAM to the catalog: where the worker gets its {@link StageLedger}. The catalog's {@code
 * CatalogStageLedger} is not merged yet, so this fails with a clear message; the lead replaces the
 * body with the catalog's ledger opened from the resolved config (database URL and credentials).
 */
public final class LedgerWiring {

  private LedgerWiring() {}

  /** The stage ledger for this setup. */
  public static StageLedger open(RunSetup setup) {
    throw new ReidRunException(
        "no stage ledger: the catalog's stage ledger is not wired into reid yet"
            + " (it arrives when the catalog branch is merged)");
  }
}
