package org.comicreid.catalog.datasets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/**
 * A catalog dataset read whole for an export of the annotated formats ({@code sequences}, {@code
 * instances}), in a fixed number of queries. Everything is in id order.
 */
final class StoredDataset {

  /** A panel; {@code image} is empty for datasets of crops. */
  record Panel(long id, String series, String page, int index, String image, int width,
      int height) {
    /** {@code <series>_<page>_<panel>}. */
    String panelId() {
      return series + "_" + page + "_" + index;
    }
  }

  /** A box; {@code kind} is FACE, BODY or SPEECH_BUBBLE; {@code imagePath} set for crops. */
  record Box(long id, long panel, String kind, double x1, double y1, double x2, double y2,
      double score, String externalId, String imagePath) {}

  /** A character instance; {@code face} / {@code body} are -1 when absent. */
  record Instance(long id, String externalId, long panel, long face, long body) {}

  /** One identity label given to an instance in a sequence. */
  record Annotation(long id, String label, long instance) {}

  /** A sequence, its panels in order, its labels in id order and its split (empty if none). */
  record Sequence(long id, String externalId, String series, String split, List<Long> panels,
      List<Annotation> annotations) {}

  final Map<Long, Panel> panels = new LinkedHashMap<>();
  final Map<Long, Box> boxes = new LinkedHashMap<>();
  final Map<Long, Instance> instances = new LinkedHashMap<>();
  final List<Sequence> sequences = new ArrayList<>();

  static StoredDataset load(Session session, long datasetId) {
    StoredDataset d = new StoredDataset();
    session.doWork(c -> d.read(c, datasetId));
    return d;
  }

  private void read(Connection c, long ds) throws SQLException {
    query(c, "SELECT p.id, s.external_id, pg.external_id, p.panel_index, p.image_path, p.width,"
        + " p.height FROM panel p JOIN page pg ON pg.id = p.page_id"
        + " JOIN series s ON s.id = pg.series_id WHERE s.dataset_id = ? ORDER BY p.id", ds,
        rs -> panels.put(rs.getLong(1), new Panel(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getInt(4), rs.getString(5), rs.getInt(6), rs.getInt(7))));
    query(c, "SELECT d.id, d.panel_id, d.kind, d.x1, d.y1, d.x2, d.y2, d.score, d.external_id,"
        + " d.image_path FROM detection d JOIN panel p ON p.id = d.panel_id"
        + " JOIN page pg ON pg.id = p.page_id JOIN series s ON s.id = pg.series_id"
        + " WHERE s.dataset_id = ? ORDER BY d.id", ds,
        rs -> boxes.put(rs.getLong(1), new Box(rs.getLong(1), rs.getLong(2), rs.getString(3),
            rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8),
            rs.getString(9), rs.getString(10))));
    query(c, "SELECT i.id, i.external_id, i.panel_id, i.face_detection_id, i.body_detection_id"
        + " FROM character_instance i WHERE i.dataset_id = ? ORDER BY i.id", ds, rs -> {
          long face = rs.getLong(4);
          face = rs.wasNull() ? -1 : face;
          long body = rs.getLong(5);
          body = rs.wasNull() ? -1 : body;
          instances.put(rs.getLong(1), new Instance(rs.getLong(1), rs.getString(2),
              rs.getLong(3), face, body));
        });
    Map<Long, List<Long>> panelsOf = new LinkedHashMap<>();
    query(c, "SELECT sp.sequence_id, sp.panel_id FROM sequence_panel sp"
        + " JOIN comic_sequence q ON q.id = sp.sequence_id WHERE q.dataset_id = ?"
        + " ORDER BY sp.sequence_id, sp.panel_position", ds,
        rs -> panelsOf.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2)));
    Map<Long, List<Annotation>> labelsOf = new LinkedHashMap<>();
    query(c, "SELECT a.sequence_id, a.id, a.identity_label, a.instance_id"
        + " FROM identity_annotation a JOIN comic_sequence q ON q.id = a.sequence_id"
        + " WHERE q.dataset_id = ? ORDER BY a.id", ds,
        rs -> labelsOf.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
            .add(new Annotation(rs.getLong(2), rs.getString(3), rs.getLong(4))));
    Map<Long, String> splitOf = new LinkedHashMap<>();
    query(c, "SELECT m.sequence_id, sp.name FROM split_member m"
        + " JOIN data_split sp ON sp.id = m.split_id WHERE sp.dataset_id = ?"
        + " ORDER BY sp.name, m.id", ds,
        rs -> splitOf.putIfAbsent(rs.getLong(1), rs.getString(2)));
    query(c, "SELECT q.id, q.external_id, s.external_id FROM comic_sequence q"
        + " JOIN series s ON s.id = q.series_id WHERE q.dataset_id = ? ORDER BY q.id", ds,
        rs -> {
          long id = rs.getLong(1);
          sequences.add(new Sequence(id, rs.getString(2), rs.getString(3),
              splitOf.getOrDefault(id, ""), panelsOf.getOrDefault(id, List.of()),
              labelsOf.getOrDefault(id, List.of())));
        });
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private static void query(Connection c, String sql, long datasetId, RowReader reader)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setLong(1, datasetId);
      st.setFetchSize(10_000);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    }
  }
}
