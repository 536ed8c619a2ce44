package org.comicreid.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.comicreid.experiments.report.GridColumns;
import org.comicreid.experiments.report.MetricGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepReportTest {

  @TempDir Path tmp;

  @Test
  void nestSplitsDottedNamesAndAggregateGivesMeanAndSampleStd() {
    Map<String, Object> doc = SweepReport.nest(Map.of("local.semi.p_at_1", 0.5,
        "pretrain.ssl_val.face.top1", 0.25));
    assertEquals(Map.of("semi", Map.of("p_at_1", 0.5)), doc.get("local"));
    assertEquals(Map.of("ssl_val", Map.of("face", Map.of("top1", 0.25))), doc.get("pretrain"));

    Map<String, Double> mean = new TreeMap<>();
    Map<String, Double> std = new TreeMap<>();
    SweepReport.aggregate(List.of(Map.of("a", 0.5, "b", 1.0), Map.of("a", 0.7),
        Map.of("a", 0.6, "b", 3.0)), mean, std);
    assertEquals(Map.of("a", 0.6), roundAll(mean)); // b is missing in one repeat: left out
    assertEquals(Map.of("a", 0.1), roundAll(std));
  }

  private static Map<String, Double> roundAll(Map<String, Double> m) {
    Map<String, Double> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, Math.round(v * 1e9) / 1e9));
    return out;
  }

  /** A sweep document with two members of one run each. */
  private static Map<String, Object> doc(double p1, double p2, double meanPosition) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("sweep", Map.of("name", "t", "columns", List.of("default"), "seeds", 1));
    List<Map<String, Object>> members = new ArrayList<>();
    for (Object[] m : new Object[][] {{"a", p1}, {"b", p2}}) {
      Map<String, Object> member = new LinkedHashMap<>();
      member.put("name", m[0]);
      member.put("overrides", Map.of());
      member.put("status", "finished");
      member.putAll(SweepReport.nest(Map.of("global.semi_supervised.p_at_1", (Double) m[1],
          "pretrain.ssl_val.face.mean_position", meanPosition)));
      members.add(member);
    }
    d.put("members", members);
    return d;
  }

  @Test
  void theBarChartShowsOnlyColumnsOnTheUnitScale() {
    List<String> cols = List.of("global.semi_supervised.p_at_1",
        "pretrain.ssl_val.face.mean_position");
    MetricGrid grid = MetricGrid.fromSweep(doc(0.4, 0.8, 3.5), GridColumns.parse(cols));
    var chart = SweepReport.barChart(grid);
    assertTrue(chart != null && chart.hasData());
    // one column (p_at_1) survives: the 0.8 bar is twice the 0.4 bar
    int h0 = chart.barBounds(0, 0).height;
    int h1 = chart.barBounds(1, 0).height;
    assertTrue(Math.abs(2 * h0 - h1) <= 2, h0 + " vs " + h1);
    assertNull(SweepReport.barChart(MetricGrid.fromSweep(doc(0.4, 0.8, 3.5),
        GridColumns.parse(List.of("pretrain.ssl_val.face.mean_position")))));
  }

  @Test
  void writeGridsWritesEveryFormatAndThePng() throws Exception {
    List<Path> files = SweepReport.writeGrids(doc(0.4, 0.8, 3.5),
        List.of("global.semi_supervised.p_at_1"), tmp);
    assertEquals(List.of("grid.csv", "grid.html", "grid.md", "grid.png"),
        files.stream().map(f -> f.getFileName().toString()).sorted().toList());
    String csv = Files.readString(tmp.resolve("grid.csv"));
    assertTrue(csv.contains("0.4") && csv.contains("0.8"), csv);
    BufferedImage png = ImageIO.read(tmp.resolve("grid.png").toFile());
    assertTrue(png.getWidth() > 100 && png.getHeight() > 100);
    assertFalse(Files.readString(tmp.resolve("grid.md")).isBlank());
  }
}
