package org.comicreid.catalog.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Consumer;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.PanelRecord;
import org.comicreid.core.dataset.PartKind;

/**
 * Streams a dataset's panels with their face and body boxes, in panel id order, without holding
 * the boxes: the panel records are read once (one small row each), then the boxes of {@link
 * #CHUNK} consecutive panels at a time by a range scan of the detection table's panel-id index, so
 * a dataset of a million detections costs memory for its panel list and one chunk of boxes, and
 * no database has to sort the whole join. Speech bubbles are left out.
 */
public final class DetectionStream {
  /** Rows fetched per round trip. */
  public static final int FETCH_SIZE = 10_000;
  /** Panels whose boxes are read per query (a range of panel ids, by the panel-id index). */
  public static final int CHUNK = 5_000;

  private DetectionStream() {}

  /** One panel and its boxes, in detection id order. */
  public record PanelDetections(PanelRecord panel, List<DetectionRecord> detections) {}

  /**
   * Calls {@code sink} once per panel of the dataset (with an empty list when it has no boxes).
   *
   * @return the number of boxes streamed
   * @throws ReidInputException when there is no such dataset
   */
  public static long forEachPanel(Catalog catalog, String datasetName, Consumer<PanelDetections> sink) {
    return catalog.fromTransaction(s -> {
      Dataset ds = new DatasetRepository(catalog).findByName(datasetName).orElseThrow(
          () -> new ReidInputException("dataset '" + datasetName + "' is not in the catalog"));
      long id = ds.getId();
      return s.doReturningWork(c -> {
        String panelSql = "select p.id, se.external_id, pg.external_id, p.panel_index,"
            + " p.image_path, p.width, p.height from panel p join page pg on pg.id = p.page_id"
            + " join series se on se.id = pg.series_id where se.dataset_id = ? order by p.id";
        String detSql = "select d.panel_id, d.id, d.kind, d.x1, d.y1, d.x2, d.y2, d.score,"
            + " d.image_path from detection d where d.panel_id between ? and ?"
            + " and d.kind <> 'SPEECH_BUBBLE'";
        List<PanelRecord> panels = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(panelSql)) {
          ps.setFetchSize(FETCH_SIZE);
          ps.setLong(1, id);
          try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
              String series = r.getString(2);
              panels.add(new PanelRecord(r.getLong(1), series,
                  series + "_" + r.getString(3) + "_" + r.getInt(4), r.getString(5),
                  r.getInt(6), r.getInt(7)));
            }
          }
        }
        long n = 0;
        try (PreparedStatement dq = c.prepareStatement(detSql)) {
          dq.setFetchSize(FETCH_SIZE);
          for (int from = 0; from < panels.size(); from += CHUNK) {
            List<PanelRecord> chunk = panels.subList(from, Math.min(panels.size(), from + CHUNK));
            Map<Long, List<DetectionRecord>> byPanel = new HashMap<>();
            for (PanelRecord p : chunk) {
              byPanel.put(p.id(), new ArrayList<>());
            }
            dq.setLong(1, chunk.get(0).id());
            dq.setLong(2, chunk.get(chunk.size() - 1).id());
            try (ResultSet r = dq.executeQuery()) {
              while (r.next()) {
                List<DetectionRecord> list = byPanel.get(r.getLong(1));
                if (list == null) {
                  continue; // a panel of another dataset inside the id range
                }
                PartKind kind = "FACE".equals(r.getString(3)) ? PartKind.FACE : PartKind.BODY;
                list.add(new DetectionRecord(r.getLong(2), r.getLong(1), kind,
                    new Box(r.getDouble(4), r.getDouble(5), r.getDouble(6), r.getDouble(7)),
                    r.getDouble(8), r.getString(9)));
              }
            }
            for (PanelRecord p : chunk) {
              List<DetectionRecord> list = byPanel.get(p.id());
              list.sort(Comparator.comparingLong(DetectionRecord::id));
              n += list.size();
              sink.accept(new PanelDetections(p, list));
            }
          }
        }
        return n;
      });
    });
  }
}
