package org.comicreid.catalog.datasets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.core.dataset.IdentityScope;
import org.hibernate.Session;

/** The catalog's datasets with their sizes ({@code reid dataset list}), in a fixed few queries. */
public final class DatasetListing {

  private DatasetListing() {}

  /**
   * One dataset.
   *
   * @param name its name
   * @param format where it came from ({@code synthetic}, {@code sequences}, ...)
   * @param identityScope {@code sequence} or {@code dataset}
   * @param contentHash its content hash
   * @param series number of series
   * @param sequences number of sequences
   * @param instances number of character instances
   * @param identities number of identities: distinct (sequence, label) pairs when labels are
   *     sequence-local, distinct labels when they are dataset-wide
   */
  public record Row(String name, String format, String identityScope, String contentHash,
      long series, long sequences, long instances, long identities) {}

  /** Every dataset, by name. */
  public static List<Row> list(Catalog catalog) {
    return catalog.fromTransaction(s -> {
      Map<Long, Long> series = counts(s, "SELECT dataset_id, COUNT(*) FROM series"
          + " GROUP BY dataset_id");
      Map<Long, Long> sequences = counts(s, "SELECT dataset_id, COUNT(*) FROM comic_sequence"
          + " GROUP BY dataset_id");
      Map<Long, Long> instances = counts(s, "SELECT dataset_id, COUNT(*) FROM character_instance"
          + " GROUP BY dataset_id");
      Map<Long, Long> labels = counts(s, "SELECT q.dataset_id, COUNT(DISTINCT a.identity_label)"
          + " FROM identity_annotation a JOIN comic_sequence q ON q.id = a.sequence_id"
          + " GROUP BY q.dataset_id");
      Map<Long, Long> localLabels = counts(s, "SELECT t.dataset_id, COUNT(*) FROM"
          + " (SELECT DISTINCT q.dataset_id, a.sequence_id, a.identity_label"
          + " FROM identity_annotation a JOIN comic_sequence q ON q.id = a.sequence_id) t"
          + " GROUP BY t.dataset_id");
      List<Row> rows = new ArrayList<>();
      for (Object[] d : s.createNativeQuery("SELECT id, name, format, identity_scope,"
          + " content_hash FROM dataset ORDER BY name", Object[].class).getResultList()) {
        long id = ((Number) d[0]).longValue();
        String scope = (String) d[3];
        long identities = IdentityScope.DATASET.id().equals(scope)
            ? labels.getOrDefault(id, 0L) : localLabels.getOrDefault(id, 0L);
        rows.add(new Row((String) d[1], (String) d[2], scope, (String) d[4],
            series.getOrDefault(id, 0L), sequences.getOrDefault(id, 0L),
            instances.getOrDefault(id, 0L), identities));
      }
      return rows;
    });
  }

  private static Map<Long, Long> counts(Session s, String sql) {
    Map<Long, Long> out = new HashMap<>();
    for (Object[] r : s.createNativeQuery(sql, Object[].class).getResultList()) {
      out.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue());
    }
    return out;
  }
}
