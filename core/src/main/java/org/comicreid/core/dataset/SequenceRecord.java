package org.comicreid.core.dataset;

import java.util.List;
import java.util.Map;

/**
 * One annotated 4-panel sequence.
 *
 * @param id catalog id
 * @param externalId e.g. {@code 1014_14_0+1014_14_1+1014_14_2+1014_14_3}
 * @param series external id of the series
 * @param split the split it belongs to ({@code train}, {@code val}, {@code test}), or empty
 * @param panelIds panel ids in reading order
 * @param labels instance id to sequence-local identity label: labels mean "same character"
 *     only within this sequence
 */
public record SequenceRecord(
    long id, String externalId, String series, String split, List<Long> panelIds, Map<Long, String> labels) {
  public SequenceRecord {
    panelIds = List.copyOf(panelIds);
    labels = Map.copyOf(labels);
  }
}
