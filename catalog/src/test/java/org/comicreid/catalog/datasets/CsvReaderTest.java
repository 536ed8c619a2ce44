package org.comicreid.catalog.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  static List<CsvReader.Row> read(String text) throws IOException {
    List<CsvReader.Row> rows = new ArrayList<>();
    try (CsvReader r = new CsvReader(new StringReader(text))) {
      CsvReader.Row row;
      while ((row = r.next()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
    List<CsvReader.Row> rows = read("\uFEFFa,b,c\r\n"
        + "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
        + "\"two\nlines\",,\"\"\n"
        + "\n"
        + "last,row,here");
    assertEquals(3 + 1, rows.size());
    assertArrayEquals(new String[] {"a", "b", "c"}, rows.get(0).fields());
    assertArrayEquals(new String[] {"1", "x, y", "say \"hi\""}, rows.get(1).fields());
    assertArrayEquals(new String[] {"two\nlines", "", ""}, rows.get(2).fields());
    assertArrayEquals(new String[] {"last", "row", "here"}, rows.get(3).fields());
    // each record knows the line it starts on; the empty line 5 is skipped
    assertEquals(List.of(1L, 2L, 3L, 6L), rows.stream().map(CsvReader.Row::line).toList());
    rows.forEach(r -> assertNull(r.error()));
  }

  @Test
  void malformedRecordsAreReturnedWithTheirError() throws IOException {
    List<CsvReader.Row> rows = read("a,b\n1,x\"y\n\"q\"z,2\nok,\"open\n");
    assertEquals(4, rows.size());
    assertEquals("quote inside unquoted field 2 (quote the whole field and double the quote)",
        rows.get(1).error());
    assertEquals("text after the closing quote of field 1", rows.get(2).error());
    assertArrayEquals(new String[] {"qz", "2"}, rows.get(2).fields());
    assertEquals("quoted field opened on line 4 is never closed", rows.get(3).error());
  }

  @Test
  void whatTheWriterWritesTheReaderReads() throws IOException {
    String[] fields = {"plain", "with,comma", "with \"quote\"", "two\nlines", ""};
    StringWriter out = new StringWriter();
    try (CsvWriter w = new CsvWriter(out)) {
      w.row(fields);
      w.row("x");
    }
    List<CsvReader.Row> rows = read(out.toString());
    assertArrayEquals(fields, rows.get(0).fields());
    assertArrayEquals(new String[] {"x"}, rows.get(1).fields());
    assertEquals(3, rows.get(1).line());
  }
}
