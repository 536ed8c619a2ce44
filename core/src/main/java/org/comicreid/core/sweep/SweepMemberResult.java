package org.comicreid.core.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.comicreid.core.pipeline.PipelineResult;
import org.comicreid.core.pipeline.Stage;

/**
 * What one pipeline of a sweep came to.
 *
 * @param index the member's position in the sweep
 * @param name the member's name
 * @param seed the repeat
 * @param overrides the member's overrides
 * @param workflowId the member's child workflow id
 * @param trackingRunId the member's tracked run, or empty
 * @param finished whether the pipeline finished (else it failed)
 * @param error the one-line failure, or empty
 * @param result the pipeline's result when it finished, else null
 * @param cached the stages reused from the ledger (also on a failure, where known)
 */
public record SweepMemberResult(
    int index,
    String name,
    int seed,
    Map<String, String> overrides,
    String workflowId,
    String trackingRunId,
    boolean finished,
    String error,
    PipelineResult result,
    List<Stage> cached) {

  public SweepMemberResult {
    Objects.requireNonNull(name, "name");
    overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides == null ? Map.of() : overrides));
    trackingRunId = trackingRunId == null ? "" : trackingRunId;
    error = error == null ? "" : error;
    cached = cached == null ? List.of() : List.copyOf(cached);
  }

  /** The finished run of {@code member}. */
  public static SweepMemberResult finished(
      SweepMember member, String workflowId, String trackingRunId, PipelineResult result) {
    return new SweepMemberResult(member.index(), member.name(), member.seed(), member.overrides(),
        workflowId, trackingRunId, true, "", result, result.cached());
  }

  /** The failed run of {@code member}. */
  public static SweepMemberResult failed(
      SweepMember member, String workflowId, String trackingRunId, String error) {
    return new SweepMemberResult(member.index(), member.name(), member.seed(), member.overrides(),
        workflowId, trackingRunId, false, error, null, List.of());
  }

  /** The label: the name, with {@code #<seed>} for repeats after the first. */
  public String label() {
    return seed == 0 ? name : name + " #" + seed;
  }

  /** Identity within the sweep: {@code <index>.<seed>}. */
  public String slot() {
    return index + "." + seed;
  }
}
