package org.comicreid.catalog.repository;

import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Page;
import org.comicreid.catalog.entity.Panel;

/** Panels of a page or a dataset. */
public class PanelRepository extends AbstractRepository<Panel> {

  public PanelRepository(Catalog catalog) {
    super(catalog, Panel.class);
  }

  /** The page's panels in page order. */
  public List<Panel> findByPage(Page page) {
    return list("findByPage", Map.of("pageId", page.getId()));
  }

  /** All panels of a dataset with page and series fetched, by series, page and index. */
  public List<Panel> findByDataset(Dataset dataset) {
    return list("findByDataset", Map.of("datasetId", dataset.getId()));
  }
}
