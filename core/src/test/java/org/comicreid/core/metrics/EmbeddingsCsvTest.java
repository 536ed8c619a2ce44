package org.comicreid.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsCsvTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private String error(Path p, boolean labelled) {
    ReidInputException e = assertThrows(ReidInputException.class,
        () -> {
          if (labelled) {
            EmbeddingsCsv.readLabelled(p);
          } else {
            EmbeddingsCsv.readUnlabelled(p);
          }
        });
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void readsLabelledRowsAndSharesLabelIdsAcrossFiles() throws IOException {
    Map<String, Integer> ids = new HashMap<>();
    Embeddings q = EmbeddingsCsv.readLabelled(
        write("q.csv", "id,label,e0,e1\na,cat,1,2\nb,dog,3.5,-4e-1\n\nc,cat,0,0\n"), ids);
    Embeddings r = EmbeddingsCsv.readLabelled(write("r.csv", "id,label,e0,e1\nx,dog,1,1\ny,eel,2,2\n"), ids);
    assertEquals(2, q.dim());
    assertArrayEquals(new String[] {"a", "b", "c"}, q.ids());
    assertArrayEquals(new int[] {0, 1, 0}, q.labels());
    assertArrayEquals(new float[] {1, 2, 3.5f, -0.4f, 0, 0}, q.data());
    assertArrayEquals(new int[] {1, 2}, r.labels());
    assertEquals(List.of("cat", "dog", "eel"), r.labelNames());
  }

  @Test
  void readsUnlabelledRows() throws IOException {
    Embeddings e = EmbeddingsCsv.readUnlabelled(write("p.csv", "id,e0\np1,1\np2,2\n"));
    assertEquals(1, e.dim());
    assertTrue(!e.labelled());
    assertArrayEquals(new float[] {1, 2}, e.data());
  }

  @Test
  void missingFile() {
    String m = error(dir.resolve("nope.csv"), true);
    assertTrue(m.startsWith(dir.resolve("nope.csv") + ": file not found"), m);
  }

  @Test
  void emptyFileAndHeaderOnly() throws IOException {
    assertTrue(error(write("e.csv", ""), true).endsWith("e.csv:1: file is empty; expected a header line id,label,e0,e1,..."));
    assertTrue(error(write("h.csv", "id,label,e0\n"), true).contains("h.csv:2: no data rows"));
  }

  @Test
  void badHeader() throws IOException {
    assertTrue(error(write("a.csv", "id,e0,e1\n1,2,3\n"), true).contains("a.csv:1:2: header column 2 is 'e0'; expected 'label'"));
    assertTrue(error(write("b.csv", "id,label,e0,e2\n"), true).contains("b.csv:1:4: header column 4 is 'e2'; expected 'e1'"));
    assertTrue(error(write("c.csv", "name,e0\n"), false).contains("c.csv:1:1: header column 1 is 'name'; expected 'id'"));
    assertTrue(error(write("d.csv", "id,label\n"), true).contains("d.csv:1: header has no embedding columns"));
  }

  @Test
  void raggedRows() throws IOException {
    assertTrue(error(write("r.csv", "id,label,e0,e1\na,x,1,2\nb,x,1\n"), true).contains("r.csv:3: row has 3 fields; expected 4"));
    assertTrue(error(write("s.csv", "id,label,e0,e1\na,x,1,2,3\n"), true).contains("s.csv:2: row has 5 fields; expected 4"));
  }

  @Test
  void nonNumericAndNonFiniteCells() throws IOException {
    assertTrue(error(write("n.csv", "id,label,e0,e1\na,x,1,abc\n"), true).contains("n.csv:2:4: e1 is 'abc'; expected a number"));
    assertTrue(error(write("f.csv", "id,label,e0,e1\na,x,NaN,1\n"), true).contains("f.csv:2:3: e0 is 'NaN'; expected a finite number"));
    assertTrue(error(write("i.csv", "id,e0\na,1e60\n"), false).contains("i.csv:2:2: e0 is '1e60'; expected a finite number"));
    assertTrue(error(write("g.csv", "id,e0\na,\n"), false).contains("g.csv:2:2: e0 is ''; expected a number"));
  }

  @Test
  void duplicateIds() throws IOException {
    assertTrue(error(write("d.csv", "id,e0\na,1\nb,2\na,3\n"), false).contains("d.csv:4:1: duplicate id 'a' (first on line 2)"));
  }

  @Test
  void dimensionMismatchBetweenFiles() throws IOException {
    Path qp = write("q.csv", "id,label,e0,e1\na,x,1,2\n");
    Path rp = write("r.csv", "id,label,e0\nb,x,1\n");
    Map<String, Integer> ids = new HashMap<>();
    Embeddings q = EmbeddingsCsv.readLabelled(qp, ids);
    Embeddings r = EmbeddingsCsv.readLabelled(rp, ids);
    ReidInputException e = assertThrows(ReidInputException.class, () -> EmbeddingsCsv.requireSameDim(qp, q, rp, r));
    assertTrue(e.getMessage().contains("r.csv:1: has 1 embedding columns but " + qp + " has 2"), e.getMessage());
  }
}
