package org.comicreid.core.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.comicreid.core.pipeline.PipelineSpec;

/**
 * One pipeline of a sweep: a member at one seed repeat, resolved to its pipeline spec.
 *
 * @param index the member's position in the sweep (repeats share it)
 * @param name the member's name
 * @param seed the repeat, 0-based
 * @param overrides the member's overrides (shared, own, seed), as the grid shows them
 * @param pipeline the member's resolved pipeline
 * @param trackingParams the params of the member's tracked run (its resolved config, redacted)
 */
public record SweepMember(
    int index,
    String name,
    int seed,
    Map<String, String> overrides,
    PipelineSpec pipeline,
    Map<String, String> trackingParams) {

  public SweepMember {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pipeline, "pipeline");
    overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides == null ? Map.of() : overrides));
    trackingParams = Collections.unmodifiableMap(new TreeMap<>(trackingParams == null ? Map.of() : trackingParams));
  }

  /** The label of this run: the name, with {@code #<seed>} for repeats after the first. */
  public String label() {
    return seed == 0 ? name : name + " #" + seed;
  }

  /** Identity within the sweep: {@code <index>.<seed>}. */
  public String slot() {
    return index + "." + seed;
  }
}
