package org.comicreid.catalog.comicgen;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.comicreid.catalog.comicgen.Cast.Look;
import org.comicreid.catalog.comicgen.Cast.Person;
import org.comicreid.catalog.comicgen.PanelComposer.Placed;
import org.comicreid.catalog.WorldDirectory;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.random.Seeds;

/**
 * A comic world drawn with comicgen's real art: series with their own cast and background style,
 * pages of panels with 1-3 characters, annotated 4-panel sequences (some overlapping by two panels)
 * and a train/val/test split by series. Each character on a panel is one comicgen character (or
 * aavatar person) in one angle, with a random emotion (face SVG) and pose (body SVG) of that angle,
 * scaled, maybe mirrored, placed; its face and body boxes are read off the placed pixels.
 *
 * <p>{@link #generate} writes the world in the {@code sequences} dataset format of
 * docs/datasets.md (section 2) plus {@value #TRUTH} (instance id to global identity) and
 * {@value #MANIFEST} (spec, hash, summary); see "comicgen worlds" there. The same kit version and
 * spec give byte-identical files.
 */
public final class ComicgenWorld {

  /** Instance id (its face box id, else its body box id) to global identity name. */
  public static final String TRUTH = "truth.json";
  /** Spec, hash, comicgen version, summary and identities of a written world. */
  public static final String MANIFEST = "comicgen.json";

  /** What {@link #generate} made (counts over the whole world). */
  public record Summary(
      String hash, int series, int panels, int sequences, int instances, int identities) {}

  /**
   * A person the world can cast.
   *
   * @param looks the comicgen characters it is drawn as (two for a character with a coloured
   *     edition when those count as one identity), or its aavatar name
   */
  public record Identity(String name, boolean aavatar, List<String> looks) {
    public Identity {
      looks = List.copyOf(looks);
    }
  }

  /** How a character is framed on its panel. */
  enum Framing {
    /** Head to feet (feet may touch the bottom edge). */
    FULL,
    /** Head to knees or waist: the body runs off the bottom edge. */
    MEDIUM,
    /** Only the body: the head is above the top edge. */
    HEAD_CUT,
    /** Only the face, big: the body is below the bottom edge. */
    CLOSE_UP
  }

  /** One character as the script wants it on a panel. */
  record Appearance(String identity, Look look, String angle, String emotion, String pose,
      boolean mirror, Framing framing, int sizeLevel) {
    @Override
    public String toString() {
      return identity + "(" + look.name() + " " + angle + "/" + emotion + "/" + pose + ", "
          + framing + ")";
    }
  }

  /** One panel of the script. {@code page} and {@code index} are numbers; ids are strings. */
  record PanelScript(String panelId, String series, int seriesIndex, int page, int index,
      String image, List<Appearance> who) {}

  record SequenceScript(String series, List<String> panelIds) {}

  /** Everything decided before drawing. */
  record Script(ComicgenSpec spec, List<Person> people, List<String> series,
      Map<String, SeriesStyle> styles, Map<String, List<String>> casts,
      Map<String, String> splitOfSeries, List<PanelScript> panels,
      List<SequenceScript> sequences) {}

  /** A drawn panel: its script and its characters, left to right. */
  record DrawnPanel(PanelScript script, List<Placed> characters) {
    String faceId(int i) {
      return script.panelId() + "_face_" + i;
    }

    String bodyId(int i) {
      return script.panelId() + "_body_" + i;
    }

    /** The instance id of character {@code i}: its face box id, else its body box id. */
    String instanceId(int i) {
      return characters.get(i).face() != null ? faceId(i) : bodyId(i);
    }
  }

  /** A drawn world: the script and every drawn panel, in script order. */
  record World(Script script, List<DrawnPanel> panels) {}

  static final List<String> SPLITS = List.of("train", "val", "test");

  // seed paths
  static final long AAVATAR = 1;
  static final long CAST = 2;
  static final long STYLE = 3;
  static final long LAYOUT = 4;
  static final long PANEL = 5;
  static final long SPLIT = 6;
  static final long COMPOSE = 7;

  private ComicgenWorld() {}

  /**
   * The people a world of {@code spec} casts from: comicgen's named characters (13 identities, or
   * 17 when colour editions are separate identities), then {@code spec.aavatarIdentities()}
   * aavatar people.
   */
  public static List<Identity> identities(ComicgenKit kit, ComicgenSpec spec) {
    return Cast.people(kit, spec).stream()
        .map(p -> new Identity(p.identity(), p.aavatar(),
            p.looks().stream().map(Look::name).toList()))
        .toList();
  }

  /**
   * Draws the world of {@code spec} into {@code outDir} (a sequences dataset, see the class
   * comment). Written to a temporary sibling directory, then renamed into place. When
   * {@code outDir} already holds the world of this spec, nothing is written and its summary is
   * returned.
   *
   * @throws ReidInputException when {@code outDir} exists and holds anything else, or the spec
   *     asks for more than the kit has
   */
  public static Summary generate(ComicgenKit kit, ComicgenSpec spec, Path outDir) {
    return generateWorld(kit, spec, outDir).summary();
  }

  /** What {@link #generateWorld} made; {@code world} is null when the files were already there. */
  record Generated(Summary summary, World world) {}

  /** {@link #generate}, also returning the drawn world (layers and their placement) to tests. */
  static Generated generateWorld(ComicgenKit kit, ComicgenSpec spec, Path outDir) {
    Path target = outDir.toAbsolutePath().normalize();
    if (Files.exists(target)) {
      Summary existing = DatasetWriter.existingSummary(target, spec);
      if (existing != null) {
        return new Generated(existing, null);
      }
    }
    return WorldDirectory.publish(target, "comicgen world", spec.hash(), tmp -> {
      World world = draw(kit, spec, tmp);
      return new Generated(DatasetWriter.write(kit, world, tmp), world);
    });
  }

  // ------------------------------------------------------------------------------------------
  // script

  /** Derives an independent seed from a root seed and a path of labels/indices. */
  static long seed(long root, long... path) {
    return Seeds.derive(root, path);
  }

  /** Decides everything but the pixels: casts, pages, who is on which panel and how. */
  static Script script(ComicgenKit kit, ComicgenSpec spec) {
    List<Person> people = Cast.people(kit, spec);
    if (spec.castSize() > people.size()) {
      throw new ReidInputException("comicgen spec: castSize " + spec.castSize() + " exceeds the "
          + people.size() + " identities available (raise aavatarIdentities)");
    }
    int n = spec.series();
    int digits = Math.max(2, String.valueOf(n - 1).length());
    List<String> series = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      series.add(String.format("cg%0" + digits + "d", s));
    }
    Map<String, String> splits = splits(spec, series);
    Map<String, List<String>> casts = casts(spec, people, series, splits);
    Map<String, Person> byName = new LinkedHashMap<>();
    people.forEach(p -> byName.put(p.identity(), p));

    Map<String, SeriesStyle> styles = new LinkedHashMap<>();
    List<PanelScript> panels = new ArrayList<>();
    List<SequenceScript> sequences = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      String sid = series.get(s);
      styles.put(sid, SeriesStyle.random(new SplittableRandom(seed(spec.seed(), STYLE, s))));
      int count = spec.sequences() / n + (s < spec.sequences() % n ? 1 : 0);
      List<Person> cast = casts.get(sid).stream().map(byName::get).toList();
      scriptSeries(spec, s, sid, count, cast, panels, sequences);
    }
    return new Script(spec, people, series, styles, casts, splits, panels, sequences);
  }

  /** Series shuffled, then 20% test, 20% val (at least one each), the rest train. */
  private static Map<String, String> splits(ComicgenSpec spec, List<String> series) {
    List<String> order = new ArrayList<>(series);
    SplittableRandom r = new SplittableRandom(seed(spec.seed(), SPLIT));
    for (int i = order.size() - 1; i > 0; i--) {
      Collections.swap(order, i, r.nextInt(i + 1));
    }
    int n = order.size();
    int test = Math.max(1, (int) Math.round(n * 0.2));
    int val = Math.max(1, (int) Math.round(n * 0.2));
    Map<String, String> bySeries = new java.util.TreeMap<>();
    for (int k = 0; k < n; k++) {
      bySeries.put(order.get(k), k < n - val - test ? "train" : k < n - test ? "val" : "test");
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(bySeries));
  }

  /**
   * Deals every series its cast from the shuffled people, test series first, then val, then train,
   * without reusing anyone while people last: with enough people the splits share no identity.
   * When the people run out they are dealt again (train series prefer people that no test or val
   * series has).
   */
  private static Map<String, List<String>> casts(ComicgenSpec spec, List<Person> people,
      List<String> series, Map<String, String> splits) {
    SplittableRandom r = new SplittableRandom(seed(spec.seed(), CAST));
    List<String> all = people.stream().map(Person::identity).toList();
    List<String> deck = shuffled(all, r);
    Set<String> heldOut = new LinkedHashSet<>();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String split : List.of("test", "val", "train")) {
      for (String sid : series) {
        if (!splits.get(sid).equals(split)) {
          continue;
        }
        List<String> cast = new ArrayList<>();
        while (cast.size() < spec.castSize()) {
          if (deck.isEmpty()) {
            List<String> refill = all.stream().filter(p -> !cast.contains(p)).toList();
            if (split.equals("train")) {
              List<String> fresh = refill.stream().filter(p -> !heldOut.contains(p)).toList();
              if (fresh.size() >= spec.castSize() - cast.size()) {
                refill = fresh;
              }
            }
            deck = shuffled(refill, r);
          }
          String next = deck.remove(deck.size() - 1);
          if (!cast.contains(next)) {
            cast.add(next);
          }
        }
        if (!split.equals("train")) {
          heldOut.addAll(cast);
        }
        out.put(sid, List.copyOf(cast));
      }
    }
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    series.forEach(sid -> ordered.put(sid, out.get(sid)));
    return ordered;
  }

  private static List<String> shuffled(List<String> in, SplittableRandom r) {
    List<String> out = new ArrayList<>(in);
    for (int i = out.size() - 1; i > 0; i--) {
      Collections.swap(out, i, r.nextInt(i + 1));
    }
    return out;
  }

  private static void scriptSeries(ComicgenSpec spec, int s, String sid, int count,
      List<Person> cast, List<PanelScript> panels, List<SequenceScript> sequences) {
    SplittableRandom layout = new SplittableRandom(seed(spec.seed(), LAYOUT, s));
    int pairs = Math.min(count / 2, (int) Math.round(spec.overlapRate() * count / 2.0));
    // a page per group: an overlapping pair shares the middle two of six panels
    List<Boolean> groups = new ArrayList<>();
    for (int i = 0; i < count - 2 * pairs; i++) {
      groups.add(false);
    }
    for (int i = 0; i < pairs; i++) {
      groups.add(true);
    }
    for (int i = groups.size() - 1; i > 0; i--) {
      Collections.swap(groups, i, layout.nextInt(i + 1));
    }
    for (int page = 0; page < groups.size(); page++) {
      boolean pair = groups.get(page);
      // pages are printed in black and white or in colour: characters with a coloured edition
      // are drawn in it on colour pages (when editions are one identity)
      boolean colourPage = layout.nextBoolean();
      List<Person> shuffled = new ArrayList<>(cast);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        Collections.swap(shuffled, i, layout.nextInt(i + 1));
      }
      int sceneSize = Math.min(cast.size(), 2 + layout.nextInt(3));
      List<Person> scene = shuffled.subList(0, sceneSize);
      List<String> ids = new ArrayList<>();
      for (int k = 0; k < (pair ? 6 : 4); k++) {
        String panelId = sid + "_" + page + "_" + k;
        SplittableRandom r = new SplittableRandom(seed(spec.seed(), PANEL, s, page, k));
        int m = 1 + r.nextInt(Math.min(spec.maxCharactersPerPanel(), scene.size()));
        List<Person> pool = new ArrayList<>(scene);
        Framing shot = m <= 2 && r.nextDouble() < 0.25 ? Framing.MEDIUM : Framing.FULL;
        List<Appearance> who = new ArrayList<>();
        for (int i = 0; i < m; i++) {
          Person p = pool.remove(r.nextInt(pool.size()));
          Look look = p.looks().get(p.looks().size() > 1 && colourPage ? 1 : 0);
          String angle = weighted(look.angleWeights(), r);
          List<String> emotions = new ArrayList<>(look.faceLayers().get(angle).keySet());
          List<String> poses = new ArrayList<>(look.bodyLayers().get(angle).keySet());
          String emotion = emotions.get(r.nextInt(emotions.size()));
          String pose = poses.get(r.nextInt(poses.size()));
          boolean mirror = r.nextBoolean();
          Framing framing = shot;
          if (r.nextDouble() < spec.partialRate()) {
            framing = m == 1 && r.nextBoolean() ? Framing.CLOSE_UP : Framing.HEAD_CUT;
          }
          who.add(new Appearance(p.identity(), look, angle, emotion, pose, mirror, framing,
              r.nextInt(3)));
        }
        panels.add(new PanelScript(panelId, sid, s, page, k,
            "images/" + sid + "/" + page + "_" + k + ".png", who));
        ids.add(panelId);
      }
      sequences.add(new SequenceScript(sid, ids.subList(0, 4)));
      if (pair) {
        sequences.add(new SequenceScript(sid, ids.subList(2, 6)));
      }
    }
  }

  private static String weighted(Map<String, Integer> weights, SplittableRandom r) {
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    int pick = r.nextInt(total);
    for (Map.Entry<String, Integer> e : weights.entrySet()) {
      pick -= e.getValue();
      if (pick < 0) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("no angle");
  }

  // ------------------------------------------------------------------------------------------
  // drawing

  /**
   * Scripts and draws the world of {@code spec}, writing each panel's PNG under {@code dir}
   * (at its {@code image} path). Series are drawn one after another (the part cache lives for one
   * series), the panels of a series in parallel: each panel has its own seed, so the bytes do not
   * depend on the order.
   */
  static World draw(ComicgenKit kit, ComicgenSpec spec, Path dir) {
    Script script = script(kit, spec);
    Map<String, DrawnPanel> drawn = new java.util.concurrent.ConcurrentHashMap<>();
    for (String sid : script.series()) {
      List<PanelScript> panels =
          script.panels().stream().filter(p -> p.series().equals(sid)).toList();
      Sprites sprites = new Sprites();
      PanelComposer composer = new PanelComposer(spec.panelWidth(), spec.panelHeight(), sprites);
      SeriesStyle style = script.styles().get(sid);
      try {
        Files.createDirectories(dir.resolve("images").resolve(sid));
        panels.parallelStream().forEach(p -> {
          SplittableRandom r = new SplittableRandom(
              seed(spec.seed(), COMPOSE, p.seriesIndex(), p.page(), p.index()));
          PanelComposer.Result res = composer.compose(p.who(), style, r);
          writePng(res.image(), dir.resolve(p.image()));
          drawn.put(p.panelId(), new DrawnPanel(p, res.characters()));
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<DrawnPanel> ordered = new ArrayList<>();
    script.panels().forEach(p -> ordered.add(drawn.get(p.panelId())));
    return new World(script, ordered);
  }

  private static void writePng(BufferedImage img, Path file) {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
        ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      if (!ImageIO.write(img, "png", ios)) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
