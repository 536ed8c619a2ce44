package org.comicreid.activities.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.InstanceRecord;
import org.comicreid.core.dataset.PanelRecord;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.core.dataset.SequenceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate stage's qualitative sheets from plain dataset records and a clusters.tsv: which
 * sequences get one, what is skipped and why, and the boxes' colours in the written PNG.
 */
class QualitativeSheetsTest {

  @TempDir Path tmp;

  /**
   * Two 1-panel sequences "a" (panels 1) and "b" (panel 2), each with two instances: a body at x
   * 10..40 and one at x 60..90 on a 120 x 90 white panel; panel 2 has no image when {@code
   * secondHasImage} is false.
   */
  private DatasetSnapshot dataset(boolean secondHasImage) throws Exception {
    Path img = tmp.resolve("panel.png");
    BufferedImage white = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = white.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, 120, 90);
    g.dispose();
    ImageIO.write(white, "png", img.toFile());
    List<PanelRecord> panels = List.of(new PanelRecord(1, "s", "s_1_0", img.toString(), 120, 90),
        new PanelRecord(2, "s", "s_1_1", secondHasImage ? img.toString() : "", 120, 90));
    List<DetectionRecord> dets = new ArrayList<>();
    List<InstanceRecord> insts = new ArrayList<>();
    for (int p = 1; p <= 2; p++) {
      for (int k = 0; k < 2; k++) {
        long id = p * 10 + k;
        dets.add(new DetectionRecord(id, p, PartKind.BODY, new Box(10 + 50 * k, 10, 40 + 50 * k, 80), 1));
        insts.add(new InstanceRecord(id, "s_1_" + p + "_" + k, p, -1, id));
      }
    }
    List<SequenceRecord> seqs = List.of(
        new SequenceRecord(1, "a", "s", "test", List.of(1L), Map.of(10L, "Ann", 11L, "Bob")),
        new SequenceRecord(2, "b", "s", "test", List.of(2L), Map.of(20L, "Ann", 21L, "Bob")));
    return new DatasetSnapshot("ds", "h", panels, dets, insts, seqs, Map.of());
  }

  /** clusters.tsv: sequence b first; in b both instances in cluster 0, in a two clusters. */
  private Path clusters() {
    Path f = tmp.resolve("clusters.tsv");
    Tsv.write(f, List.of("sequence", "instance_id", "cluster", "label"), List.of(
        List.of("b", 20, 0, "Ann"), List.of("b", 21, 0, "Bob"),
        List.of("a", 10, 0, "Ann"), List.of("a", 11, 1, "Bob")));
    return f;
  }

  @Test
  void theFirstSequencesInClusterOrderGetASheetColouredByCluster() throws Exception {
    List<String> said = new ArrayList<>();
    Path out = tmp.resolve("out");
    List<String> files = QualitativeSheets.write(dataset(true), clusters(), 8, out, said::add);
    assertEquals(List.of("sequences/b.png", "sequences/a.png"), files);
    assertTrue(said.get(0).contains("qualitative sheets of 2 of 2"), said.toString());
    // sheet b: one cluster holds both characters, so both boxes share its colour in the top row
    // and differ in the truth row; sheet a: two clusters, two colours
    BufferedImage b = ImageIO.read(out.resolve("sequences/b.png").toFile());
    BufferedImage a = ImageIO.read(out.resolve("sequences/a.png").toFile());
    // boxes' left edges: x = 8 (margin) + 2 * 10 and 8 + 2 * 60 (90 px panels drawn 180 px high)
    List<Integer> b1 = edgeColours(b, 28);
    List<Integer> b2 = edgeColours(b, 128);
    List<Integer> a1 = edgeColours(a, 28);
    List<Integer> a2 = edgeColours(a, 128);
    assertEquals(2, b1.size(), "one edge per row");
    assertEquals(b1.get(0), b2.get(0), "b: one cluster, one colour");
    assertNotEquals(b1.get(1), b2.get(1), "b: two identities, two colours");
    assertNotEquals(a1.get(0), a2.get(0), "a: two clusters, two colours");
    assertEquals(a1.get(1), b1.get(1), "Ann has the same colour on both sheets (first identity)");
  }

  /** Colours of the vertical runs of at least 50 equal non-white pixels in column x, top down. */
  private static List<Integer> edgeColours(BufferedImage img, int x) {
    List<Integer> out = new ArrayList<>();
    int run = 0;
    int colour = -1;
    for (int y = 0; y <= img.getHeight(); y++) {
      int c = y < img.getHeight() ? img.getRGB(x, y) & 0xFFFFFF : -1;
      if (c == colour) {
        run++;
        continue;
      }
      if (run >= 50 && colour != 0xFFFFFF) {
        out.add(colour);
      }
      colour = c;
      run = 1;
    }
    return out;
  }

  @Test
  void aSequenceWithoutPanelImagesIsSkippedAndTheLimitHolds() throws Exception {
    List<String> said = new ArrayList<>();
    Path out = tmp.resolve("out");
    List<String> files = QualitativeSheets.write(dataset(false), clusters(), 1, out, said::add);
    assertEquals(List.of("sequences/a.png"), files, "b has no panel image: a is taken instead");
    assertTrue(said.get(0).contains("skipped 1: b (panel s_1_1 has no image file)"), said.toString());
    assertEquals(List.of(), QualitativeSheets.write(dataset(true), clusters(), 0, tmp.resolve("off"),
        said::add));
    assertFalse(Files.exists(tmp.resolve("off")), "0 = no work, no directory");
  }

  @Test
  void aClustersTableThatDisagreesWithTheCatalogFails() throws Exception {
    Path f = tmp.resolve("bad.tsv");
    Tsv.write(f, List.of("sequence", "instance_id", "cluster", "label"),
        List.of(List.of("zzz", 10, 0, "Ann")));
    DatasetSnapshot ds = dataset(true);
    ReidRunException e = assertThrows(ReidRunException.class,
        () -> QualitativeSheets.write(ds, f, 8, tmp.resolve("o"), s -> {}));
    assertTrue(e.getMessage().contains("sequence zzz is not in dataset ds"), e.getMessage());
  }
}
