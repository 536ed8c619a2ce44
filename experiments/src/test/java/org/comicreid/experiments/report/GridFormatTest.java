package org.comicreid.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.Test;

class GridFormatTest {

  private static final String P = "global.semi_supervised.p_at_1";
  private static final String M = "local.semi_supervised.map";

  /** Two members, one with awkward text, over two and one seeds; a third missing a value. */
  private static MetricGrid grid() {
    Map<String, String> awkward = new LinkedHashMap<>();
    awkward.put("finetune.loss", "a,b \"q\"");
    return MetricGrid.fromMembers("sweep <b>&</b>", List.of(
        new MetricGrid.Member("tri|plet, \"v2\"\n<script>", awkward,
            List.of(Map.of(P, 0.5, M, 0.25), Map.of(P, 0.7, M, 0.35)), ""),
        new MetricGrid.Member("base_*x*", Map.of(), List.of(Map.of(P, 0.9)), ""),
        new MetricGrid.Member("empty", Map.of(), List.of(Map.of()), "failed: <oom>")),
        GridColumns.parse(List.of(P, M)));
  }

  /** A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(f.toString());
        f.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(f.toString());
        f.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        f.append(c);
      }
    }
    assertEquals(0, f.length(), "the CSV ends with CRLF");
    return rows;
  }

  @Test
  void csvParsesBackWithMeanAndStdColumns() {
    List<List<String>> rows = parseCsv(GridFormat.CSV.render(grid()));
    assertEquals(List.of("name", "overrides", P, P + ".std", M, M + ".std", "note"), rows.get(0));
    assertEquals(4, rows.size());
    List<String> first = rows.get(1);
    assertEquals("tri|plet, \"v2\"\n<script>", first.get(0));
    assertEquals("finetune.loss=a,b \"q\"", first.get(1));
    assertEquals(0.6, Double.parseDouble(first.get(2)), 1e-12);
    assertEquals(Math.sqrt(0.02), Double.parseDouble(first.get(3)), 1e-12);
    assertEquals(0.3, Double.parseDouble(first.get(4)), 1e-12);
    assertEquals(List.of("base_*x*", "", "0.9", "", "", "", ""), rows.get(2), "one seed: no std; missing: empty");
    assertEquals(List.of("empty", "", "", "", "", "", "failed: <oom>"), rows.get(3));
  }

  @Test
  void csvWithoutRepeatsHasNoStdColumns() {
    MetricGrid g = MetricGrid.fromRun("r", "run", MetricGridTest.runDoc(0.5, 0.25), GridColumns.parse(List.of(P, M)));
    List<List<String>> rows = parseCsv(GridFormat.CSV.render(g));
    assertEquals(List.of(List.of("name", "overrides", P, M), List.of("run", "", "0.5", "0.25")), rows);
  }

  @Test
  void textAlignsColumnsAndMarksTheBest() {
    String t = GridFormat.TEXT.render(grid());
    List<String> lines = t.lines().toList();
    assertEquals("sweep <b>&</b>", lines.get(0));
    assertTrue(t.contains("0.600 ± 0.141 "), t);
    assertTrue(t.contains("0.900*"), t);
    assertFalse(t.contains("0.300*"), "a lone value is not marked: " + t);
    assertTrue(lines.get(lines.size() - 1).contains("* best in column"), t);
    // a line break in a name becomes a space; the P@1 values end in the same column as their header
    assertTrue(t.contains("tri|plet, \"v2\" <script>"), t);
    String header = lines.get(1);
    int end = header.indexOf("global semi P@1") + "global semi P@1".length();
    String base = lines.stream().filter(l -> l.startsWith("base_*x*")).findFirst().orElseThrow();
    assertEquals(end, base.indexOf("0.900*") + "0.900".length(), t);
    String tri = lines.stream().filter(l -> l.startsWith("tri|plet")).findFirst().orElseThrow();
    assertEquals(end, tri.indexOf("0.600 ± 0.141") + "0.600 ± 0.141".length(), t);
    String empty = lines.stream().filter(l -> l.startsWith("empty")).findFirst().orElseThrow();
    assertEquals(end, empty.indexOf('-') + 1, t);
  }

  @Test
  void markdownEscapesTextAndBoldsTheBest() {
    String md = GridFormat.MD.render(grid());
    List<String> lines = md.lines().toList();
    assertEquals("**sweep \\<b\\>&\\</b\\>**", lines.get(0));
    assertEquals("| name | overrides | global semi P@1 | local semi MAP | note |", lines.get(2));
    assertEquals("| --- | --- | ---: | ---: | --- |", lines.get(3));
    assertEquals("| tri\\|plet, \"v2\" \\<script\\> | finetune.loss=a,b \"q\" | 0.600 ± 0.141 | 0.300 ± 0.071 | |"
        .replace("| |", "|  |"), lines.get(4));
    assertEquals("| base\\_\\*x\\* |  | **0.900** | - |  |", lines.get(5));
    for (String l : lines.subList(2, 7)) {
      assertEquals(6, l.replace("\\|", "").chars().filter(c -> c == '|').count(), "5 cells: " + l);
    }
  }

  @Test
  void htmlIsOneEscapedPage() {
    String h = GridFormat.HTML.render(grid());
    assertTrue(h.startsWith("<!DOCTYPE html>"), h);
    assertTrue(h.contains("<style>"), h);
    assertFalse(h.contains("<script>"), "no markup from the data survives: " + h);
    assertFalse(h.contains("<b>"), h);
    assertTrue(h.contains("<title>sweep &lt;b&gt;&amp;&lt;/b&gt;</title>"), h);
    assertTrue(h.contains("tri|plet, &quot;v2&quot;\n&lt;script&gt;"), h);
    assertTrue(h.contains("<td class=\"num best\">0.900</td>"), h);
    assertTrue(h.contains("failed: &lt;oom&gt;"), h);
    assertFalse(h.contains("src=") || h.contains("href="), "self-contained: " + h);
  }

  @Test
  void comparisonShowsTheSource() {
    MetricGrid a = MetricGrid.fromRun("a.json", "r1", MetricGridTest.runDoc(0.5, 0.25), GridColumns.parse(List.of(P)));
    MetricGrid b = MetricGrid.fromRun("b.json", "r2", MetricGridTest.runDoc(0.4, 0.25), GridColumns.parse(List.of(P)));
    String t = GridFormat.TEXT.render(MetricGrid.combine(List.of(a, b)));
    assertTrue(t.lines().anyMatch(l -> l.startsWith("a.json  r1") && l.endsWith("0.500*")), t);
    assertTrue(t.lines().anyMatch(l -> l.startsWith("b.json  r2") && l.endsWith("0.400")), t);
  }

  @Test
  void formatNames() {
    assertEquals(GridFormat.MD, GridFormat.parse("markdown"));
    assertEquals(GridFormat.HTML, GridFormat.parse(" HTML"));
    assertThrows(ReidInputException.class, () -> GridFormat.parse("pdf"));
  }
}
