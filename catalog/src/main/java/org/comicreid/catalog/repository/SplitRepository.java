package org.comicreid.catalog.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.ComicSequence;
import org.comicreid.catalog.entity.DataSplit;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.SplitMember;

/** Named splits (train/val/test) of a dataset's sequences. */
public class SplitRepository extends AbstractRepository<DataSplit> {

  public SplitRepository(Catalog catalog) {
    super(catalog, DataSplit.class);
  }

  /** Creates a split with its members in one transaction (members inserted in batches). */
  public DataSplit create(Dataset dataset, String name, Collection<ComicSequence> sequences) {
    return catalog.fromTransaction(
        s -> {
          DataSplit split = insert(new DataSplit(dataset, name));
          List<SplitMember> members =
              sequences.stream().map(seq -> new SplitMember(split, seq)).toList();
          new MemberInserter(catalog).insertAll(members);
          return split;
        });
  }

  public Optional<DataSplit> findByName(Dataset dataset, String name) {
    return unique("findByName", Map.of("datasetId", dataset.getId(), "name", name));
  }

  /** The dataset's splits by name. */
  public List<DataSplit> findByDataset(Dataset dataset) {
    return list("findByDataset", Map.of("datasetId", dataset.getId()));
  }

  /** The split's sequences by external id (panels not fetched). */
  public List<ComicSequence> sequencesOf(DataSplit split) {
    return catalog.fromTransaction(
        s ->
            s.createNamedQuery("SplitMember.sequencesOf", ComicSequence.class)
                .setParameter("splitId", split.getId())
                .getResultList());
  }

  private static final class MemberInserter extends AbstractRepository<SplitMember> {
    MemberInserter(Catalog catalog) {
      super(catalog, SplitMember.class);
    }
  }
}
