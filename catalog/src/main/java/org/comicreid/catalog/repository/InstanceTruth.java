package org.comicreid.catalog.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.core.ReidInputException;

/**
 * The ground-truth identity of instances of a generated world, kept aside from the annotations
 * (table {@code instance_truth}): only the link stage reads it, to count linking errors.
 */
public final class InstanceTruth {
  private InstanceTruth() {}

  /**
   * Records {@code identityByExternalId} (instance external id to global identity) for dataset
   * {@code datasetName}, replacing what was there.
   *
   * @return the number of instances recorded
   * @throws ReidInputException when the dataset is missing or an instance id is not in it
   */
  public static int record(Catalog catalog, String datasetName, Map<String, String> identityByExternalId) {
    return catalog.fromTransaction(s -> {
      Dataset ds = new DatasetRepository(catalog).findByName(datasetName).orElseThrow(
          () -> new ReidInputException("dataset '" + datasetName + "' is not in the catalog"));
      return s.doReturningWork(c -> {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
            "select id, external_id from character_instance where dataset_id = ?")) {
          st.setLong(1, ds.getId());
          try (ResultSet r = st.executeQuery()) {
            while (r.next()) {
              String identity = identityByExternalId.get(r.getString(2));
              if (identity != null) {
                rows.add(new Object[] {r.getLong(1), identity});
              }
            }
          }
        }
        if (rows.size() != identityByExternalId.size()) {
          throw new ReidInputException("ground truth of dataset '" + datasetName + "' names "
              + identityByExternalId.size() + " instances, of which only " + rows.size()
              + " are in the dataset");
        }
        try (PreparedStatement del = c.prepareStatement("delete from instance_truth where"
            + " instance_id in (select id from character_instance where dataset_id = ?)")) {
          del.setLong(1, ds.getId());
          del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
            "insert into instance_truth (instance_id, identity) values (?, ?)")) {
          int n = 0;
          for (Object[] row : rows) {
            ins.setLong(1, (Long) row[0]);
            ins.setString(2, (String) row[1]);
            ins.addBatch();
            if (++n % catalog.batchSize() == 0) {
              ins.executeBatch();
            }
          }
          ins.executeBatch();
        }
        return rows.size();
      });
    });
  }
}
