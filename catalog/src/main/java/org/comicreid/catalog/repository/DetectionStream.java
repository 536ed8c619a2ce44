package org.comicreid.catalog.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
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
 * them all: one query read through a database cursor ({@link #FETCH_SIZE} rows at a time), so a
 * dataset of a million detections costs memory for one panel's boxes. Speech bubbles are left out.
 */
public final class DetectionStream {
  /** Rows fetched per round trip. */
  public static final int FETCH_SIZE = 10_000;

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
        String sql = "select p.id, se.external_id, pg.external_id, p.panel_index, p.image_path,"
            + " p.width, p.height, d.id, d.kind, d.x1, d.y1, d.x2, d.y2, d.score, d.image_path"
            + " from panel p join page pg on pg.id = p.page_id join series se on se.id = pg.series_id"
            + " left join detection d on d.panel_id = p.id and d.kind <> 'SPEECH_BUBBLE'"
            + " where se.dataset_id = ? order by p.id, d.id";
        long n = 0;
        try (PreparedStatement st = c.prepareStatement(sql)) {
          st.setFetchSize(FETCH_SIZE);
          st.setLong(1, id);
          try (ResultSet r = st.executeQuery()) {
            PanelRecord panel = null;
            List<DetectionRecord> dets = new ArrayList<>();
            while (r.next()) {
              long panelId = r.getLong(1);
              if (panel == null || panel.id() != panelId) {
                if (panel != null) {
                  sink.accept(new PanelDetections(panel, dets));
                  dets = new ArrayList<>();
                }
                String series = r.getString(2);
                panel = new PanelRecord(panelId, series,
                    series + "_" + r.getString(3) + "_" + r.getInt(4), r.getString(5), r.getInt(6),
                    r.getInt(7));
              }
              long detId = r.getLong(8);
              if (r.wasNull()) {
                continue; // a panel without boxes
              }
              PartKind kind = "FACE".equals(r.getString(9)) ? PartKind.FACE : PartKind.BODY;
              dets.add(new DetectionRecord(detId, panelId, kind,
                  new Box(r.getDouble(10), r.getDouble(11), r.getDouble(12), r.getDouble(13)),
                  r.getDouble(14), r.getString(15)));
              n++;
            }
            if (panel != null) {
              sink.accept(new PanelDetections(panel, dets));
            }
          }
        }
        return n;
      });
    });
  }
}
