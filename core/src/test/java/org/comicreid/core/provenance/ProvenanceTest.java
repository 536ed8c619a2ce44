package org.comicreid.core.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

  @TempDir Path dir;

  @Test
  void sha256MatchesPublishedVectors() throws IOException {
    // FIPS 180-2 test vectors
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ContentHash.sha256(""));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.sha256("abc"));
    Path f = dir.resolve("abc.txt");
    Files.writeString(f, "abc");
    assertEquals(ContentHash.sha256("abc"), ContentHash.sha256(f));
  }

  @Test
  void treeHashSeesRenamesAndEdits() throws IOException {
    Path t = Files.createDirectories(dir.resolve("t"));
    Files.writeString(t.resolve("a.txt"), "1");
    Files.writeString(Files.createDirectories(t.resolve("sub")).resolve("b.txt"), "2");
    String h = ContentHash.sha256Tree(t);
    assertEquals(h, ContentHash.sha256Tree(t));
    Files.move(t.resolve("a.txt"), t.resolve("c.txt"));
    String renamed = ContentHash.sha256Tree(t);
    assertNotEquals(h, renamed);
    Files.writeString(t.resolve("c.txt"), "9");
    assertNotEquals(renamed, ContentHash.sha256Tree(t));
  }

  private static Provenance sample(Map<String, String> config) {
    return new Provenance(new TreeMap<>(config), new TreeMap<>(Map.of("images", "ab12")), "c0ffee",
        "PyTorch", "2.7.1", "17.0.9", "Eclipse", "Linux", "amd64");
  }

  @Test
  void canonicalFormIsIndependentOfInsertionOrderAndRoundTrips() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("cluster.threshold", "0.82");
    a.put("catalog.password", "p=w\nx\\y");
    Map<String, String> b = new LinkedHashMap<>();
    b.put("catalog.password", "p=w\nx\\y");
    b.put("cluster.threshold", "0.82");
    Provenance pa = sample(a);
    assertEquals(pa.canonical(), sample(b).canonical());
    assertEquals(pa.hash(), sample(b).hash());
    assertTrue(pa.canonical().startsWith(Provenance.HEADER + "\n"));
    assertEquals(pa, Provenance.parse(pa.canonical()));
  }

  @Test
  void diffNamesWhatChanged() {
    Provenance x = sample(Map.of("cluster.threshold", "0.82"));
    Provenance y = sample(Map.of("cluster.threshold", "0.5"));
    assertNotEquals(x.hash(), y.hash());
    assertEquals(List.of("config.cluster.threshold: 0.82 → 0.5"), x.diff(y));
    assertEquals(List.of(), x.diff(sample(Map.of("cluster.threshold", "0.82"))));
  }

  @Test
  void captureRecordsThisRuntime() {
    Provenance p = Provenance.capture(Map.of("k.a", "1"), Map.of(), "", "");
    assertEquals(System.getProperty("java.version"), p.javaVersion());
    assertEquals(System.getProperty("os.arch"), p.osArch());
    assertTrue(p.canonical().contains("config.k.a=1\n"));
    assertTrue(!p.codeVersion().isEmpty());
  }

  @Test
  void parseRejectsOtherText() {
    assertThrows(IllegalArgumentException.class, () -> Provenance.parse("{}"));
  }
}
