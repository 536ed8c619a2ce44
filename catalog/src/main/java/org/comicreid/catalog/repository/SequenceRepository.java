package org.comicreid.catalog.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.CharacterInstance;
import org.comicreid.catalog.entity.ComicSequence;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.IdentityAnnotation;
import org.comicreid.catalog.entity.Panel;

/** Panel sequences of a dataset; inserting a sequence inserts its panel links too. */
public class SequenceRepository extends AbstractRepository<ComicSequence> {

  public SequenceRepository(Catalog catalog) {
    super(catalog, ComicSequence.class);
  }

  /** The dataset's sequences with their panels fetched, by external id. */
  public List<ComicSequence> findByDataset(Dataset dataset) {
    return list("findByDataset", Map.of("datasetId", dataset.getId()));
  }

  /** One sequence by external id with its panels fetched. */
  public Optional<ComicSequence> findByExternalId(Dataset dataset, String externalId) {
    return unique(
        "findByExternalId", Map.of("datasetId", dataset.getId(), "externalId", externalId));
  }

  /**
   * Every sequence of the dataset with its panels, the instances on those panels and its identity
   * annotations, in three queries. Panels shared by several sequences give their instances to each.
   */
  public List<AnnotatedSequence> findAnnotated(Dataset dataset) {
    return catalog.fromTransaction(
        s -> {
          List<ComicSequence> sequences = findByDataset(dataset);
          Map<Long, List<CharacterInstance>> byPanel = new LinkedHashMap<>();
          for (CharacterInstance i : new CharacterInstanceRepository(catalog).findByDataset(dataset)) {
            byPanel.computeIfAbsent(i.getPanel().getId(), k -> new ArrayList<>()).add(i);
          }
          Map<Long, List<IdentityAnnotation>> bySequence = new LinkedHashMap<>();
          for (IdentityAnnotation a :
              new IdentityAnnotationRepository(catalog).findByDataset(dataset)) {
            bySequence.computeIfAbsent(a.getSequence().getId(), k -> new ArrayList<>()).add(a);
          }
          List<AnnotatedSequence> result = new ArrayList<>(sequences.size());
          for (ComicSequence seq : sequences) {
            List<Panel> panels = seq.getPanels();
            List<CharacterInstance> instances = new ArrayList<>();
            for (Panel p : panels) {
              instances.addAll(byPanel.getOrDefault(p.getId(), List.of()));
            }
            result.add(
                new AnnotatedSequence(
                    seq, panels, instances, bySequence.getOrDefault(seq.getId(), List.of())));
          }
          return result;
        });
  }
}
