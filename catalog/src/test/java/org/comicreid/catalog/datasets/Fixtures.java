package org.comicreid.catalog.datasets;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.comicreid.catalog.Catalog;

/** Tiny datasets written by the tests: images made by ImageIO, text files, table counts. */
final class Fixtures {

  private Fixtures() {}

  /** Every table an import writes to, plus the dataset table. */
  static final List<String> TABLES = List.of("dataset", "series", "page", "panel", "detection",
      "character_instance", "comic_sequence", "sequence_panel", "identity_annotation",
      "data_split", "split_member", "instance_truth");

  /** Writes a {@code w x h} image; the format follows the extension (png, jpg). */
  static Path image(Path file, int w, int h) {
    try {
      Files.createDirectories(file.getParent());
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      String format = name.endsWith(".png") ? "png" : "jpg";
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color(Math.floorMod(file.hashCode(), 0xffffff)));
      g.fillRect(0, 0, w, h);
      g.dispose();
      if (!ImageIO.write(img, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code lines}, each ended by LF. */
  static Path text(Path file, String... lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Row count of every catalog table that holds datasets. */
  static Map<String, Long> tableCounts(Catalog catalog) {
    return catalog.fromTransaction(s -> {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (String t : TABLES) {
        counts.put(t, ((Number) s.createNativeQuery("select count(*) from " + t, Long.class)
            .getSingleResult()).longValue());
      }
      return counts;
    });
  }

  /** The single value of a native query. */
  static long count(Catalog catalog, String sql) {
    return catalog.fromTransaction(s -> ((Number) s.createNativeQuery(sql, Long.class)
        .getSingleResult()).longValue());
  }

  /**
   * Every box of a dataset as {@code <panel id> <KIND> <box id> x1,y1,x2,y2 score}, sorted; numbers
   * as the exports write them.
   */
  static List<String> detections(Catalog catalog, String dataset) {
    return strings(catalog, "select s.external_id || '_' || pg.external_id || '_' || p.panel_index,"
        + " d.kind, d.external_id, d.x1, d.y1, d.x2, d.y2, d.score, d.image_path"
        + " from detection d join panel p on p.id = d.panel_id join page pg on pg.id = p.page_id"
        + " join series s on s.id = pg.series_id join dataset ds on ds.id = s.dataset_id"
        + " where ds.name = :name", dataset, r -> r[0] + " " + r[1] + " " + r[2] + " "
            + n(r[3]) + "," + n(r[4]) + "," + n(r[5]) + "," + n(r[6]) + " " + n(r[7])
            + (r[8] == null ? "" : " " + r[8]));
  }

  /** Every instance as {@code <id> <panel id> face=<box id> body=<box id>}, sorted. */
  static List<String> instances(Catalog catalog, String dataset) {
    return strings(catalog, "select i.external_id, s.external_id || '_' || pg.external_id || '_'"
        + " || p.panel_index, f.external_id, b.external_id, f.image_path, b.image_path"
        + " from character_instance i join panel p on p.id = i.panel_id"
        + " join page pg on pg.id = p.page_id join series s on s.id = pg.series_id"
        + " left join detection f on f.id = i.face_detection_id"
        + " left join detection b on b.id = i.body_detection_id"
        + " join dataset ds on ds.id = i.dataset_id where ds.name = :name", dataset,
        r -> r[0] + " " + r[1] + " face=" + (r[2] != null ? r[2] : r[4] != null ? r[4] : "-")
            + " body=" + (r[3] != null ? r[3] : r[5] != null ? r[5] : "-"));
  }

  /** Every sequence as {@code <id> <series> <split> [panel ids]}, sorted. */
  static List<String> sequences(Catalog catalog, String dataset) {
    List<String> panels = strings(catalog, "select q.external_id, sp.panel_position,"
        + " s.external_id || '_' || pg.external_id || '_' || p.panel_index"
        + " from sequence_panel sp join comic_sequence q on q.id = sp.sequence_id"
        + " join panel p on p.id = sp.panel_id join page pg on pg.id = p.page_id"
        + " join series s on s.id = pg.series_id join dataset ds on ds.id = q.dataset_id"
        + " where ds.name = :name", dataset, r -> r[0] + "\t" + r[1] + "\t" + r[2]);
    return strings(catalog, "select q.external_id, s.external_id, sp.name"
        + " from comic_sequence q join series s on s.id = q.series_id"
        + " join dataset ds on ds.id = q.dataset_id"
        + " left join split_member m on m.sequence_id = q.id"
        + " left join data_split sp on sp.id = m.split_id where ds.name = :name", dataset,
        r -> r[0] + " " + r[1] + " " + (r[2] == null ? "-" : r[2]) + " " + panels.stream()
            .filter(p -> p.startsWith(r[0] + "\t"))
            .sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.split("\t")[1])))
            .map(p -> p.split("\t")[2]).toList());
  }

  /** Every identity annotation as {@code <sequence> <label> <instance>}, sorted. */
  static List<String> annotations(Catalog catalog, String dataset) {
    return strings(catalog, "select q.external_id, a.identity_label, i.external_id"
        + " from identity_annotation a join comic_sequence q on q.id = a.sequence_id"
        + " join character_instance i on i.id = a.instance_id"
        + " join dataset ds on ds.id = q.dataset_id where ds.name = :name", dataset,
        r -> r[0] + " " + r[1] + " " + r[2]);
  }

  private static String n(Object v) {
    return ContentHasher.number(((Number) v).doubleValue());
  }

  private static List<String> strings(Catalog catalog, String sql, String dataset,
      java.util.function.Function<Object[], String> row) {
    return catalog.fromTransaction(s -> s.createNativeQuery(sql, Object[].class)
        .setParameter("name", dataset).getResultList().stream().map(row).sorted().toList());
  }
}
