package org.comicreid.catalog.comicgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.DomElement;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.view.ViewBox;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.comicreid.catalog.comicgen.ComicgenWorld.Appearance;
import org.comicreid.catalog.comicgen.ComicgenWorld.DrawnPanel;
import org.comicreid.catalog.comicgen.ComicgenWorld.Generated;
import org.comicreid.catalog.comicgen.ComicgenWorld.Identity;
import org.comicreid.catalog.comicgen.ComicgenWorld.Summary;
import org.comicreid.catalog.comicgen.PanelComposer.PlacedLayer;
import org.comicreid.catalog.comicgen.PanelComposer.Placed;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny comicgen worlds, drawn from the package the build installs ({@value
 * ComicgenKit#DIR_PROPERTY}; without it every test fails, saying how to install it).
 */
class ComicgenWorldTest {

  /** 7 sequences in 3 series (3, 2, 2), 1-3 characters per panel, nobody partly outside. */
  static final ComicgenSpec MAIN = new ComicgenSpec(7, 7, 3, 320, 240, 3, 4, 6, true, 0.5, 0.0);
  /** One character per panel, always partly outside the panel. */
  static final ComicgenSpec PARTIAL =
      new ComicgenSpec(11, 3, 3, 320, 240, 1, 3, 4, true, 0.0, 1.0);

  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern PANEL_ID = Pattern.compile("(cg\\d+)_(\\d+)_(\\d+)");

  static ComicgenKit kit;
  static Path mainDir;
  static Generated main;
  static Generated partial;
  static Path partialDir;

  @TempDir static Path shared;
  @TempDir Path tmp;

  @BeforeAll
  static void drawWorlds() {
    kit = ComicgenKit.fromSystemProperty();
    mainDir = shared.resolve("main");
    main = ComicgenWorld.generateWorld(kit, MAIN, mainDir);
    partialDir = shared.resolve("partial");
    partial = ComicgenWorld.generateWorld(kit, PARTIAL, partialDir);
  }

  // ------------------------------------------------------------------------------------------
  // the files follow docs/datasets.md section 2

  @Test
  void panelsFollowTheFormat() throws Exception {
    JsonNode panels = read(mainDir.resolve("panels.json"));
    assertEquals(main.summary().panels(), panels.size());
    Set<String> boxIds = new HashSet<>();
    for (JsonNode p : panels) {
      String id = p.get("panel_id").asText();
      Matcher m = PANEL_ID.matcher(id);
      assertTrue(m.matches(), id);
      assertEquals(m.group(1), p.get("series_id").asText());
      String image = p.get("image").asText();
      assertEquals("images/" + m.group(1) + "/" + m.group(2) + "_" + m.group(3) + ".png", image);
      BufferedImage img = ImageIO.read(mainDir.resolve(image).toFile());
      assertEquals(320, img.getWidth());
      assertEquals(240, img.getHeight());
      for (String kind : List.of("faces", "bodies")) {
        String part = kind.equals("faces") ? "face" : "body";
        for (JsonNode b : p.get(kind)) {
          assertTrue(b.get("id").asText().matches(Pattern.quote(id) + "_" + part + "_\\d+"),
              b.get("id").asText());
          assertTrue(boxIds.add(b.get("id").asText()), "box ids are unique");
          assertEquals(1.0, b.get("score").asDouble());
          JsonNode box = b.get("box");
          assertEquals(4, box.size());
          box.forEach(v -> assertTrue(v.isInt(), "whole pixels: " + box));
        }
      }
      assertTrue(p.get("speech_bubbles").isArray());
    }
  }

  @Test
  void sequencesFollowTheFormatAndAnnotateEveryCharacter() throws Exception {
    Map<String, JsonNode> panels = panelsById(mainDir);
    Map<String, String> seriesSplit = new HashMap<>();
    int total = 0;
    for (String split : List.of("train", "val", "test")) {
      JsonNode seqs = read(mainDir.resolve(split + "_sequences.json"));
      assertFalse(seqs.isEmpty(), split + " has sequences");
      total += seqs.size();
      for (JsonNode seq : seqs) {
        assertEquals(Set.of("seq_id", "annotations"), fields(seq));
        List<String> ids = List.of(seq.get("seq_id").asText().split("\\+"));
        assertEquals(4, ids.size(), "four panels: " + ids);
        String series = panels.get(ids.get(0)).get("series_id").asText();
        Matcher first = PANEL_ID.matcher(ids.get(0));
        assertTrue(first.matches());
        for (int i = 0; i < 4; i++) {
          Matcher m = PANEL_ID.matcher(ids.get(i));
          assertTrue(m.matches() && panels.containsKey(ids.get(i)), ids.get(i));
          assertEquals(series, m.group(1), "one series");
          assertEquals(first.group(2), m.group(2), "one page");
          assertEquals(Integer.parseInt(first.group(3)) + i, Integer.parseInt(m.group(3)),
              "consecutive panels in reading order");
        }
        String before = seriesSplit.putIfAbsent(series, split);
        assertTrue(before == null || before.equals(split), "a series is in one split");

        // every box on the sequence's panels belongs to exactly one instance
        Set<String> expected = new HashSet<>();
        ids.forEach(pid -> {
          panels.get(pid).get("faces").forEach(b -> expected.add(b.get("id").asText()));
          panels.get(pid).get("bodies").forEach(b -> expected.add(b.get("id").asText()));
        });
        List<String> seen = new ArrayList<>();
        int label = 0;
        for (JsonNode a : seq.get("annotations")) {
          assertEquals(Set.of("charId", "charInstances"), fields(a));
          assertEquals("c" + label++, a.get("charId").asText(), "c0, c1, ... in order");
          assertFalse(a.get("charInstances").isEmpty());
          for (JsonNode inst : a.get("charInstances")) {
            assertFalse(inst.isEmpty());
            assertTrue(Set.of("face", "body").containsAll(fields(inst)), inst.toString());
            if (inst.has("face") && inst.has("body")) {
              assertEquals(inst.get("face").asText().replace("_face_", "_body_"),
                  inst.get("body").asText(), "face and body of one character on one panel");
            }
            inst.fields().forEachRemaining(e -> seen.add(e.getValue().asText()));
          }
        }
        assertEquals(expected, new HashSet<>(seen));
        assertEquals(seen.size(), new HashSet<>(seen).size(), "a box belongs to one instance");
      }
    }
    assertEquals(7, total);
    assertEquals(main.summary().sequences(), total);
    assertEquals(3, seriesSplit.size());
    assertEquals(Set.of("train", "val", "test"), new HashSet<>(seriesSplit.values()));
  }

  @Test
  void overlappingSequencesShareTwoPanelsAndTheirInstances() throws Exception {
    List<JsonNode> seqs = allSequences(mainDir);
    int pairs = 0;
    Set<Integer> overlapping = new HashSet<>();
    for (int i = 0; i < seqs.size(); i++) {
      for (int j = 0; j < seqs.size(); j++) {
        List<String> a = panelIds(seqs.get(i));
        List<String> b = panelIds(seqs.get(j));
        if (i == j || !a.get(2).equals(b.get(0))) {
          continue;
        }
        pairs++;
        overlapping.add(i);
        overlapping.add(j);
        assertEquals(a.subList(2, 4), b.subList(0, 2), "the last two panels of one are the "
            + "first two of the other");
        for (String shared : a.subList(2, 4)) {
          assertEquals(instancesOn(seqs.get(i), shared), instancesOn(seqs.get(j), shared),
              "the same instances on " + shared);
        }
      }
    }
    // 3, 2 and 2 sequences, overlapRate 0.5: round(0.5 * n / 2) = 1 pair in each series, and
    // the third sequence of cg00 overlaps no other
    assertEquals(3, pairs);
    assertEquals(6, overlapping.size());
    for (int i = 0; i < seqs.size(); i++) {
      for (int j = i + 1; j < seqs.size(); j++) {
        if (!overlapping.contains(i) || !overlapping.contains(j)) {
          Set<String> common = new HashSet<>(panelIds(seqs.get(i)));
          common.retainAll(panelIds(seqs.get(j)));
          assertTrue(common.isEmpty(), "other sequences share no panel");
        }
      }
    }
  }

  @Test
  void truthNamesEveryInstanceAndLabelsAreSequenceLocal() throws Exception {
    Map<String, String> truth = truth(mainDir);
    Map<String, JsonNode> panels = panelsById(mainDir);
    Set<String> instanceIds = new HashSet<>();
    for (JsonNode p : panels.values()) {
      Set<String> bodies = new HashSet<>();
      p.get("bodies").forEach(b -> bodies.add(b.get("id").asText()));
      p.get("faces").forEach(f -> {
        instanceIds.add(f.get("id").asText());
        bodies.remove(f.get("id").asText().replace("_face_", "_body_"));
      });
      instanceIds.addAll(bodies); // body-only instances are named by their body box
    }
    assertEquals(instanceIds, truth.keySet());
    assertEquals(main.summary().instances(), truth.size());
    assertEquals(main.summary().identities(), new HashSet<>(truth.values()).size());

    Set<String> known = ComicgenWorld.identities(kit, MAIN).stream().map(Identity::name)
        .collect(Collectors.toSet());
    assertTrue(known.containsAll(truth.values()), "identities of the spec's people");
    JsonNode casts = read(mainDir.resolve(ComicgenWorld.MANIFEST)).get("casts");
    truth.forEach((id, who) -> {
      String series = id.substring(0, id.indexOf('_'));
      Set<String> cast = new HashSet<>();
      casts.get(series).forEach(c -> cast.add(c.asText()));
      assertTrue(cast.contains(who), who + " is in the cast of " + series);
    });

    Map<String, Set<String>> identitiesOfC0 = new TreeMap<>();
    for (JsonNode seq : allSequences(mainDir)) {
      Map<String, String> identityOfLabel = new LinkedHashMap<>();
      for (JsonNode a : seq.get("annotations")) {
        Set<String> who = new HashSet<>();
        a.get("charInstances").forEach(i -> who.add(truth.get(instanceId(i))));
        assertEquals(1, who.size(), "one charId is one identity: " + a);
        identityOfLabel.put(a.get("charId").asText(), who.iterator().next());
      }
      assertEquals(identityOfLabel.size(), new HashSet<>(identityOfLabel.values()).size(),
          "two charIds of a sequence are two identities");
      identitiesOfC0.computeIfAbsent("c0", k -> new HashSet<>()).add(identityOfLabel.get("c0"));
    }
    assertTrue(identitiesOfC0.get("c0").size() > 1,
        "c0 is not a global identity: " + identitiesOfC0);
  }

  // ------------------------------------------------------------------------------------------
  // the boxes are the drawn pixels

  @Test
  void boxesLieOnThePanelAndFacesInsideTheirBodies() throws Exception {
    for (Path dir : List.of(mainDir, partialDir)) {
      for (JsonNode p : panelsById(dir).values()) {
        Map<String, int[]> bodies = new HashMap<>();
        p.get("bodies").forEach(b -> bodies.put(b.get("id").asText(), box(b)));
        for (JsonNode kind : List.of(p.get("faces"), p.get("bodies"))) {
          for (JsonNode b : kind) {
            int[] x = box(b);
            assertTrue(0 <= x[0] && x[0] < x[2] && x[2] <= 320, b.toString());
            assertTrue(0 <= x[1] && x[1] < x[3] && x[3] <= 240, b.toString());
          }
        }
        for (JsonNode f : p.get("faces")) {
          int[] body = bodies.get(f.get("id").asText().replace("_face_", "_body_"));
          if (body != null) {
            int[] face = box(f);
            assertTrue(face[0] >= body[0] && face[1] >= body[1] && face[2] <= body[2]
                && face[3] <= body[3], "face " + f + " inside its body " + List.of(body));
          }
        }
      }
    }
    // nobody is partly outside in MAIN: every instance has a body, and a face unless it is
    // seen from behind
    for (DrawnPanel p : main.world().panels()) {
      for (Placed c : p.characters()) {
        assertNotNull(c.body(), c.who().toString());
        assertEquals(PanelComposer.showsFace(c.who()), c.face() != null, c.who().toString());
      }
    }
  }

  @Test
  void aCharacterSeenFromBehindHasNoFaceBoxButItsHeadIsInTheBody() throws Exception {
    Cast.Look ethan = Cast.people(kit, MAIN).stream().filter(p -> p.identity().equals("ethan"))
        .findFirst().orElseThrow().looks().get(0);
    for (String angle : List.of("back", "straight")) {
      String emotion = ethan.faceLayers().get(angle).keySet().iterator().next();
      String pose = ethan.bodyLayers().get(angle).keySet().iterator().next();
      Appearance a = new Appearance("ethan", ethan, angle, emotion, pose, false,
          ComicgenWorld.Framing.FULL, 0);
      PanelComposer composer = new PanelComposer(320, 240, new Sprites());
      Placed c = composer.compose(List.of(a), SeriesStyle.random(new java.util.SplittableRandom(1)),
          new java.util.SplittableRandom(2)).characters().get(0);
      PixelBox head = artBox(independentRender(c, true, false));
      assertNotNull(c.body());
      assertTrue(c.body().contains(head), angle + ": the head is inside the body box");
      if (angle.equals("back")) {
        assertNull(c.face(), "the back of a head is no face");
      } else {
        assertEquals(c.face(), head, "control: seen from the front, the head is the face");
      }
    }
  }

  @Test
  void boxesAreTightAroundTheirLayersArt() {
    int checked = 0;
    for (Generated g : List.of(main, partial)) {
      for (DrawnPanel p : g.world().panels()) {
        for (Placed c : p.characters()) {
          if (c.face() != null) {
            assertTight(c.face(), c, true, p);
          }
          if (c.body() != null) {
            assertTight(c.body(), c, false, p);
          }
          checked++;
        }
      }
    }
    assertTrue(checked > 40, "characters checked: " + checked);
  }

  /** Each edge row and column of the box has art of the part; no art of it lies outside. */
  private static void assertTight(PixelBox box, Placed c, boolean face, DrawnPanel p) {
    Predicate<PlacedLayer> part = face ? PlacedLayer::face : l -> true;
    PixelBox art = null;
    for (PlacedLayer l : c.layers()) {
      if (!part.test(l)) {
        continue;
      }
      // every panel pixel the layer's image covers
      int left = Math.max(0, l.x() + l.sprite().x());
      int top = Math.max(0, l.y() + l.sprite().y());
      int right = Math.min(320, l.x() + l.sprite().x() + l.sprite().image().getWidth());
      int bottom = Math.min(240, l.y() + l.sprite().y() + l.sprite().image().getHeight());
      for (int y = top; y < bottom; y++) {
        for (int x = left; x < right; x++) {
          if (l.sprite().alpha(x - l.x(), y - l.y()) >= Sprites.ALPHA_MIN) {
            art = PixelBox.union(art, new PixelBox(x, y, x + 1, y + 1));
          }
        }
      }
    }
    assertEquals(art, box, (face ? "face" : "body") + " of " + c.who() + " on "
        + p.script().panelId());
  }

  @Test
  void anIndependentRenderOfEachCharacterGivesTheSameBoxes() throws Exception {
    int checked = 0;
    for (Generated g : List.of(main, partial)) {
      for (DrawnPanel p : g.world().panels()) {
        for (Placed c : p.characters()) {
          BufferedImage face = independentRender(c, true, false);
          BufferedImage pose = independentRender(c, false, true);
          PixelBox faceArt = artBox(face);
          PixelBox poseArt = artBox(pose);
          String what = c.who() + " on " + p.script().panelId();
          if (c.face() != null) {
            assertNear(faceArt, c.face(), "face of " + what);
          } else if (PanelComposer.showsFace(c.who())) {
            assertTrue(artPixels(face) < PanelComposer.MIN_VISIBLE_PIXELS, "no face: " + what);
          }
          if (c.body() != null) {
            assertNear(PixelBox.union(faceArt, poseArt), c.body(), "body of " + what);
          } else {
            assertTrue(artPixels(pose) < PanelComposer.MIN_VISIBLE_PIXELS, "no body: " + what);
          }
          if (c.face() != null && c.body() != null) {
            // the face sits on its own body: they touch or overlap, one above the other
            assertTrue(faceArt.x1() < poseArt.x2() && poseArt.x1() < faceArt.x2(),
                "face over the body: " + what + " " + faceArt + " " + poseArt);
            // (within 5% of the canvas height: evan's head floats a little over his body)
            int gap = (int) Math.ceil(0.05 * c.canvasHeight());
            assertTrue(poseArt.y1() <= faceArt.y2() + gap && faceArt.y1() < poseArt.y2(),
                "face meets the body: " + what + " " + faceArt + " " + poseArt);
          }
          checked++;
        }
      }
    }
    assertTrue(checked > 40, "characters checked: " + checked);
  }

  @Test
  void partlyOutsideCharactersHaveOnlyTheVisiblePart() {
    int faceOnly = 0;
    int bodyOnly = 0;
    int both = 0;
    for (DrawnPanel p : partial.world().panels()) {
      for (Placed c : p.characters()) {
        if (c.face() == null) {
          bodyOnly++;
        } else if (c.body() == null) {
          faceOnly++;
        } else {
          both++;
        }
      }
    }
    assertTrue(faceOnly > 0 && bodyOnly > 0,
        "close-ups and head-cut characters: " + faceOnly + ", " + bodyOnly + ", " + both);
    assertTrue(both <= (faceOnly + bodyOnly) / 2, "most are partial: " + both);
    for (DrawnPanel p : main.world().panels()) {
      p.characters().forEach(c -> assertTrue(c.body() != null
          && (c.face() != null || !PanelComposer.showsFace(c.who())),
          "partialRate 0 keeps everyone whole"));
    }
  }

  // ------------------------------------------------------------------------------------------
  // determinism, identities, spec

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
    Summary again = ComicgenWorld.generate(kit, MAIN, tmp.resolve("again"));
    Summary other = ComicgenWorld.generate(kit, MAIN.withSeed(8), tmp.resolve("other"));
    Map<String, String> a = digests(mainDir);
    Map<String, String> b = digests(tmp.resolve("again"));
    Map<String, String> c = digests(tmp.resolve("other"));
    assertEquals(main.summary(), again);
    assertTrue(a.size() > main.summary().panels(), "PNGs and JSON files: " + a.keySet());
    assertEquals(a, b);
    assertNotEquals(a.get("panels.json"), c.get("panels.json"));
    assertNotEquals(main.summary().hash(), other.hash());
    long samePng = a.keySet().stream().filter(k -> k.endsWith(".png"))
        .filter(k -> a.get(k).equals(c.get(k))).count();
    assertEquals(0, samePng, "another seed draws other panels");
    try (Stream<Path> l = Files.list(tmp)) {
      assertEquals(Set.of("again", "other"),
          l.map(x -> x.getFileName().toString()).collect(Collectors.toSet()), "no temp left");
    }
  }

  @Test
  void generatingAgainKeepsTheFilesAndOtherContentIsRefused() throws Exception {
    Path panels = mainDir.resolve("panels.json");
    FileTime before = Files.getLastModifiedTime(panels);
    Generated again = ComicgenWorld.generateWorld(kit, MAIN, mainDir);
    assertNull(again.world(), "nothing drawn");
    assertEquals(main.summary(), again.summary());
    assertEquals(before, Files.getLastModifiedTime(panels));

    ReidInputException e = assertThrows(ReidInputException.class,
        () -> ComicgenWorld.generate(kit, MAIN.withSeed(99), mainDir));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
  }

  @Test
  void colourEditionsAreOneIdentityByDefaultAndTwoWhenAsked() {
    assertTrue(ComicgenSpec.defaults().colorVariantsSameIdentity());
    ComicgenSpec same = named(true);
    ComicgenSpec apart = named(false);
    List<Identity> one = ComicgenWorld.identities(kit, same);
    List<Identity> two = ComicgenWorld.identities(kit, apart);
    assertEquals(13, one.size());
    assertEquals(17, two.size());
    Identity dee = one.stream().filter(i -> i.name().equals("dee")).findFirst().orElseThrow();
    assertEquals(List.of("dee", "deenuova"), dee.looks());
    assertTrue(two.stream().anyMatch(i -> i.name().equals("deenuova")
        && i.looks().equals(List.of("deenuova"))));
    assertEquals(13 + 9, ComicgenWorld.identities(kit,
        new ComicgenSpec(5, 40, 8, 320, 240, 3, 5, 9, true, 0.5, 0.1)).size());

    // in a world: one identity drawn in both editions, or two identities
    List<Appearance> a = appearances(same);
    assertTrue(a.stream().anyMatch(x -> x.identity().equals("dee")
        && x.look().name().equals("deenuova")), "dee in colour on colour pages");
    assertTrue(a.stream().anyMatch(x -> x.identity().equals("dee")
        && x.look().name().equals("dee")), "dee in black and white on the others");
    assertTrue(a.stream().noneMatch(x -> x.identity().endsWith("nuova")
        || x.identity().endsWith("nuovo")));
    List<Appearance> b = appearances(apart);
    assertTrue(b.stream().allMatch(x -> x.identity().equals(x.look().name())));
    assertTrue(b.stream().anyMatch(x -> x.identity().equals("deenuova")));
    assertEquals(17, b.stream().map(Appearance::identity).distinct().count());
  }

  @Test
  void castsKeepSplitsApartWhenThereArePeopleEnough() throws Exception {
    JsonNode m = read(mainDir.resolve(ComicgenWorld.MANIFEST));
    Map<String, Set<String>> bySplit = new HashMap<>();
    m.get("splits").fields().forEachRemaining(e -> m.get("casts").get(e.getKey()).forEach(
        c -> bySplit.computeIfAbsent(e.getValue().asText(), k -> new HashSet<>())
            .add(c.asText())));
    // 3 series of 4 from 19 people: no identity in two splits
    for (String s : List.of("train", "val", "test")) {
      for (String t : List.of("train", "val", "test")) {
        if (!s.equals(t)) {
          Set<String> common = new HashSet<>(bySplit.get(s));
          common.retainAll(bySplit.get(t));
          assertTrue(common.isEmpty(), s + " and " + t + " share " + common);
        }
      }
    }
  }

  @Test
  void specHashCoversEveryFieldAndBadSpecsAreRefused() {
    ComicgenSpec d = ComicgenSpec.defaults();
    List<ComicgenSpec> changed = List.of(
        d.withSeed(d.seed() + 1),
        new ComicgenSpec(d.seed(), 41, 8, 320, 240, 3, 5, 32, true, 0.5, 0.1),
        new ComicgenSpec(d.seed(), 40, 9, 320, 240, 3, 5, 32, true, 0.5, 0.1),
        new ComicgenSpec(d.seed(), 40, 8, 321, 240, 3, 5, 32, true, 0.5, 0.1),
        new ComicgenSpec(d.seed(), 40, 8, 320, 241, 3, 5, 32, true, 0.5, 0.1),
        new ComicgenSpec(d.seed(), 40, 8, 320, 240, 2, 5, 32, true, 0.5, 0.1),
        new ComicgenSpec(d.seed(), 40, 8, 320, 240, 3, 6, 32, true, 0.5, 0.1),
        new ComicgenSpec(d.seed(), 40, 8, 320, 240, 3, 5, 31, true, 0.5, 0.1),
        new ComicgenSpec(d.seed(), 40, 8, 320, 240, 3, 5, 32, false, 0.5, 0.1),
        new ComicgenSpec(d.seed(), 40, 8, 320, 240, 3, 5, 32, true, 0.4, 0.1),
        new ComicgenSpec(d.seed(), 40, 8, 320, 240, 3, 5, 32, true, 0.5, 0.2));
    assertEquals(d.hash(), new ComicgenSpec(d.seed(), 40, 8, 320, 240, 3, 5, 32, true, 0.5, 0.1)
        .hash());
    Set<String> hashes = new HashSet<>();
    hashes.add(d.hash());
    changed.forEach(s -> hashes.add(s.hash()));
    assertEquals(changed.size() + 1, hashes.size(), "each field changes the hash");
    assertTrue(d.canonical().contains("generator=" + ComicgenSpec.GENERATOR_VERSION));

    assertEquals(8, ComicgenSpec.forSequences(1, 40).series());
    assertEquals(3, ComicgenSpec.forSequences(1, 3).series());
    assertThrows(ReidInputException.class,
        () -> new ComicgenSpec(1, 3, 4, 320, 240, 3, 5, 0, true, 0.5, 0.1));
    assertThrows(ReidInputException.class,
        () -> new ComicgenSpec(1, 40, 8, 320, 240, 4, 5, 0, true, 0.5, 0.1));
    assertThrows(ReidInputException.class,
        () -> new ComicgenSpec(1, 40, 8, 320, 240, 3, 5, 0, true, 1.5, 0.1));
    ReidInputException tooBig = assertThrows(ReidInputException.class, () -> ComicgenWorld.generate(
        kit, new ComicgenSpec(1, 3, 3, 320, 240, 3, 14, 0, true, 0.5, 0.1), tmp.resolve("x")));
    assertTrue(tooBig.getMessage().contains("castSize 14"), tooBig.getMessage());
  }

  // ------------------------------------------------------------------------------------------

  /** A 40-sequence world of the named characters only (every one is cast several times). */
  private static ComicgenSpec named(boolean sameIdentity) {
    return new ComicgenSpec(5, 40, 8, 320, 240, 3, 5, 0, sameIdentity, 0.5, 0.1);
  }

  private static List<Appearance> appearances(ComicgenSpec spec) {
    return ComicgenWorld.script(kit, spec).panels().stream().flatMap(p -> p.who().stream())
        .toList();
  }

  /** The layers of {@code c} drawn with JSVG straight onto an empty panel, no cache, no flip. */
  private static BufferedImage independentRender(Placed c, boolean faces, boolean bodies)
      throws Exception {
    BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    int canvasW = c.who().look().canvasWidth();
    int canvasH = c.who().look().canvasHeight();
    for (PlacedLayer l : c.layers()) {
      if (l.face() ? !faces : !bodies) {
        continue;
      }
      SVGDocument doc;
      try (InputStream in = Files.newInputStream(l.file())) {
        // the one input clean-up the generator makes (colours do not change the alpha)
        doc = new SVGLoader().load(in, l.file().toUri(),
            LoaderContext.builder().preProcessor(ComicgenWorldTest::straightenArcs).build());
      }
      Graphics2D lg = (Graphics2D) g.create();
      lg.translate(l.x(), l.y());
      if (c.mirror()) {
        lg.translate(c.canvasWidth(), 0);
        lg.scale(-1, 1);
      }
      lg.scale(c.canvasWidth() / (double) canvasW, c.canvasHeight() / (double) canvasH);
      doc.render((Component) null, lg, new ViewBox(0, 0, canvasW, canvasH));
      lg.dispose();
    }
    g.dispose();
    return img;
  }

  private static void straightenArcs(DomElement e) {
    if (e.tagName().equals("path") && e.attribute("d") != null) {
      e.setAttribute("d", Sprites.arcsFixed(e.attribute("d")));
    }
    e.children().forEach(ComicgenWorldTest::straightenArcs);
  }

  private static PixelBox artBox(BufferedImage img) {
    PixelBox box = null;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) >>> 24) >= Sprites.ALPHA_MIN) {
          box = PixelBox.union(box, new PixelBox(x, y, x + 1, y + 1));
        }
      }
    }
    return box;
  }

  private static int artPixels(BufferedImage img) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) >>> 24) >= Sprites.ALPHA_MIN) {
          n++;
        }
      }
    }
    return n;
  }

  /** Equal within a pixel (antialiasing of a flipped or translated drawing may differ by one). */
  private static void assertNear(PixelBox expected, PixelBox actual, String what) {
    assertNotNull(expected, what);
    assertTrue(Math.abs(expected.x1() - actual.x1()) <= 1
        && Math.abs(expected.y1() - actual.y1()) <= 1
        && Math.abs(expected.x2() - actual.x2()) <= 1
        && Math.abs(expected.y2() - actual.y2()) <= 1, what + ": " + expected + " vs " + actual);
  }

  private static JsonNode read(Path file) throws Exception {
    return JSON.readTree(file.toFile());
  }

  private static Map<String, JsonNode> panelsById(Path dir) throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    read(dir.resolve("panels.json")).forEach(p -> out.put(p.get("panel_id").asText(), p));
    return out;
  }

  private static List<JsonNode> allSequences(Path dir) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String split : List.of("train", "val", "test")) {
      read(dir.resolve(split + "_sequences.json")).forEach(out::add);
    }
    return out;
  }

  private static List<String> panelIds(JsonNode seq) {
    return List.of(seq.get("seq_id").asText().split("\\+"));
  }

  private static Set<String> instancesOn(JsonNode seq, String panelId) {
    Set<String> out = new HashSet<>();
    for (JsonNode a : seq.get("annotations")) {
      for (JsonNode i : a.get("charInstances")) {
        if (instanceId(i).startsWith(panelId + "_")) {
          out.add(i.toString());
        }
      }
    }
    return out;
  }

  private static String instanceId(JsonNode inst) {
    return inst.has("face") ? inst.get("face").asText() : inst.get("body").asText();
  }

  private static Map<String, String> truth(Path dir) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    read(dir.resolve(ComicgenWorld.TRUTH)).fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> out = new HashSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static int[] box(JsonNode b) {
    JsonNode x = b.get("box");
    return new int[] {x.get(0).asInt(), x.get(1).asInt(), x.get(2).asInt(), x.get(3).asInt()};
  }

  private static Map<String, String> digests(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        out.put(dir.relativize(p).toString().replace('\\', '/'),
            HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }
}
