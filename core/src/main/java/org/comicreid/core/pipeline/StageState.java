package org.comicreid.core.pipeline;

/** Where one stage of one pipeline run stands, as the workflow query and {@code reid status} show it. */
public enum StageState {
  /** Not reached yet. */
  PENDING,
  /** Reused: the ledger had a finished execution with the same stage key; nothing was scheduled. */
  CACHED,
  /** Scheduled and not finished yet (possibly retrying). */
  RUNNING,
  /** Ran in this pipeline run and finished. */
  RAN,
  /** Ran in this pipeline run and failed after its retries. */
  FAILED;

  /** Lower-case name as printed by the CLI. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
