package org.comicreid.catalog.repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.CharacterInstance;
import org.comicreid.catalog.entity.Dataset;

/** Character instances (face, body or face+body) of a dataset. */
public class CharacterInstanceRepository extends AbstractRepository<CharacterInstance> {

  public CharacterInstanceRepository(Catalog catalog) {
    super(catalog, CharacterInstance.class);
  }

  /** All instances of a dataset with panel, face and body fetched, by external id. */
  public List<CharacterInstance> findByDataset(Dataset dataset) {
    return list("findByDataset", Map.of("datasetId", dataset.getId()));
  }

  /** One instance by its external id, with face and body fetched. */
  public Optional<CharacterInstance> findByExternalId(Dataset dataset, String externalId) {
    return unique(
        "findByExternalId", Map.of("datasetId", dataset.getId(), "externalId", externalId));
  }
}
