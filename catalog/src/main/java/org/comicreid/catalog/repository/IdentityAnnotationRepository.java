package org.comicreid.catalog.repository;

import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.ComicSequence;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.IdentityAnnotation;

/** Sequence-local identity annotations. */
public class IdentityAnnotationRepository extends AbstractRepository<IdentityAnnotation> {

  public IdentityAnnotationRepository(Catalog catalog) {
    super(catalog, IdentityAnnotation.class);
  }

  /** The sequence's annotations with their instances fetched, by label. */
  public List<IdentityAnnotation> findBySequence(ComicSequence sequence) {
    return list("findBySequence", Map.of("sequenceId", sequence.getId()));
  }

  /** All annotations of a dataset with sequence and instance fetched. */
  public List<IdentityAnnotation> findByDataset(Dataset dataset) {
    return list("findByDataset", Map.of("datasetId", dataset.getId()));
  }
}
