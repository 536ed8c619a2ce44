package org.comicreid.experiments.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.comicreid.core.ReidInputException;

/**
 * How a {@link MetricGrid} is written out.
 *
 * <ul>
 *   <li>{@link #TEXT}: aligned columns for a terminal, values as {@code 0.xxx}, {@code mean ± std}
 *       when a cell has several seeds, the best value of each column marked with {@code *}.
 *   <li>{@link #CSV}: RFC 4180 (CRLF line ends, fields with commas, quotes or line breaks quoted),
 *       one column per metric path at full precision, plus a {@code <path>.std} column after each
 *       when any cell has several seeds; missing values are empty fields.
 *   <li>{@link #MD}: a Markdown table like the paper's, best value in bold, text escaped.
 *   <li>{@link #HTML}: one self-contained page with a small inline style, everything escaped.
 * </ul>
 *
 * <p>A {@code source} column appears when rows come from several sources ({@code reid compare}),
 * an {@code overrides} column when any row has overrides, and a {@code note} column when any row
 * has a note (a failed sweep member).
 */
public enum GridFormat {
  TEXT, CSV, MD, HTML;

  /** The format named {@code text}, {@code csv}, {@code md} (or {@code markdown}) or {@code html}. */
  public static GridFormat parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "text" -> TEXT;
      case "csv" -> CSV;
      case "md", "markdown" -> MD;
      case "html" -> HTML;
      default -> throw new ReidInputException("format '" + name + "': expected text, csv, md or html");
    };
  }

  /** The grid in this format. */
  public String render(MetricGrid grid) {
    return switch (this) {
      case TEXT -> text(grid);
      case CSV -> csv(grid);
      case MD -> markdown(grid);
      case HTML -> html(grid);
    };
  }

  /** A cell as {@code 0.xxx}, {@code 0.xxx ± 0.yyy} or {@code -}. */
  static String value(MetricGrid.Cell c) {
    if (c.missing()) {
      return "-";
    }
    String mean = String.format(Locale.ROOT, "%.3f", c.mean());
    if (c.n() > 1 && Double.isFinite(c.std())) {
      return mean + " ± " + String.format(Locale.ROOT, "%.3f", c.std());
    }
    return mean;
  }

  private static String overridesText(Map<String, String> o) {
    return o.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  private record Layout(boolean source, boolean overrides, boolean note, List<Set<Integer>> best) {
    static Layout of(MetricGrid g) {
      List<Set<Integer>> best = new ArrayList<>();
      for (int c = 0; c < g.columns().size(); c++) {
        best.add(new HashSet<>(g.best(c)));
      }
      return new Layout(g.rows().stream().anyMatch(r -> !r.source().isEmpty()),
          g.rows().stream().anyMatch(r -> !r.overrides().isEmpty()),
          g.rows().stream().anyMatch(r -> !r.note().isEmpty()), best);
    }

    boolean anyBest() {
      return best.stream().anyMatch(s -> !s.isEmpty());
    }

    List<String> head(MetricGrid g) {
      List<String> h = new ArrayList<>();
      if (source) {
        h.add("source");
      }
      h.add("name");
      if (overrides) {
        h.add("overrides");
      }
      g.columns().forEach(c -> h.add(c.label()));
      if (note) {
        h.add("note");
      }
      return h;
    }
  }

  private static String text(MetricGrid g) {
    Layout l = Layout.of(g);
    int lead = (l.source ? 1 : 0) + 1 + (l.overrides ? 1 : 0);
    List<String> head = new ArrayList<>();
    List<String> rawHead = l.head(g);
    for (int k = 0; k < rawHead.size(); k++) {
      boolean numeric = k >= lead && k < lead + g.columns().size();
      head.add(oneLine(rawHead.get(k)) + (numeric ? " " : "")); // the space lines up with the best mark
    }
    List<List<String>> table = new ArrayList<>();
    table.add(head);
    for (int i = 0; i < g.rows().size(); i++) {
      MetricGrid.Row r = g.rows().get(i);
      List<String> line = new ArrayList<>();
      if (l.source) {
        line.add(oneLine(r.source()));
      }
      line.add(oneLine(r.name()));
      if (l.overrides) {
        line.add(oneLine(overridesText(r.overrides())));
      }
      for (int c = 0; c < g.columns().size(); c++) {
        line.add(value(r.cells().get(c)) + (l.best.get(c).contains(i) ? "*" : " "));
      }
      if (l.note) {
        line.add(oneLine(r.note()));
      }
      table.add(line);
    }
    int[] width = new int[head.size()];
    for (List<String> line : table) {
      for (int k = 0; k < line.size(); k++) {
        width[k] = Math.max(width[k], line.get(k).length());
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(oneLine(g.title())).append('\n');
    for (List<String> line : table) {
      StringBuilder lb = new StringBuilder();
      for (int k = 0; k < line.size(); k++) {
        if (k > 0) {
          lb.append("  ");
        }
        boolean numeric = k >= lead && k < lead + g.columns().size();
        String cell = line.get(k);
        String pad = " ".repeat(width[k] - cell.length());
        lb.append(numeric ? pad + cell : cell + pad);
      }
      b.append(lb.toString().stripTrailing()).append('\n');
    }
    if (l.anyBest() || g.repeated()) {
      List<String> legend = new ArrayList<>();
      if (g.repeated()) {
        legend.add("mean ± sample std over seeds");
      }
      if (l.anyBest()) {
        legend.add("* best in column");
      }
      b.append(String.join("; ", legend)).append('\n');
    }
    return b.toString();
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\R", " ");
  }

  /** A field quoted as RFC 4180 asks when it holds a comma, a quote or a line break. */
  static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static String plain(double v) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).toPlainString() : "";
  }

  private static String csv(MetricGrid g) {
    Layout l = Layout.of(g);
    boolean std = g.repeated();
    List<String> head = new ArrayList<>();
    if (l.source) {
      head.add("source");
    }
    head.add("name");
    head.add("overrides");
    for (GridColumn c : g.columns()) {
      head.add(c.path());
      if (std) {
        head.add(c.path() + ".std");
      }
    }
    if (l.note) {
      head.add("note");
    }
    StringBuilder b = new StringBuilder();
    b.append(head.stream().map(GridFormat::csvField).collect(Collectors.joining(","))).append("\r\n");
    for (MetricGrid.Row r : g.rows()) {
      List<String> f = new ArrayList<>();
      if (l.source) {
        f.add(r.source());
      }
      f.add(r.name());
      f.add(overridesText(r.overrides()));
      for (MetricGrid.Cell c : r.cells()) {
        f.add(c.missing() ? "" : plain(c.mean()));
        if (std) {
          f.add(c.n() > 1 ? plain(c.std()) : "");
        }
      }
      if (l.note) {
        f.add(r.note());
      }
      b.append(f.stream().map(GridFormat::csvField).collect(Collectors.joining(","))).append("\r\n");
    }
    return b.toString();
  }

  /** Text made inert in a Markdown table cell: markup characters escaped, line breaks as spaces. */
  static String mdEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (char ch : s.replaceAll("\\R", " ").toCharArray()) {
      if ("\\|*_`[]<>#~".indexOf(ch) >= 0) {
        b.append('\\');
      }
      b.append(ch);
    }
    return b.toString();
  }

  private static String markdown(MetricGrid g) {
    Layout l = Layout.of(g);
    List<String> head = l.head(g);
    int lead = (l.source ? 1 : 0) + 1 + (l.overrides ? 1 : 0);
    StringBuilder b = new StringBuilder();
    b.append("**").append(mdEscape(g.title())).append("**\n\n");
    b.append("| ").append(head.stream().map(GridFormat::mdEscape).collect(Collectors.joining(" | "))).append(" |\n");
    b.append('|');
    for (int k = 0; k < head.size(); k++) {
      boolean numeric = k >= lead && k < lead + g.columns().size();
      b.append(numeric ? " ---: |" : " --- |");
    }
    b.append('\n');
    for (int i = 0; i < g.rows().size(); i++) {
      MetricGrid.Row r = g.rows().get(i);
      List<String> f = new ArrayList<>();
      if (l.source) {
        f.add(mdEscape(r.source()));
      }
      f.add(mdEscape(r.name()));
      if (l.overrides) {
        f.add(mdEscape(overridesText(r.overrides())));
      }
      for (int c = 0; c < g.columns().size(); c++) {
        String v = value(r.cells().get(c));
        f.add(l.best.get(c).contains(i) ? "**" + v + "**" : v);
      }
      if (l.note) {
        f.add(mdEscape(r.note()));
      }
      b.append("| ").append(String.join(" | ", f)).append(" |\n");
    }
    if (g.repeated()) {
      b.append("\nmean ± sample std over seeds\n");
    }
    return b.toString();
  }

  /** Text safe inside HTML element content and attribute values. */
  static String htmlEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  private static String html(MetricGrid g) {
    Layout l = Layout.of(g);
    List<String> head = l.head(g);
    int lead = (l.source ? 1 : 0) + 1 + (l.overrides ? 1 : 0);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(htmlEscape(g.title())).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em}\n")
        .append("table{border-collapse:collapse}\n")
        .append("th,td{border:1px solid #ccc;padding:.3em .6em}\n")
        .append("th{background:#f3f3f3}\n")
        .append("td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append("td.best{font-weight:bold;background:#eaf6ea}\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(htmlEscape(g.title())).append("</h1>\n<table>\n<tr>");
    for (int k = 0; k < head.size(); k++) {
      boolean numeric = k >= lead && k < lead + g.columns().size();
      String tip = numeric ? " title=\"" + htmlEscape(g.columns().get(k - lead).path()) + "\"" : "";
      b.append("<th").append(tip).append('>').append(htmlEscape(head.get(k))).append("</th>");
    }
    b.append("</tr>\n");
    for (int i = 0; i < g.rows().size(); i++) {
      MetricGrid.Row r = g.rows().get(i);
      b.append("<tr>");
      if (l.source) {
        b.append("<td>").append(htmlEscape(r.source())).append("</td>");
      }
      b.append("<td>").append(htmlEscape(r.name())).append("</td>");
      if (l.overrides) {
        b.append("<td>").append(htmlEscape(overridesText(r.overrides()))).append("</td>");
      }
      for (int c = 0; c < g.columns().size(); c++) {
        boolean best = l.best.get(c).contains(i);
        b.append(best ? "<td class=\"num best\">" : "<td class=\"num\">")
            .append(htmlEscape(value(r.cells().get(c)))).append("</td>");
      }
      if (l.note) {
        b.append("<td>").append(htmlEscape(r.note())).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n");
    if (g.repeated()) {
      b.append("<p>mean ± sample std over seeds</p>\n");
    }
    b.append("</body>\n</html>\n");
    return b.toString();
  }
}
