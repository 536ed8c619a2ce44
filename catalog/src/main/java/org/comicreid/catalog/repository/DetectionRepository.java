package org.comicreid.catalog.repository;

import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Detection;
import org.comicreid.catalog.entity.Panel;

/** Face and body detections. Use {@link #insertAll} for detector output (batched). */
public class DetectionRepository extends AbstractRepository<Detection> {

  public DetectionRepository(Catalog catalog) {
    super(catalog, Detection.class);
  }

  /** The panel's detections in insertion order. */
  public List<Detection> findByPanel(Panel panel) {
    return list("findByPanel", Map.of("panelId", panel.getId()));
  }

  /** Number of detections in a dataset. */
  public long countByDataset(Dataset dataset) {
    return catalog.fromTransaction(
        s ->
            query(s, "countByDataset", Long.class, Map.of("datasetId", dataset.getId()))
                .getSingleResult());
  }
}
