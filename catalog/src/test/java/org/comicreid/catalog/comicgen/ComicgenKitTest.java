package org.comicreid.catalog.comicgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.comicreid.catalog.comicgen.ComicgenKit.Angle;
import org.comicreid.catalog.comicgen.ComicgenKit.Character;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the comicgen package the build installs (catalog/npm); the catalog's surefire names it in
 * {@value ComicgenKit#DIR_PROPERTY}. Without it these tests fail, saying how to install it.
 */
class ComicgenKitTest {

  /** comicgen 1.9.9's characters (README, "Character credits"), without the colour editions. */
  static final Set<String> THIRTEEN = Set.of("aryan", "ava", "bean", "biden", "bill", "dee", "dey",
      "ethan", "evan", "priya", "ringo", "sophie", "trump");

  static ComicgenKit kit;

  @TempDir Path tmp;

  @BeforeAll
  static void openKit() {
    kit = ComicgenKit.fromSystemProperty();
  }

  @Test
  void listsThirteenCharactersEachWithFacesAndBodiesOnOneCanvas() {
    List<Character> base = kit.baseCharacters();
    assertEquals(THIRTEEN, base.stream().map(Character::name).collect(Collectors.toSet()));
    assertEquals(17, kit.characters().size(), "13 and four coloured editions");
    for (Character c : kit.characters()) {
      assertFalse(c.angles().isEmpty(), c.name());
      assertEquals(500, c.canvasWidth(), c.name());
      assertEquals(600, c.canvasHeight(), c.name());
      for (Angle a : c.angles()) {
        assertFalse(a.emotions().isEmpty(), c.name() + "/" + a.name() + " faces");
        assertFalse(a.poses().isEmpty(), c.name() + "/" + a.name() + " bodies");
        a.emotions().values().forEach(f -> assertTrue(Files.isRegularFile(f), f.toString()));
        a.poses().values().forEach(f -> assertTrue(Files.isRegularFile(f), f.toString()));
        a.emotions().values().forEach(f -> assertTrue(
            f.getParent().getFileName().toString().equals("emotion"), f.toString()));
        a.poses().values().forEach(f -> assertTrue(
            f.getParent().getFileName().toString().equals("pose"), f.toString()));
      }
    }
    assertEquals(List.of("back", "side", "straight"), angles("ethan"));
    assertEquals(List.of("side", "sitting", "straight"), angles("dee"));
    assertEquals(List.of(ComicgenKit.DEFAULT_ANGLE), angles("sophie"));
    // drawing order from index.svg: bill, bean and sophie draw the pose first, dee the face
    assertFalse(kit.character("bill").orElseThrow().faceFirst());
    assertFalse(kit.character("sophie").orElseThrow().faceFirst());
    assertFalse(kit.character("bean").orElseThrow().faceFirst());
    assertTrue(kit.character("dee").orElseThrow().faceFirst());
    // biden's index.svg only imports aryan's: it still is a character
    assertTrue(kit.character("biden").orElseThrow().angles().get(0).poses().containsKey("clapping"));
  }

  @Test
  void colourEditionsAreTheNuovaAndNuovoFolders() {
    assertEquals(Map.of("dee", List.of("deenuova"), "dey", List.of("deynuovo"),
        "priya", List.of("priyanuova"), "ringo", List.of("ringonuovo")), kit.colourVariants());
    assertEquals("dee", kit.character("deenuova").orElseThrow().variantOf());
    assertNull(kit.character("dee").orElseThrow().variantOf());
    // same drawings: the same angles, emotions and poses as the black-and-white edition
    Character bw = kit.character("ringo").orElseThrow();
    Character colour = kit.character("ringonuovo").orElseThrow();
    assertEquals(bw.angles().stream().map(a -> a.poses().keySet()).toList(),
        colour.angles().stream().map(a -> a.poses().keySet()).toList());
  }

  @Test
  void aavatarKitHasHeadsFaceStylesAttiresAndColourSlots() {
    ComicgenKit.Aavatar av = kit.aavatar();
    assertEquals(Set.of("female", "male", "unisex"), av.heads().keySet());
    assertEquals(27, av.heads().values().stream().mapToInt(Map::size).sum());
    assertEquals(Set.of("sketchy", "strokes", "thinlines"), av.expressions().keySet());
    av.expressions().values().forEach(e -> assertEquals(39, e.size()));
    assertEquals(10, av.attires().size());
    assertEquals(new TreeSet<>(List.of("face", "pant", "shirt")),
        av.slots().stream().map(ComicgenKit.ColourSlot::name).collect(Collectors.toCollection(
            TreeSet::new)));
    assertEquals(List.of("#eeddc5"), av.slot("face").orElseThrow().fills());
    assertTrue(av.slot("shirt").orElseThrow().fills().contains("#fc6"), "lower-cased");
    // 11 female and 7 unisex heads with any of 10 attires, 9 male heads with 8
    assertEquals(11 * 10 + 7 * 10 + 9 * 8, Cast.aavatarCombinations(av).size());
  }

  @Test
  void missingPackageFailsSayingHowToInstallIt() {
    ReidInputException e =
        assertThrows(ReidInputException.class, () -> ComicgenKit.open(tmp.resolve("nothing")));
    assertTrue(e.getMessage().contains("npm ci --prefix catalog/npm"), e.getMessage());
    assertTrue(e.getMessage().contains("mvn -B verify"), e.getMessage());

    String before = System.getProperty(ComicgenKit.DIR_PROPERTY);
    System.clearProperty(ComicgenKit.DIR_PROPERTY);
    try {
      ReidInputException unset =
          assertThrows(ReidInputException.class, ComicgenKit::fromSystemProperty);
      assertTrue(unset.getMessage().contains(ComicgenKit.DIR_PROPERTY), unset.getMessage());
      assertTrue(unset.getMessage().contains("npm ci --prefix catalog/npm"), unset.getMessage());
    } finally {
      if (before != null) {
        System.setProperty(ComicgenKit.DIR_PROPERTY, before);
      }
    }
  }

  @Test
  void anotherVersionIsRefused() throws Exception {
    Path fake = tmp.resolve("comicgen");
    Files.createDirectories(fake.resolve("svg"));
    Files.writeString(fake.resolve("package.json"), "{\"name\":\"comicgen\",\"version\":\"1.9.8\"}");
    ReidInputException e = assertThrows(ReidInputException.class, () -> ComicgenKit.open(fake));
    assertTrue(e.getMessage().contains("expected comicgen 1.9.9, found 1.9.8"), e.getMessage());
  }

  private static List<String> angles(String name) {
    return kit.character(name).orElseThrow().angles().stream().map(Angle::name).toList();
  }
}
