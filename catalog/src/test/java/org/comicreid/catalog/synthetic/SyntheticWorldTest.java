package org.comicreid.catalog.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.comicreid.catalog.synthetic.SyntheticWorld.Instance;
import org.comicreid.catalog.synthetic.SyntheticWorld.Panel;
import org.comicreid.catalog.synthetic.SyntheticWorld.Sequence;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticWorldTest {

  static final WorldSpec SMALL = new WorldSpec(7, 3, 4, 4, 128, 96, 0.5, 0.2, 0.3, 0.25, 0.2, 2);
  static final SyntheticWorld DEMO = SyntheticWorld.plan(WorldSpec.demo());

  @TempDir Path tmp;

  @Test
  void sameSpecGivesByteIdenticalFilesAndOtherSeedDiffers() throws Exception {
    SyntheticWorld.generate(SMALL, tmp.resolve("a"));
    SyntheticWorld.generate(SMALL, tmp.resolve("b"));
    SyntheticWorld.generate(SMALL.withSeed(8), tmp.resolve("c"));
    Map<String, String> a = digests(tmp.resolve("a"));
    Map<String, String> b = digests(tmp.resolve("b"));
    Map<String, String> c = digests(tmp.resolve("c"));
    assertTrue(a.size() > 20, "PNGs and manifest: " + a.size());
    assertTrue(a.containsKey(SyntheticWorld.MANIFEST));
    assertEquals(a, b);
    assertNotEquals(a.get(SyntheticWorld.MANIFEST), c.get(SyntheticWorld.MANIFEST));
    long samePng = a.keySet().stream().filter(k -> k.endsWith(".png"))
        .filter(k -> a.get(k).equals(c.get(k))).count();
    assertEquals(0, samePng, "another seed draws other panels");
    assertNotEquals(SMALL.hash(), SMALL.withSeed(8).hash());
    // no temporary directories left behind
    try (Stream<Path> l = Files.list(tmp)) {
      assertEquals(Set.of("a", "b", "c"),
          l.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  @Test
  void existingCompleteWorldIsReusedAndForeignDirectoryRefused() throws Exception {
    Path dir = tmp.resolve("w");
    SyntheticWorld.generate(SMALL, dir);
    Path manifest = dir.resolve(SyntheticWorld.MANIFEST);
    long before = Files.getLastModifiedTime(manifest).toMillis();
    Thread.sleep(20);
    SyntheticWorld.generate(SMALL, dir);
    assertEquals(before, Files.getLastModifiedTime(manifest).toMillis());
    ReidInputException e = assertThrows(ReidInputException.class,
        () -> SyntheticWorld.generate(SMALL.withSeed(99), dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void specValidationNamesTheKey() {
    ReidInputException e = assertThrows(ReidInputException.class,
        () -> new WorldSpec(1, 2, 4, 4, 128, 96, 0.5, 0.2, 0.3, 0.25, 0.2, 2));
    assertTrue(e.getMessage().contains("series"), e.getMessage());
    e = assertThrows(ReidInputException.class,
        () -> new WorldSpec(1, 3, 4, 4, 128, 96, 1.5, 0.2, 0.3, 0.25, 0.2, 2));
    assertTrue(e.getMessage().contains("overlapRate"), e.getMessage());
  }

  @Test
  void everySequenceHasFourConsecutivePanelsOfOnePage() {
    Map<String, Panel> byId = panelsById(DEMO);
    assertEquals(12 * 10, DEMO.sequences().size());
    for (Sequence s : DEMO.sequences()) {
      assertEquals(4, s.panelIds().size());
      assertEquals(String.join("+", s.panelIds()), s.externalId());
      Panel first = byId.get(s.panelIds().get(0));
      for (int i = 0; i < 4; i++) {
        Panel p = byId.get(s.panelIds().get(i));
        assertEquals(first.page(), p.page());
        assertEquals(first.index() + i, p.index());
        assertEquals(s.series(), p.series());
      }
    }
  }

  @Test
  void labelsAreSequenceLocalAndMatchTheTruth() {
    Map<String, String> identity = identities(DEMO);
    Map<String, Panel> byId = panelsById(DEMO);
    int differentLabelSameCharacter = 0;
    Map<String, String> someLabelOf = new HashMap<>();
    for (Sequence s : DEMO.sequences()) {
      int instances = s.panelIds().stream().mapToInt(p -> byId.get(p).instances().size()).sum();
      assertEquals(instances, s.labels().size(), "every instance of " + s.externalId());
      Map<String, String> labelToIdentity = new HashMap<>();
      Map<String, String> identityToLabel = new HashMap<>();
      for (Map.Entry<String, String> e : s.labels().entrySet()) {
        String who = identity.get(e.getKey());
        String prevWho = labelToIdentity.putIfAbsent(e.getValue(), who);
        String prevLabel = identityToLabel.putIfAbsent(who, e.getValue());
        assertTrue(prevWho == null || prevWho.equals(who), "label means one character");
        assertTrue(prevLabel == null || prevLabel.equals(e.getValue()), "one label per character");
      }
      // labels in order of first appearance: A, B, C, ...
      List<String> firstSeen = s.labels().values().stream().distinct().toList();
      for (int i = 0; i < firstSeen.size(); i++) {
        assertEquals(SyntheticWorld.label(i), firstSeen.get(i));
      }
      for (Map.Entry<String, String> e : identityToLabel.entrySet()) {
        String before = someLabelOf.putIfAbsent(e.getKey(), e.getValue());
        if (before != null && !before.equals(e.getValue())) {
          differentLabelSameCharacter++;
        }
      }
    }
    assertTrue(differentLabelSameCharacter > 10,
        "the same character gets unrelated labels in other sequences");
  }

  @Test
  void overlappingSequencesShareInstances() {
    Map<String, Sequence> byFirstPanel = new HashMap<>();
    int shared = 0;
    Set<String> overlapping = new HashSet<>();
    for (Sequence s : DEMO.sequences()) {
      for (Sequence o : DEMO.sequences()) {
        if (s == o) {
          continue;
        }
        Set<String> common = new HashSet<>(s.panelIds());
        common.retainAll(o.panelIds());
        if (!common.isEmpty()) {
          overlapping.add(s.externalId());
          Set<String> commonInstances = new HashSet<>(s.labels().keySet());
          commonInstances.retainAll(o.labels().keySet());
          assertFalse(commonInstances.isEmpty(), "shared panels share instance ids");
          shared++;
        }
      }
      byFirstPanel.put(s.panelIds().get(0), s);
    }
    assertTrue(shared > 0);
    double rate = overlapping.size() / (double) DEMO.sequences().size();
    assertTrue(rate > 0.4 && rate < 0.7, "overlap rate near 0.5: " + rate);
    WorldSpec none = new WorldSpec(3, 3, 4, 6, 128, 96, 0.0, 0.2, 0.3, 0.25, 0.2, 2);
    Set<String> panels = new HashSet<>();
    for (Sequence s : SyntheticWorld.plan(none).sequences()) {
      for (String p : s.panelIds()) {
        assertTrue(panels.add(p), "overlapRate 0 shares no panel");
      }
    }
  }

  @Test
  void distractorsAppearOnceAndPanelsHoldOneToFourCharacters() {
    Map<String, Integer> count = new HashMap<>();
    int distractors = 0;
    for (Panel p : DEMO.panels()) {
      assertTrue(p.instances().size() >= 1 && p.instances().size() <= 4);
      Set<String> who = new HashSet<>();
      for (Instance in : p.instances()) {
        assertTrue(who.add(in.identity()), "a character appears once per panel");
        count.merge(in.identity(), 1, Integer::sum);
        assertTrue(in.externalId().startsWith(p.externalId() + "_"));
        assertTrue(in.identity().startsWith(p.series() + "_"));
        assertEquals(in.distractor(), in.identity().matches("s\\d\\d_d\\d\\d"));
        distractors += in.distractor() ? 1 : 0;
      }
    }
    assertTrue(distractors > 20, "distractors: " + distractors);
    count.forEach((id, n) -> {
      if (id.contains("_d")) {
        assertEquals(1, n, id);
      }
    });
    assertTrue(count.entrySet().stream().filter(e -> e.getKey().contains("_c"))
        .allMatch(e -> e.getValue() > 1), "recurring characters recur");
  }

  @Test
  void boxesAreConsistentAndScoresGiveTheFiltersWork() {
    int faces = 0;
    int inside = 0;
    int low = 0;
    int high = 0;
    int faceOnly = 0;
    int bodyOnly = 0;
    int small = 0;
    for (Panel p : DEMO.panels()) {
      for (Instance in : p.instances()) {
        assertTrue(in.hasFace() || in.hasBody(), in.externalId());
        for (Box b : new Box[] {in.face(), in.body()}) {
          if (b != null) {
            small += b.area() < 64 ? 1 : 0;
            assertTrue(b.x1() >= 0 && b.y1() >= 0 && b.x2() <= p.width() && b.y2() <= p.height());
          }
        }
        faceOnly += in.hasFace() && !in.hasBody() ? 1 : 0;
        bodyOnly += !in.hasFace() && in.hasBody() ? 1 : 0;
        if (in.hasFace() && in.hasBody()) {
          faces++;
          Box f = in.face();
          Box b = in.body();
          boolean near = f.intersectionArea(b) >= 0.95 * f.area()
              && f.y1() - b.y1() <= 0.25 * b.height();
          inside += near ? 1 : 0;
        }
        for (double s : new double[] {in.faceScore(), in.bodyScore()}) {
          if (s > 0) {
            assertTrue(s >= 0.5 && s <= 1.0, "score " + s);
            low += s < 0.95 ? 1 : 0;
            high += s >= 0.96 ? 1 : 0;
          }
        }
      }
    }
    assertTrue(inside >= 0.95 * faces, inside + " of " + faces + " faces at the top of the body");
    assertTrue(low > 50 && high > low, "low " + low + ", high " + high);
    assertTrue(small > 5, "boxes under the area filter: " + small);
    assertTrue(faceOnly > 0 && bodyOnly > 0, "crops lose parts: " + faceOnly + "/" + bodyOnly);
  }

  @Test
  void seriesSplitIntoTrainValTest() {
    Map<String, String> split = DEMO.splitOfSeries();
    assertEquals(12, split.size());
    Map<String, Long> sizes = split.values().stream()
        .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
    assertEquals(Map.of("test", 2L, "train", 8L, "val", 2L), sizes);
    for (Sequence s : DEMO.sequences()) {
      assertNotNull(split.get(s.series()));
    }
    Map<String, String> small = SyntheticWorld.plan(SMALL).splitOfSeries();
    assertEquals(Set.of("train", "val", "test"), new HashSet<>(small.values()));
  }

  @Test
  void someButNotAllPanelsAreGrayscale() {
    long gray = DEMO.panels().stream().filter(Panel::grayscale).count();
    double rate = gray / (double) DEMO.panels().size();
    assertTrue(rate > 0.08 && rate < 0.25, "grayscale rate " + rate);
  }

  @Test
  void identityIsNotSeparableByShirtColourAlone() {
    Map<String, Integer> shirts = DEMO.shirtColors();
    Map<String, String> patterns = DEMO.shirtPatterns();
    Map<String, List<String>> bySeries = shirts.keySet().stream()
        .collect(Collectors.groupingBy(id -> id.substring(0, 3)));
    assertEquals(12, bySeries.size());
    for (List<String> cast : bySeries.values()) {
      boolean sharedColourOtherPattern = false;
      for (String a : cast) {
        for (String b : cast) {
          if (!a.equals(b) && shirts.get(a).equals(shirts.get(b))
              && !patterns.get(a).equals(patterns.get(b))) {
            sharedColourOtherPattern = true;
          }
        }
      }
      assertTrue(sharedColourOtherPattern, "two characters share a shirt colour in " + cast);
    }
  }

  @Test
  void renderedPanelsUseTheSeriesLookAndGrayscaleHasNoColour() {
    Panel gray = DEMO.panels().stream().filter(Panel::grayscale).findFirst().orElseThrow();
    var img = DEMO.render(gray);
    for (int y = 0; y < img.getHeight(); y += 7) {
      for (int x = 0; x < img.getWidth(); x += 7) {
        int p = img.getRGB(x, y);
        assertEquals((p >> 16) & 0xFF, p & 0xFF);
        assertEquals((p >> 8) & 0xFF, p & 0xFF);
      }
    }
    Panel colour = DEMO.panels().stream().filter(p -> !p.grayscale()).findFirst().orElseThrow();
    var c = DEMO.render(colour);
    int coloured = 0;
    for (int y = 0; y < c.getHeight(); y += 5) {
      for (int x = 0; x < c.getWidth(); x += 5) {
        int p = c.getRGB(x, y);
        int r = (p >> 16) & 0xFF;
        int b = p & 0xFF;
        coloured += Math.abs(r - b) > 20 ? 1 : 0;
      }
    }
    assertTrue(coloured > 50, "coloured pixels: " + coloured);
  }

  static Map<String, Panel> panelsById(SyntheticWorld w) {
    return w.panels().stream().collect(Collectors.toMap(Panel::externalId, p -> p));
  }

  static Map<String, String> identities(SyntheticWorld w) {
    Map<String, String> out = new HashMap<>();
    w.panels().forEach(p -> p.instances().forEach(i -> out.put(i.externalId(), i.identity())));
    return out;
  }

  private static Map<String, String> digests(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        try {
          byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
          out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(d));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }
}
