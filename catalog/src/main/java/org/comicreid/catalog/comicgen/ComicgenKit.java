package org.comicreid.catalog.comicgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.comicreid.core.ReidInputException;

/**
 * The installed npm package {@code comicgen} ({@value #VERSION}; code MIT, character art CC0): its
 * comic characters, each drawn as a face ("emotion") SVG over or under a body ("pose") SVG on one
 * shared canvas, in one or more angles; and the "aavatar" kit, whose head, expression and attire
 * layers combine into many more people.
 *
 * <p>The package is read the way its own {@code src/buildchars.js} indexes it (that script runs
 * as comicgen's postinstall, which our install skips): every folder {@code svg/<name>/} with an
 * {@code index.svg} and an {@code index.json} is a template; the {@code <comic name="...svg">}
 * elements of its {@code index.svg} (after resolving {@code <?import "..."?>}) are its layer
 * patterns, in drawing order. A character is a template whose patterns are exactly an emotion and
 * a pose ({@code [{{angle}}/]emotion/{{emotion}}} and {@code [{{angle}}/]pose/{{pose}}}); its
 * emotions and poses are the SVG files in those folders. The canvas size and colour slots come
 * from the {@code index.json} chain ({@code defaults.width/height} and {@code replace}, following
 * {@code import}).
 *
 * <p>A character named {@code <other>nuova} or {@code <other>nuovo} is the coloured edition of the
 * black-and-white character {@code <other>} (same drawings, fills added): see
 * {@link Character#variantOf()}.
 */
public final class ComicgenKit {

  /** The comicgen version the generator is written and pinned for (catalog/npm/package.json). */
  public static final String VERSION = "1.9.9";

  /** System property naming the installed package directory (set by the catalog's surefire). */
  public static final String DIR_PROPERTY = "reid.comicgen.dir";

  /** How to install the package, for error messages. */
  public static final String INSTALL_HINT =
      "install it with `npm ci --prefix catalog/npm` from the repository root, or run `mvn -B verify`"
          + " (the catalog build runs npm ci when catalog/npm/node_modules/comicgen is missing)";

  /** Name of the single angle of characters drawn from one view only. */
  public static final String DEFAULT_ANGLE = "default";

  /** One view of a character: its face and body files by emotion and pose name (sorted). */
  public record Angle(String name, Map<String, Path> emotions, Map<String, Path> poses) {
    public Angle {
      emotions = Collections.unmodifiableMap(new TreeMap<>(emotions));
      poses = Collections.unmodifiableMap(new TreeMap<>(poses));
    }
  }

  /**
   * A comicgen character.
   *
   * @param canvasWidth width of the canvas both layers are drawn on (from index.json)
   * @param faceFirst true when the face layer is drawn first (under the body), as index.svg does
   * @param angles the views that have at least one emotion and one pose, sorted by name
   * @param variantOf the black-and-white character this is the coloured edition of, or null
   */
  public record Character(
      String name,
      int canvasWidth,
      int canvasHeight,
      boolean faceFirst,
      List<Angle> angles,
      String variantOf) {
    public Character {
      angles = List.copyOf(angles);
    }

    public Optional<Angle> angle(String angleName) {
      return angles.stream().filter(a -> a.name().equals(angleName)).findFirst();
    }
  }

  /**
   * A colour slot of the aavatar kit: every {@code path} whose {@code fill} is one of
   * {@code fills} (compared ignoring case, as comicgen's {@code path[fill='…' i]} selectors do)
   * takes the slot's colour.
   */
  public record ColourSlot(String name, List<String> fills, String defaultColour) {
    public ColourSlot {
      fills = List.copyOf(fills);
    }
  }

  /**
   * The aavatar kit. A person is a head ({@code gender/<gender>/<head>.svg}: face shape and hair),
   * an expression in one face style ({@code expression/<style>/<emotion>.svg}) and a pose in one
   * attire ({@code pose/<attire>/<pose>.svg}), drawn in that order on one canvas, recoloured by
   * {@link #slots()}.
   *
   * @param heads gender to head name to file
   * @param expressions face style to emotion to file
   * @param attires attire to pose to file
   */
  public record Aavatar(
      int canvasWidth,
      int canvasHeight,
      Map<String, Map<String, Path>> heads,
      Map<String, Map<String, Path>> expressions,
      Map<String, Map<String, Path>> attires,
      List<ColourSlot> slots) {
    public Aavatar {
      heads = sortedCopy(heads);
      expressions = sortedCopy(expressions);
      attires = sortedCopy(attires);
      slots = List.copyOf(slots);
    }

    public Optional<ColourSlot> slot(String name) {
      return slots.stream().filter(s -> s.name().equals(name)).findFirst();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMIC_NAME = Pattern.compile("<comic\\s+name=\"([^\"]+)\"");
  private static final Pattern IMPORT = Pattern.compile("<\\?import\\s+[\"']?([^\"'?]+)[\"']?\\s*\\?>");
  private static final Pattern FILL_SELECTOR =
      Pattern.compile("path\\[fill=['\"](#[0-9a-fA-F]+)['\"]\\s*i?\\]");

  private final Path dir;
  private final String version;
  private final List<Character> characters;
  private final Aavatar aavatar;

  private ComicgenKit(Path dir, String version, List<Character> characters, Aavatar aavatar) {
    this.dir = dir;
    this.version = version;
    this.characters = List.copyOf(characters);
    this.aavatar = aavatar;
  }

  /**
   * Reads the package installed at {@code dir} (the folder holding comicgen's package.json, e.g.
   * {@code catalog/npm/node_modules/comicgen}).
   *
   * @throws ReidInputException when it is missing, another version, or its index is unreadable
   */
  public static ComicgenKit open(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    Path packageJson = root.resolve("package.json");
    if (!Files.isRegularFile(packageJson)) {
      throw new ReidInputException("comicgen package not found at " + root + " (no package.json): "
          + INSTALL_HINT);
    }
    JsonNode pkg = read(packageJson);
    String name = pkg.path("name").asText("");
    String version = pkg.path("version").asText("");
    if (!name.equals("comicgen")) {
      throw new ReidInputException(packageJson + ": expected the npm package comicgen, found '"
          + name + "': " + INSTALL_HINT);
    }
    if (!version.equals(VERSION)) {
      throw new ReidInputException(packageJson + ": expected comicgen " + VERSION + ", found "
          + version + ": " + INSTALL_HINT);
    }
    Path svg = root.resolve("svg");
    if (!Files.isDirectory(svg)) {
      throw new ReidInputException("comicgen " + version + " at " + root
          + " has no svg folder: reinstall it; " + INSTALL_HINT);
    }
    List<Character> characters = new ArrayList<>();
    for (String template : templates(svg)) {
      character(svg, template).ifPresent(characters::add);
    }
    List<Character> withVariants = new ArrayList<>();
    for (Character c : characters) {
      String base = null;
      for (String suffix : List.of("nuova", "nuovo")) {
        if (c.name().endsWith(suffix)) {
          String prefix = c.name().substring(0, c.name().length() - suffix.length());
          if (characters.stream().anyMatch(o -> o.name().equals(prefix))) {
            base = prefix;
          }
        }
      }
      withVariants.add(new Character(c.name(), c.canvasWidth(), c.canvasHeight(), c.faceFirst(),
          c.angles(), base));
    }
    if (withVariants.isEmpty()) {
      throw new ReidInputException(svg + " holds no character with emotion and pose layers");
    }
    return new ComicgenKit(root, version, withVariants, aavatar(svg));
  }

  /**
   * Reads the package named by the system property {@value #DIR_PROPERTY}.
   *
   * @throws ReidInputException when the property is not set or the package is not there
   */
  public static ComicgenKit fromSystemProperty() {
    String value = System.getProperty(DIR_PROPERTY);
    if (value == null || value.isBlank()) {
      throw new ReidInputException("system property " + DIR_PROPERTY
          + " is not set (it names the installed comicgen package, normally"
          + " catalog/npm/node_modules/comicgen): " + INSTALL_HINT);
    }
    return open(Path.of(value));
  }

  /** The package directory. */
  public Path dir() {
    return dir;
  }

  /** The installed comicgen version. */
  public String version() {
    return version;
  }

  /** Every drawable character, black-and-white editions and their coloured editions, by name. */
  public List<Character> characters() {
    return characters;
  }

  /** The characters that are not the coloured edition of another one, by name. */
  public List<Character> baseCharacters() {
    return characters.stream().filter(c -> c.variantOf() == null).toList();
  }

  /** The character called {@code name}. */
  public Optional<Character> character(String name) {
    return characters.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Coloured editions by the name of their black-and-white character (sorted). */
  public Map<String, List<String>> colourVariants() {
    Map<String, List<String>> out = new TreeMap<>();
    for (Character c : characters) {
      if (c.variantOf() != null) {
        out.computeIfAbsent(c.variantOf(), k -> new ArrayList<>()).add(c.name());
      }
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  public Aavatar aavatar() {
    return aavatar;
  }

  // ------------------------------------------------------------------------------------------

  /** The folders under {@code svg} with an index.svg and an index.json, sorted. */
  private static List<String> templates(Path svg) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> list = Files.list(svg)) {
      list.filter(d -> Files.isRegularFile(d.resolve("index.svg"))
              && Files.isRegularFile(d.resolve("index.json")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .forEach(out::add);
    } catch (IOException e) {
      throw new ReidInputException("cannot list " + svg + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * The layer patterns of a template, in drawing order: the {@code name} of each
   * {@code <comic>} element of its index.svg that names an SVG file, without the leading
   * {@code {{name}}/} and the {@code .svg} (as buildchars.js lists them).
   */
  static List<String> patterns(Path indexSvg) {
    List<String> out = new ArrayList<>();
    Matcher m = COMIC_NAME.matcher(template(indexSvg, 0));
    while (m.find()) {
      String name = m.group(1).replace("{{name}}/", "");
      if (name.toLowerCase(Locale.ROOT).endsWith(".svg")) {
        out.add(name.substring(0, name.length() - ".svg".length()));
      }
    }
    return out;
  }

  /** The text of an index.svg with its {@code <?import "..."?>} replaced, as comicgen does. */
  private static String template(Path file, int depth) {
    if (depth > 8) {
      throw new ReidInputException(file + ": <?import?> nested too deep");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReidInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Matcher m = IMPORT.matcher(text);
    if (!m.find()) {
      return text;
    }
    Path imported = file.getParent().resolve(m.group(1)).normalize();
    return text.substring(0, m.start()) + template(imported, depth + 1) + text.substring(m.end());
  }

  private static Optional<Character> character(Path svg, String name) {
    Path charDir = svg.resolve(name);
    List<String> patterns = patterns(charDir.resolve("index.svg"));
    if (patterns.size() != 2) {
      return Optional.empty();
    }
    boolean angled = patterns.stream().allMatch(p -> p.startsWith("{{angle}}/"));
    List<String> bare = patterns.stream()
        .map(p -> p.startsWith("{{angle}}/") ? p.substring("{{angle}}/".length()) : p)
        .toList();
    int emotionAt = bare.indexOf("emotion/{{emotion}}");
    int poseAt = bare.indexOf("pose/{{pose}}");
    if (emotionAt < 0 || poseAt < 0) {
      return Optional.empty();
    }
    List<Angle> angles = new ArrayList<>();
    if (angled) {
      for (String angle : subfolders(charDir)) {
        angleOf(angle, charDir.resolve(angle)).ifPresent(angles::add);
      }
    } else {
      angleOf(DEFAULT_ANGLE, charDir).ifPresent(angles::add);
    }
    if (angles.isEmpty()) {
      return Optional.empty();
    }
    int[] canvas = canvas(charDir.resolve("index.json"));
    return Optional.of(
        new Character(name, canvas[0], canvas[1], emotionAt < poseAt, angles, null));
  }

  private static Optional<Angle> angleOf(String name, Path dir) {
    Map<String, Path> emotions = svgFiles(dir.resolve("emotion"));
    Map<String, Path> poses = svgFiles(dir.resolve("pose"));
    if (emotions.isEmpty() || poses.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Angle(name, emotions, poses));
  }

  /** The sub-folders of {@code dir}, sorted by name. */
  private static List<String> subfolders(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
          .toList();
    } catch (IOException e) {
      throw new ReidInputException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The SVG files directly in {@code dir} by name without {@code .svg} (none if no such dir). */
  private static Map<String, Path> svgFiles(Path dir) {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(Files::isRegularFile).forEach(f -> {
        String file = f.getFileName().toString();
        if (file.endsWith(".svg") && !file.startsWith("index.")) {
          out.put(file.substring(0, file.length() - ".svg".length()), f);
        }
      });
    } catch (IOException e) {
      throw new ReidInputException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** For each sub-folder of {@code dir}: its SVG files (folders without any are left out). */
  private static Map<String, Map<String, Path>> groups(Path dir) {
    Map<String, Map<String, Path>> out = new TreeMap<>();
    for (String group : subfolders(dir)) {
      Map<String, Path> files = svgFiles(dir.resolve(group));
      if (!files.isEmpty()) {
        out.put(group, files);
      }
    }
    return out;
  }

  private static Aavatar aavatar(Path svg) {
    Path dir = svg.resolve("aavatar");
    List<String> expected = List.of("gender/{{gender}}/{{character}}",
        "expression/{{facestyle}}/{{emotion}}", "pose/{{attire}}/{{pose}}");
    if (!Files.isRegularFile(dir.resolve("index.svg"))
        || !patterns(dir.resolve("index.svg")).equals(expected)) {
      throw new ReidInputException(dir + ": expected the aavatar kit with the layers " + expected);
    }
    Map<String, Map<String, Path>> heads = groups(dir.resolve("gender"));
    Map<String, Map<String, Path>> expressions = groups(dir.resolve("expression"));
    Map<String, Map<String, Path>> attires = groups(dir.resolve("pose"));
    if (heads.isEmpty() || expressions.isEmpty() || attires.isEmpty()) {
      throw new ReidInputException(dir + ": the aavatar kit lacks heads, expressions or poses");
    }
    List<ColourSlot> slots = new ArrayList<>();
    JsonNode replace = merged(dir.resolve("index.json")).path("replace");
    for (Iterator<String> it = replace.fieldNames(); it.hasNext(); ) {
      String slot = it.next();
      JsonNode r = replace.get(slot);
      if (!r.path("type").asText().equals("color") || !r.path("attr").asText().equals("fill")) {
        continue;
      }
      List<String> fills = new ArrayList<>();
      Matcher m = FILL_SELECTOR.matcher(r.path("selector").asText());
      while (m.find()) {
        fills.add(m.group(1).toLowerCase(Locale.ROOT));
      }
      if (!fills.isEmpty()) {
        slots.add(new ColourSlot(slot, fills, r.path("default").asText(fills.get(0))));
      }
    }
    int[] canvas = canvas(dir.resolve("index.json"));
    return new Aavatar(canvas[0], canvas[1], heads, expressions, attires, slots);
  }

  /** {@code defaults.width/height} of an index.json chain; 500x600 if none. */
  private static int[] canvas(Path indexJson) {
    JsonNode defaults = merged(indexJson).path("defaults");
    int[] out = {500, 600};
    if (defaults.path("width").isNumber() && defaults.path("height").isNumber()) {
      out[0] = defaults.path("width").asInt();
      out[1] = defaults.path("height").asInt();
    }
    if (out[0] <= 0 || out[1] <= 0) {
      throw new ReidInputException(indexJson + ": canvas size must be positive");
    }
    return out;
  }

  /**
   * An index.json merged over what it imports (comicgen's get_config, for one file): objects are
   * merged key by key, the importing file wins.
   */
  private static JsonNode merged(Path indexJson) {
    List<Path> chain = new ArrayList<>();
    Path p = indexJson;
    while (p != null && Files.isRegularFile(p) && !chain.contains(p) && chain.size() < 8) {
      chain.add(0, p);
      String imp = read(p).path("import").asText(null);
      p = imp == null ? null : p.getParent().resolve(imp).normalize();
    }
    ObjectNode out = JSON.createObjectNode();
    for (Path file : chain) { // the imported file first
      merge(out, read(file));
    }
    out.remove("import");
    return out;
  }

  private static void merge(ObjectNode into, JsonNode from) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode old = into.get(e.getKey());
      if (old instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ReidInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static <V> Map<String, Map<String, V>> sortedCopy(Map<String, Map<String, V>> in) {
    Map<String, Map<String, V>> out = new LinkedHashMap<>();
    new TreeMap<>(in).forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
    return Collections.unmodifiableMap(out);
  }
}
