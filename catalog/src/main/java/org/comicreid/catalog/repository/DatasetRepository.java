package org.comicreid.catalog.repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Times;

/** Datasets by name. */
public class DatasetRepository extends AbstractRepository<Dataset> {

  public DatasetRepository(Catalog catalog) {
    super(catalog, Dataset.class);
  }

  /** Creates a dataset stamped now; fails if the name is taken. */
  public Dataset create(String name, String contentHash, String description) {
    return insert(new Dataset(name, contentHash, Times.now(), description));
  }

  public Optional<Dataset> findByName(String name) {
    return unique("findByName", Map.of("name", name));
  }

  /** All datasets by name. */
  public List<Dataset> list() {
    return list("findAll", Map.of());
  }
}
