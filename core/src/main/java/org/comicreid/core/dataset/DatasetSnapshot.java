package org.comicreid.core.dataset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The annotated part of a dataset as plain records: its sequences, the instances they label, those
 * instances' boxes, and the panels of both (boxes no annotation uses are streamed separately).
 *
 * @param name dataset name
 * @param contentHash the dataset's content hash (as recorded in the catalog)
 * @param panels the panels of the sequences and of the annotated instances
 * @param detections the boxes of the annotated instances
 * @param instances the character instances some sequence labels
 * @param sequences all sequences
 * @param truth instance id to global identity, when the dataset has a ground truth kept aside
 *     (synthetic worlds); empty otherwise. Training stages never read it.
 * @param identityScope {@link IdentityScope#SEQUENCE} when a label means "same character" only
 *     inside its sequence (the paper's annotations), {@link IdentityScope#DATASET} when labels are
 *     already linked across the whole dataset
 */
public record DatasetSnapshot(
    String name,
    String contentHash,
    List<PanelRecord> panels,
    List<DetectionRecord> detections,
    List<InstanceRecord> instances,
    List<SequenceRecord> sequences,
    Map<Long, String> truth,
    IdentityScope identityScope) {
  public DatasetSnapshot {
    panels = List.copyOf(panels);
    detections = List.copyOf(detections);
    instances = List.copyOf(instances);
    sequences = List.copyOf(sequences);
    truth = Map.copyOf(truth);
    identityScope = identityScope == null ? IdentityScope.SEQUENCE : identityScope;
  }

  /** A dataset whose labels are sequence-local. */
  public DatasetSnapshot(String name, String contentHash, List<PanelRecord> panels,
      List<DetectionRecord> detections, List<InstanceRecord> instances,
      List<SequenceRecord> sequences, Map<Long, String> truth) {
    this(name, contentHash, panels, detections, instances, sequences, truth,
        IdentityScope.SEQUENCE);
  }

  /** The panels by id (a new map on each call). */
  public Map<Long, PanelRecord> panelsById() {
    Map<Long, PanelRecord> out = new HashMap<>();
    panels.forEach(p -> out.put(p.id(), p));
    return out;
  }

  /** The boxes by id (a new map on each call). */
  public Map<Long, DetectionRecord> detectionsById() {
    Map<Long, DetectionRecord> out = new HashMap<>();
    detections.forEach(d -> out.put(d.id(), d));
    return out;
  }

  /** The instances by id (a new map on each call). */
  public Map<Long, InstanceRecord> instancesById() {
    Map<Long, InstanceRecord> out = new HashMap<>();
    instances.forEach(i -> out.put(i.id(), i));
    return out;
  }
}
