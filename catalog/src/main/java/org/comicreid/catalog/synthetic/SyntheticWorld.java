package org.comicreid.catalog.synthetic;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.comicreid.catalog.synthetic.Designs.CharacterDesign;
import org.comicreid.catalog.synthetic.Designs.SeriesStyle;
import org.comicreid.catalog.WorldDirectory;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.random.Seeds;
import org.comicreid.core.dataset.Box;

/**
 * A procedural, seeded comic world: series with their own drawing style and cast, pages of panels
 * with 1-4 characters each (face and body boxes, detector-like scores), annotated 4-panel sequences
 * with sequence-local labels, and a split of the series into train/val/test. The global identity
 * of every instance is kept aside as the ground truth.
 *
 * <p>{@link #plan(WorldSpec)} builds the world in memory (cheap, no images);
 * {@link #generate(WorldSpec, Path)} also draws every panel as a PNG and writes the manifest
 * {@value #MANIFEST}. Both are deterministic: the same spec gives the same world and byte-identical
 * files.
 */
public final class SyntheticWorld {

  /** File name of the manifest inside a world directory. */
  public static final String MANIFEST = "world.json";

  /** One annotated character instance on a panel. Exactly the visible parts have a box. */
  public record Instance(
      String externalId,
      String identity,
      boolean distractor,
      Box face,
      double faceScore,
      Box body,
      double bodyScore) {
    public boolean hasFace() {
      return face != null;
    }

    public boolean hasBody() {
      return body != null;
    }
  }

  /**
   * One panel image.
   *
   * @param file path of the PNG relative to the world directory
   */
  public record Panel(
      String externalId,
      String series,
      String page,
      int index,
      String file,
      int width,
      int height,
      boolean grayscale,
      List<Instance> instances) {
    public Panel {
      instances = List.copyOf(instances);
    }
  }

  /**
   * An annotated sequence of four consecutive panels of one page.
   *
   * @param labels instance external id to sequence-local label, in order of first appearance
   */
  public record Sequence(
      String externalId, String series, List<String> panelIds, Map<String, String> labels) {
    public Sequence {
      panelIds = List.copyOf(panelIds);
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  /** Names of the splits, in the order they are assigned. */
  public static final List<String> SPLITS = List.of("train", "val", "test");

  private final WorldSpec spec;
  private final List<Panel> panels;
  private final List<Sequence> sequences;
  private final Map<String, String> splitOfSeries;
  private final Map<String, List<CharacterDesign>> casts;
  // drawing state, kept out of the public records
  private final Map<String, SeriesStyle> styles;
  private final Map<String, Scene> scenes;

  private SyntheticWorld(WorldSpec spec, List<Panel> panels, List<Sequence> sequences,
      Map<String, String> splitOfSeries, Map<String, List<CharacterDesign>> casts,
      Map<String, SeriesStyle> styles, Map<String, Scene> scenes) {
    this.spec = spec;
    this.panels = List.copyOf(panels);
    this.sequences = List.copyOf(sequences);
    this.splitOfSeries = Collections.unmodifiableMap(splitOfSeries);
    this.casts = casts;
    this.styles = styles;
    this.scenes = scenes;
  }

  public WorldSpec spec() {
    return spec;
  }

  /** All panels, series by series, page by page, in reading order. */
  public List<Panel> panels() {
    return panels;
  }

  /** All annotated sequences, series by series. */
  public List<Sequence> sequences() {
    return sequences;
  }

  /** Series external id to split name ({@code train}, {@code val}, {@code test}). */
  public Map<String, String> splitOfSeries() {
    return splitOfSeries;
  }

  /** Shirt colour (RGB) of every recurring character, by identity (for tests and reports). */
  public Map<String, Integer> shirtColors() {
    Map<String, Integer> out = new LinkedHashMap<>();
    casts.values().forEach(c -> c.forEach(d -> out.put(d.identity(), d.shirtColor())));
    return out;
  }

  /** Shirt pattern of every recurring character, by identity. */
  public Map<String, String> shirtPatterns() {
    Map<String, String> out = new LinkedHashMap<>();
    casts.values().forEach(c -> c.forEach(d -> out.put(d.identity(), d.shirtPattern().name())));
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // planning

  /** Everything the renderer needs about one panel. */
  record Scene(
      SeriesStyle style,
      long renderSeed,
      List<Figure> figures,
      List<Box> props,
      List<Bubble> bubbles,
      double[] tint,
      boolean grayscale) {}

  /** A speech bubble: its ellipse and the point its tail aims at. */
  record Bubble(Box ellipse, double tailX, double tailY) {}

  /** Derives an independent seed from a root seed and a path of labels/indices. */
  static long seed(long root, long... path) {
    return Seeds.derive(root, path);
  }

  private static final long STYLE = 1;
  private static final long CAST = 2;
  private static final long LAYOUT = 3;
  private static final long PANEL = 4;
  private static final long RENDER = 5;
  private static final long SPLIT = 6;

  /** The world of this spec, in memory, without drawing it. */
  public static SyntheticWorld plan(WorldSpec spec) {
    List<Panel> panels = new ArrayList<>();
    List<Sequence> sequences = new ArrayList<>();
    Map<String, List<CharacterDesign>> casts = new LinkedHashMap<>();
    Map<String, SeriesStyle> styles = new LinkedHashMap<>();
    Map<String, Scene> scenes = new LinkedHashMap<>();
    for (int s = 0; s < spec.series(); s++) {
      String sid = String.format("s%02d", s);
      SeriesStyle style = Designs.seriesStyle(new SplittableRandom(seed(spec.seed(), STYLE, s)));
      List<CharacterDesign> cast = Designs.cast(sid, style, spec.charactersPerSeries(),
          new SplittableRandom(seed(spec.seed(), CAST, s)));
      styles.put(sid, style);
      casts.put(sid, cast);
      planSeries(spec, s, sid, style, cast, panels, sequences, scenes);
    }
    return new SyntheticWorld(spec, panels, sequences, splits(spec), casts, styles, scenes);
  }

  private static Map<String, String> splits(WorldSpec spec) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < spec.series(); i++) {
      order.add(i);
    }
    SplittableRandom r = new SplittableRandom(seed(spec.seed(), SPLIT));
    for (int i = order.size() - 1; i > 0; i--) {
      Collections.swap(order, i, r.nextInt(i + 1));
    }
    int n = spec.series();
    int test = Math.max(1, (int) Math.round(n * 0.2));
    int val = Math.max(1, (int) Math.round(n * 0.2));
    Map<Integer, String> byIndex = new java.util.TreeMap<>();
    for (int k = 0; k < n; k++) {
      String split = k < n - val - test ? "train" : k < n - test ? "val" : "test";
      byIndex.put(order.get(k), split);
    }
    Map<String, String> out = new LinkedHashMap<>();
    byIndex.forEach((i, split) -> out.put(String.format("s%02d", i), split));
    return out;
  }

  private static void planSeries(WorldSpec spec, int s, String sid, SeriesStyle style,
      List<CharacterDesign> cast, List<Panel> panels, List<Sequence> sequences,
      Map<String, Scene> scenes) {
    SplittableRandom layout = new SplittableRandom(seed(spec.seed(), LAYOUT, s));
    int n = spec.sequencesPerSeries();
    int pairs = Math.min(n / 2, (int) Math.round(spec.overlapRate() * n / 2.0));
    // a page per group: an overlapping pair shares the middle two of six panels
    List<Boolean> groups = new ArrayList<>();
    for (int i = 0; i < n - 2 * pairs; i++) {
      groups.add(false);
    }
    for (int i = 0; i < pairs; i++) {
      groups.add(true);
    }
    for (int i = groups.size() - 1; i > 0; i--) {
      Collections.swap(groups, i, layout.nextInt(i + 1));
    }
    int distractors = 0;
    for (int page = 0; page < groups.size(); page++) {
      boolean pair = groups.get(page);
      int count = pair ? 6 : 4;
      String pid = String.format("p%02d", page);
      // the page's scene cast: 2-4 recurring characters (fewer if the cast is small)
      List<CharacterDesign> shuffled = new ArrayList<>(cast);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        Collections.swap(shuffled, i, layout.nextInt(i + 1));
      }
      int sceneSize = Math.min(cast.size(), 2 + layout.nextInt(3));
      List<CharacterDesign> sceneCast = shuffled.subList(0, sceneSize);
      List<Panel> pagePanels = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        String panelId = sid + "_" + pid + "_" + k;
        SplittableRandom r = new SplittableRandom(seed(spec.seed(), PANEL, s, page, k));
        List<CharacterDesign> who = new ArrayList<>();
        int mains = 1 + r.nextInt(Math.min(3, sceneCast.size()));
        List<CharacterDesign> pool = new ArrayList<>(sceneCast);
        for (int i = 0; i < mains; i++) {
          who.add(pool.remove(r.nextInt(pool.size())));
        }
        if (r.nextDouble() < spec.distractorRate() && who.size() < 4) {
          String did = String.format("%s_d%02d", sid, distractors++);
          who.add(Designs.character(did, style, r));
        }
        PanelPlanner planner = new PanelPlanner(spec, style, r);
        PanelPlanner.Result res = planner.plan(panelId, who, cast);
        long renderSeed = seed(spec.seed(), RENDER, s, page, k);
        Panel panel = new Panel(panelId, sid, pid, k, sid + "/" + panelId + ".png",
            spec.panelWidth(), spec.panelHeight(), res.grayscale(), res.instances());
        scenes.put(panelId, new Scene(style, renderSeed, res.figures(), res.props(),
            res.bubbles(), res.tint(), res.grayscale()));
        panels.add(panel);
        pagePanels.add(panel);
      }
      sequences.add(sequence(sid, pagePanels.subList(0, 4)));
      if (pair) {
        sequences.add(sequence(sid, pagePanels.subList(2, 6)));
      }
    }
  }

  private static Sequence sequence(String sid, List<Panel> window) {
    Map<String, String> labelOfIdentity = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (Panel p : window) {
      for (Instance inst : p.instances()) {
        String label = labelOfIdentity.computeIfAbsent(
            inst.identity(), k -> label(labelOfIdentity.size()));
        labels.put(inst.externalId(), label);
      }
    }
    List<String> ids = window.stream().map(Panel::externalId).toList();
    return new Sequence(String.join("+", ids), sid, ids, labels);
  }

  /** A, B, ..., Z, AA, AB, ... */
  static String label(int i) {
    StringBuilder sb = new StringBuilder();
    int n = i;
    do {
      sb.insert(0, (char) ('A' + n % 26));
      n = n / 26 - 1;
    } while (n >= 0);
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------
  // files

  /**
   * Draws the world of {@code spec} into {@code dir}: {@code <series>/<panel>.png} and the manifest
   * {@value #MANIFEST}. Written to a temporary sibling directory, then renamed into place. When
   * {@code dir} already holds the complete world of this spec, nothing is written.
   *
   * @throws ReidInputException when {@code dir} exists and holds anything else
   */
  public static SyntheticWorld generate(WorldSpec spec, Path dir) {
    SyntheticWorld world = plan(spec);
    Path target = dir.toAbsolutePath().normalize();
    if (world.isCompleteIn(target)) {
      return world;
    }
    WorldDirectory.publish(target, "synthetic world", spec.hash(), tmp -> {
      world.writeTo(tmp);
      return world;
    });
    return world;
  }

  /** True when {@code dir} holds this world's manifest and every panel image. */
  public boolean isCompleteIn(Path dir) {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return false;
    }
    try {
      if (!Files.readString(manifest, StandardCharsets.UTF_8).equals(manifest())) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    return panels.stream().allMatch(p -> Files.isRegularFile(dir.resolve(p.file())));
  }

  private void writeTo(Path dir) throws IOException {
    for (Panel p : panels) {
      Files.createDirectories(dir.resolve(p.file()).getParent());
    }
    // panels are independent (own seeds), so drawing them in parallel keeps the bytes identical
    try {
      panels.parallelStream().forEach(p -> {
        BufferedImage img = new PanelRenderer().render(p, scenes.get(p.externalId()));
        try (OutputStream out = new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(p.file())));
            ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
          // an in-memory cache: ImageIO's default disk cache is slow for many small files
          if (!ImageIO.write(img, "png", ios)) {
            throw new IOException("no PNG writer available");
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Files.writeString(dir.resolve(MANIFEST), manifest(), StandardCharsets.UTF_8);
  }

  /** Draws one panel (for previews and tests); the same pixels as the written PNG. */
  public BufferedImage render(Panel panel) {
    return new PanelRenderer().render(panel, scenes.get(panel.externalId()));
  }

  /** The manifest text: spec, panels with boxes, scores and truth, sequences, splits (JSON). */
  public String manifest() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"hash\": ").append(q(spec.hash())).append(",\n");
    sb.append("  \"spec\": ").append(q(spec.canonical())).append(",\n");
    sb.append("  \"splits\": {");
    boolean first = true;
    for (Map.Entry<String, String> e : splitOfSeries.entrySet()) {
      sb.append(first ? "" : ", ").append(q(e.getKey())).append(": ").append(q(e.getValue()));
      first = false;
    }
    sb.append("},\n  \"panels\": [\n");
    for (int i = 0; i < panels.size(); i++) {
      Panel p = panels.get(i);
      sb.append("    {\"id\": ").append(q(p.externalId()))
          .append(", \"series\": ").append(q(p.series()))
          .append(", \"page\": ").append(q(p.page()))
          .append(", \"index\": ").append(p.index())
          .append(", \"file\": ").append(q(p.file()))
          .append(", \"width\": ").append(p.width())
          .append(", \"height\": ").append(p.height())
          .append(", \"grayscale\": ").append(p.grayscale())
          .append(", \"instances\": [");
      for (int j = 0; j < p.instances().size(); j++) {
        Instance in = p.instances().get(j);
        sb.append(j == 0 ? "\n" : ",\n")
            .append("      {\"id\": ").append(q(in.externalId()))
            .append(", \"identity\": ").append(q(in.identity()))
            .append(", \"distractor\": ").append(in.distractor())
            .append(", \"face\": ").append(box(in.face(), in.faceScore()))
            .append(", \"body\": ").append(box(in.body(), in.bodyScore()))
            .append('}');
      }
      sb.append("]}").append(i + 1 < panels.size() ? ",\n" : "\n");
    }
    sb.append("  ],\n  \"sequences\": [\n");
    for (int i = 0; i < sequences.size(); i++) {
      Sequence s = sequences.get(i);
      sb.append("    {\"id\": ").append(q(s.externalId()))
          .append(", \"series\": ").append(q(s.series()))
          .append(", \"split\": ").append(q(splitOfSeries.get(s.series())))
          .append(", \"labels\": {");
      boolean f = true;
      for (Map.Entry<String, String> e : s.labels().entrySet()) {
        sb.append(f ? "" : ", ").append(q(e.getKey())).append(": ").append(q(e.getValue()));
        f = false;
      }
      sb.append("}}").append(i + 1 < sequences.size() ? ",\n" : "\n");
    }
    sb.append("  ]\n}\n");
    return sb.toString();
  }

  private static String box(Box b, double score) {
    if (b == null) {
      return "null";
    }
    return String.format(Locale.ROOT, "[%.2f, %.2f, %.2f, %.2f, %.4f]",
        b.x1(), b.y1(), b.x2(), b.y2(), score);
  }

  private static String q(String s) {
    // ids and hashes are plain ASCII without quotes or backslashes
    return "\"" + s + "\"";
  }
}
