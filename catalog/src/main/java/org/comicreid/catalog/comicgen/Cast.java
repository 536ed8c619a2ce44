package org.comicreid.catalog.comicgen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.comicreid.catalog.comicgen.ComicgenKit.Aavatar;
import org.comicreid.catalog.comicgen.ComicgenKit.Angle;
import org.comicreid.catalog.comicgen.ComicgenKit.Character;
import org.comicreid.catalog.comicgen.ComicgenKit.ColourSlot;
import org.comicreid.core.ReidInputException;

/** The identities a world can cast and the looks (drawings) each one is drawn with. */
final class Cast {

  /**
   * One way to draw a person.
   *
   * @param faceLayers per angle, per emotion: the face files in drawing order
   * @param bodyLayers per angle, per pose: the body files in drawing order
   * @param faceFirst whether the face layers are drawn before (under) the body layers
   * @param recolour fill colour (lower case) to the colour it is painted in; empty for none
   */
  record Look(
      String name,
      int canvasWidth,
      int canvasHeight,
      Map<String, Map<String, List<Path>>> faceLayers,
      Map<String, Map<String, List<Path>>> bodyLayers,
      Map<String, Integer> angleWeights,
      boolean faceFirst,
      Map<String, String> recolour) {}

  /**
   * A person of the world: its global name, whether it comes from the aavatar kit, its looks, and
   * what it is made of (aavatar people: gender, head, attire, face style and colours).
   */
  record Person(String identity, boolean aavatar, List<Look> looks, Map<String, String> traits) {
    Person {
      looks = List.copyOf(looks);
      traits = Collections.unmodifiableMap(new LinkedHashMap<>(traits));
    }
  }

  /** Skin colours of aavatar people (comicgen's default first). */
  static final List<String> SKINS =
      List.of("#eeddc5", "#f3d4ca", "#f8c59a", "#e0ac69", "#c68642", "#8d5524");
  /** Shirt colours of aavatar people: the fills comicgen's own shirt selector knows. */
  static final List<String> SHIRTS = List.of("#e39279", "#bdc59a", "#bcd1ec", "#b1dbf2",
      "#00325f", "#8b9fdc", "#79bd8f", "#ea9a00", "#f796b3", "#ffcc66");
  /** Trouser colours of aavatar people. */
  static final List<String> PANTS = List.of("#3a4e5c", "#3e606f", "#40627c", "#1e1e1e",
      "#003156", "#5b4636", "#6e6e6e", "#7b2d26");
  /** Attires not combined with the bearded and moustached heads of {@code gender/male}. */
  static final List<String> NOT_FOR_MALE_HEADS = List.of("saree", "bodycon");

  private Cast() {}

  /** The named characters, then the aavatar people of {@code spec}, in a fixed order. */
  static List<Person> people(ComicgenKit kit, ComicgenSpec spec) {
    List<Person> out = new ArrayList<>();
    for (Character c : kit.characters()) {
      if (spec.colorVariantsSameIdentity()) {
        if (c.variantOf() != null) {
          continue;
        }
        List<Look> looks = new ArrayList<>();
        looks.add(named(c));
        for (String v : kit.colourVariants().getOrDefault(c.name(), List.of())) {
          looks.add(named(kit.character(v).orElseThrow()));
        }
        out.add(new Person(c.name(), false, looks, Map.of()));
      } else {
        out.add(new Person(c.name(), false, List.of(named(c)), Map.of()));
      }
    }
    out.addAll(aavatarPeople(kit.aavatar(), spec.aavatarIdentities(),
        new SplittableRandom(ComicgenWorld.seed(spec.seed(), ComicgenWorld.AAVATAR))));
    return out;
  }

  private static Look named(Character c) {
    Map<String, Map<String, List<Path>>> faces = new TreeMap<>();
    Map<String, Map<String, List<Path>>> bodies = new TreeMap<>();
    Map<String, Integer> weights = new TreeMap<>();
    for (Angle a : c.angles()) {
      Map<String, List<Path>> f = new TreeMap<>();
      a.emotions().forEach((k, v) -> f.put(k, List.of(v)));
      Map<String, List<Path>> b = new TreeMap<>();
      a.poses().forEach((k, v) -> b.put(k, List.of(v)));
      faces.put(a.name(), f);
      bodies.put(a.name(), b);
      weights.put(a.name(), a.poses().size());
    }
    return new Look(c.name(), c.canvasWidth(), c.canvasHeight(), faces, bodies, weights,
        c.faceFirst(), Map.of());
  }

  /** Every (gender, head, attire) that makes a plausible person, in a fixed order. */
  static List<String[]> aavatarCombinations(Aavatar kit) {
    List<String[]> out = new ArrayList<>();
    kit.heads().forEach((gender, heads) -> heads.keySet().forEach(head -> {
      for (String attire : kit.attires().keySet()) {
        if (gender.equals("male") && NOT_FOR_MALE_HEADS.contains(attire)) {
          continue;
        }
        out.add(new String[] {gender, head, attire});
      }
    }));
    return out;
  }

  private static List<Person> aavatarPeople(Aavatar kit, int count, SplittableRandom r) {
    List<String[]> combos = aavatarCombinations(kit);
    if (count > combos.size()) {
      throw new ReidInputException("comicgen spec: aavatarIdentities is " + count
          + " but the aavatar kit makes only " + combos.size() + " distinct head and attire pairs");
    }
    for (int i = combos.size() - 1; i > 0; i--) {
      Collections.swap(combos, i, r.nextInt(i + 1));
    }
    List<String> styles = new ArrayList<>(kit.expressions().keySet());
    List<Person> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] c = combos.get(i);
      String gender = c[0];
      String head = c[1];
      String attire = c[2];
      String style = styles.get(r.nextInt(styles.size()));
      Map<String, String> colours = new LinkedHashMap<>();
      colours.put("face", SKINS.get(r.nextInt(SKINS.size())));
      colours.put("shirt", SHIRTS.get(r.nextInt(SHIRTS.size())));
      colours.put("pant", PANTS.get(r.nextInt(PANTS.size())));
      Map<String, String> recolour = new TreeMap<>();
      colours.forEach((slot, colour) -> kit.slot(slot).ifPresent(s -> recolour(s, colour, recolour)));

      Path headFile = kit.heads().get(gender).get(head);
      Map<String, List<Path>> faces = new TreeMap<>();
      kit.expressions().get(style).forEach((emotion, file) ->
          faces.put(emotion, List.of(headFile, file)));
      Map<String, List<Path>> bodies = new TreeMap<>();
      kit.attires().get(attire).forEach((pose, file) -> bodies.put(pose, List.of(file)));
      String name = "aavatar-" + head + "-" + attire;
      Look look = new Look(name, kit.canvasWidth(), kit.canvasHeight(),
          Map.of(ComicgenKit.DEFAULT_ANGLE, faces), Map.of(ComicgenKit.DEFAULT_ANGLE, bodies),
          Map.of(ComicgenKit.DEFAULT_ANGLE, 1), true, recolour);
      Map<String, String> traits = new LinkedHashMap<>();
      traits.put("gender", gender);
      traits.put("head", head);
      traits.put("attire", attire);
      traits.put("face_style", style);
      colours.forEach((slot, colour) -> traits.put(slot + "_colour", colour));
      out.add(new Person(name, true, List.of(look), traits));
    }
    return out;
  }

  private static void recolour(ColourSlot slot, String colour, Map<String, String> into) {
    for (String fill : slot.fills()) {
      into.put(fill, colour);
    }
  }
}
