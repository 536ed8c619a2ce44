package org.comicreid.catalog.repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Series;

/** Series of a dataset. */
public class SeriesRepository extends AbstractRepository<Series> {

  public SeriesRepository(Catalog catalog) {
    super(catalog, Series.class);
  }

  /** The dataset's series, by external id. */
  public List<Series> findByDataset(Dataset dataset) {
    return list("findByDataset", Map.of("datasetId", dataset.getId()));
  }

  public Optional<Series> findByExternalId(Dataset dataset, String externalId) {
    return unique(
        "findByExternalId", Map.of("datasetId", dataset.getId(), "externalId", externalId));
  }
}
