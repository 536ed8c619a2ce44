package org.comicreid.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What every stage output record offers: the artifact paths it refers to and its provenance
 * (resolved config, input hashes, code version, engine, java/os/arch) as flat key/value pairs.
 */
public interface StageOutput {

  /** Artifact paths this output refers to, recorded in the ledger with the output. */
  List<String> artifactPaths();

  /** Provenance of the execution that produced this output. */
  Map<String, String> provenance();

  /** Null-safe immutable copy used by the output records. */
  static Map<String, String> copyOf(Map<String, String> provenance) {
    return provenance == null ? Map.of() : Map.copyOf(provenance);
  }
}
