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

  /** Loss history table a training stage writes next to its checkpoint (step, series, value). */
  String LOSSES_TSV = "losses.tsv";

  /** Plot of {@link #LOSSES_TSV}, written next to it when it has a finite point. */
  String LOSSES_PNG = "losses.png";

  /**
   * The checkpoint and the loss history files next to it ({@link #LOSSES_TSV}, {@link
   * #LOSSES_PNG}) of a training stage. Pure path arithmetic (workflow code calls it).
   */
  static List<String> withLossHistory(String checkpointPath) {
    int slash = Math.max(checkpointPath.lastIndexOf('/'), checkpointPath.lastIndexOf('\\'));
    String dir = slash < 0 ? "" : checkpointPath.substring(0, slash + 1);
    return List.of(checkpointPath, dir + LOSSES_TSV, dir + LOSSES_PNG);
  }

  /** Null-safe immutable copy used by the output records. */
  static Map<String, String> copyOf(Map<String, String> provenance) {
    return provenance == null ? Map.of() : Map.copyOf(provenance);
  }
}
