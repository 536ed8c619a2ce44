package org.comicreid.catalog.repository;

import java.sql.PreparedStatement;
import java.util.List;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.core.ReidInputException;

/**
 * Deletes a dataset and everything that belongs to it (splits, annotations, sequences, instances,
 * boxes, panels, pages, series, ground truth) in one transaction, children first. Stage results
 * computed from it stay in the ledger; their dataset hash no longer matches anything.
 */
public final class DatasetDeletion {
  private DatasetDeletion() {}

  /** Child-first deletes, each restricted to the dataset {@code ?}. */
  private static final List<String> STATEMENTS = List.of(
      "delete from split_member where split_id in (select id from data_split where dataset_id = ?)",
      "delete from data_split where dataset_id = ?",
      "delete from identity_annotation where sequence_id in"
          + " (select id from comic_sequence where dataset_id = ?)",
      "delete from sequence_panel where sequence_id in"
          + " (select id from comic_sequence where dataset_id = ?)",
      "delete from comic_sequence where dataset_id = ?",
      "delete from instance_truth where instance_id in"
          + " (select id from character_instance where dataset_id = ?)",
      "delete from character_instance where dataset_id = ?",
      "delete from detection where panel_id in (select p.id from panel p join page pg on"
          + " pg.id = p.page_id join series s on s.id = pg.series_id where s.dataset_id = ?)",
      "delete from panel where page_id in (select pg.id from page pg join series s on"
          + " s.id = pg.series_id where s.dataset_id = ?)",
      "delete from page where series_id in (select id from series where dataset_id = ?)",
      "delete from series where dataset_id = ?",
      "delete from dataset where id = ?");

  /**
   * Deletes dataset {@code name}.
   *
   * @throws ReidInputException when there is no such dataset
   */
  public static void delete(Catalog catalog, String name) {
    catalog.inTransaction(s -> {
      Dataset ds = new DatasetRepository(catalog).findByName(name).orElseThrow(
          () -> new ReidInputException("dataset '" + name + "' is not in the catalog"));
      long id = ds.getId();
      s.flush();
      s.clear();
      s.doWork(c -> {
        for (String sql : STATEMENTS) {
          try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, id);
            st.executeUpdate();
          }
        }
      });
    });
  }
}
