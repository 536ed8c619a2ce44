package org.comicreid.catalog.repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Times;
import org.comicreid.core.ReidInputException;

/** Datasets by name. */
public class DatasetRepository extends AbstractRepository<Dataset> {

  public DatasetRepository(Catalog catalog) {
    super(catalog, Dataset.class);
  }

  /**
   * Creates a dataset stamped now.
   *
   * @throws ReidInputException if a dataset with this name exists
   */
  public Dataset create(String name, String contentHash, String description) {
    return catalog.fromTransaction(
        s -> {
          if (findByName(name).isPresent()) {
            throw new ReidInputException("dataset '" + name + "' already exists in the catalog");
          }
          return insert(new Dataset(name, contentHash, Times.now(), description));
        });
  }

  public Optional<Dataset> findByName(String name) {
    return unique("findByName", Map.of("name", name));
  }

  /** All datasets by name. */
  public List<Dataset> list() {
    return list("findAll", Map.of());
  }
}
