package org.comicreid.core.pipeline;

/**
 * What every stage input record carries: the stage key under which the result is recorded, the
 * dataset it works on, and the directory its artifacts go to. Upstream outputs are further record
 * components of each input.
 */
public interface StageInput {

  /** The stage key ({@link StageKeys#of}). */
  String stageKey();

  /** The catalog's key of the dataset the pipeline runs on. */
  String datasetKey();

  /** The directory (under the artifact root) for this execution's artifacts. */
  String artifactDir();

  /** The stage's resolved config slice: what its stage key hashes. */
  java.util.Map<String, String> params();
}
