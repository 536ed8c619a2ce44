package org.comicreid.learning.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  /**
   * Equal checkpoints are equal bytes whatever the attribute map's iteration order (Map.of's
   * differs from JVM to JVM): content hashes of checkpoints key caches and provenance.
   */
  @Test
  void attributeOrderDoesNotChangeTheBytes(@TempDir Path dir) throws Exception {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("arch", "tiny");
    ab.put("width", "8");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("width", "8");
    ba.put("arch", "tiny");
    Path a = dir.resolve("a.ckpt");
    Path b = dir.resolve("b.ckpt");
    new Checkpoint("pretrain", 1, 2, 3, Double.NaN, 7, ab).write(a, out -> out.writeInt(42), null);
    new Checkpoint("pretrain", 1, 2, 3, Double.NaN, 7, ba).write(b, out -> out.writeInt(42), null);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertEquals(ab, Checkpoint.readHeader(a).attributes());
  }

  /** The attributes are written in key order (Map.of's own order is salted per JVM). */
  @Test
  void attributesAreWrittenInKeyOrder(@TempDir Path dir) throws Exception {
    Map<String, String> m = Map.of("kA", "1", "kB", "2", "kC", "3", "kD", "4", "kE", "5", "kF", "6");
    Path f = dir.resolve("m.ckpt");
    new Checkpoint("pretrain", 0, 0, 0, Double.NaN, 1, m).write(f, out -> {}, null);
    String bytes = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
    int last = -1;
    for (String k : new java.util.TreeSet<>(m.keySet())) {
      int at = bytes.indexOf(k);
      assertEquals(true, at > last, k + " is out of order in the header");
      last = at;
    }
  }
}
