package org.comicreid.core.dataset;

import java.util.List;
import java.util.Map;

/**
 * A whole dataset as plain records.
 *
 * @param name dataset name
 * @param contentHash the dataset's content hash (as recorded in the catalog)
 * @param panels all panels
 * @param detections all detected/annotated boxes
 * @param instances all annotated character instances
 * @param sequences all annotated sequences
 * @param truth instance id to global identity, when the dataset has a ground truth kept aside
 *     (synthetic worlds); empty otherwise. Training stages never read it.
 */
public record DatasetSnapshot(
    String name,
    String contentHash,
    List<PanelRecord> panels,
    List<DetectionRecord> detections,
    List<InstanceRecord> instances,
    List<SequenceRecord> sequences,
    Map<Long, String> truth) {
  public DatasetSnapshot {
    panels = List.copyOf(panels);
    detections = List.copyOf(detections);
    instances = List.copyOf(instances);
    sequences = List.copyOf(sequences);
    truth = Map.copyOf(truth);
  }
}
