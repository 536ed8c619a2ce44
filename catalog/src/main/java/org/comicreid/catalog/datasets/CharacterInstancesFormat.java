package org.comicreid.catalog.datasets;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.core.ReidInputException;
import org.hibernate.Session;

/**
 * The {@code character-instances} format: detector boxes on panel images, the paper's Table 6 as
 * CSV (plus the image), or DASS's per-panel JSON.
 *
 * <p>Import streams the file twice and never holds its rows. The first pass validates every row
 * and keeps only small facts: one record per panel (its image, pixel size, first line) and one
 * 16-byte map entry per box (for duplicate indices) and per {@code char_index}; the rows it
 * refuses are remembered by their ordinal. The second pass, inside the import transaction, reads
 * the file again and writes the accepted rows with JDBC batches ({@link BulkWriter}); the
 * character instances are written last, once both of their boxes have ids.
 *
 * <p>Export writes {@value #CSV_FILE} (Table 6 with {@code image_path}) and places each panel
 * image under {@code images/<series>/<page>_<panel>.<ext>}, hard-linked where the file system
 * allows (a copy otherwise), so the exported folder is self-contained without copying a million
 * panel images.
 */
final class CharacterInstancesFormat implements DatasetFormat {

  static final String NAME = "character-instances";
  /** The CSV an export writes, and the file an import of a folder reads. */
  static final String CSV_FILE = "character_instances.csv";
  static final List<String> COLUMNS = List.of("char_index", "type", "index", "x_0", "y_0", "x_1",
      "y_1", "score", "series_id", "page_id", "image_path");
  static final List<String> JSON_KEYS = List.of("series_id", "page_id", "image", "faces",
      "bodies");
  /** Boxes may stick out of their image by this many pixels (detector rounding). */
  static final double TOLERANCE = 1.0;
  private static final int MAX_INDEX = (1 << 30) - 1;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Prepared prepare(Path input, ImportOptions options, Problems problems) {
    if (options.identityScope() != null) {
      throw new ReidInputException("format " + NAME + " has no identity labels: do not give an"
          + " identity scope");
    }
    Path file = input;
    if (Files.isDirectory(input)) {
      file = input.resolve(CSV_FILE);
      if (!Files.isRegularFile(file)) {
        throw new FatalProblem(input.toString(), 0, "folder has no " + CSV_FILE
            + ": give the CSV or JSON file itself");
      }
    }
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    Source source;
    if (lower.endsWith(".csv")) {
      source = new CsvSource(file);
    } else if (lower.endsWith(".json")) {
      source = new JsonSource(file);
    } else {
      throw new FatalProblem(file.toString(), 0, "expected a .csv or .json file");
    }
    Scan scan = new Scan(source, problems);
    source.read(scan);
    scan.finish();
    return scan;
  }

  // ---------------------------------------------------------------------------------------------
  // sources: CSV and JSON rows, parsed the same way in both passes

  /** What a source hands its rows to: the validating first pass, or the writing second pass. */
  interface Sink {
    /** A row whose fields cannot be parsed (reported in the first pass only). */
    void problem(long line, String message);

    /**
     * The panel of the next rows; null when it is refused. {@code wholeObject}: the panel is a
     * JSON object, accepted as soon as it is valid, with or without boxes; a CSV row's panel is
     * accepted with the row's box.
     */
    PanelFacts panel(long line, String series, String pageId, String image, boolean wholeObject);

    /** One box on {@code panel}; {@code charIndex} is -1 when the box belongs to no instance. */
    void box(long line, PanelFacts panel, DetectionKind kind, int index, double x1, double y1,
        double x2, double y2, double score, int charIndex);
  }

  /** A file of rows. */
  abstract static class Source {
    final Path path;
    final String file;
    final Path root;
    private long size;
    private FileTime modified;

    Source(Path path) {
      this.path = path;
      this.file = path.toString();
      this.root = path.getParent();
    }

    abstract void read(Sink sink);

    /** Remembers the file's size and time, to see whether it changes between the passes. */
    void stamp() {
      try {
        size = Files.size(path);
        modified = Files.getLastModifiedTime(path);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }

    void checkUnchanged() {
      try {
        if (Files.size(path) != size || !Files.getLastModifiedTime(path).equals(modified)) {
          throw new ReidInputException(file + " changed while it was being imported: import it"
              + " again");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
  }

  /** Table 6 CSV. */
  static final class CsvSource extends Source {
    CsvSource(Path path) {
      super(path);
    }

    @Override
    void read(Sink sink) {
      stamp();
      try (CsvReader csv = new CsvReader(Files.newBufferedReader(path, StandardCharsets.UTF_8))) {
        CsvReader.Row header = csv.next();
        if (header == null) {
          throw new FatalProblem(file, 1, "empty file: expected the header "
              + String.join(",", COLUMNS));
        }
        int[] col = columns(header);
        int n = header.fields().length;
        CsvReader.Row row;
        while ((row = csv.next()) != null) {
          long line = row.line();
          if (row.error() != null) {
            sink.problem(line, "malformed CSV: " + row.error());
            continue;
          }
          String[] f = row.fields();
          if (f.length != n) {
            sink.problem(line, "has " + f.length + " fields, the header has " + n);
            continue;
          }
          int errors = 0;
          int charIndex = index(sink, line, "char_index", f[col[0]]);
          DetectionKind kind = kind(f[col[1]]);
          if (kind == null) {
            sink.problem(line, "type '" + f[col[1]] + "' is not face or body");
            errors++;
          }
          int index = index(sink, line, "index", f[col[2]]);
          double x1 = number(sink, line, "x_0", f[col[3]]);
          double y1 = number(sink, line, "y_0", f[col[4]]);
          double x2 = number(sink, line, "x_1", f[col[5]]);
          double y2 = number(sink, line, "y_1", f[col[6]]);
          double score = number(sink, line, "score", f[col[7]]);
          String series = f[col[8]].strip();
          if (series.isEmpty()) {
            sink.problem(line, "series_id is empty");
            errors++;
          }
          String pageId = f[col[9]].strip();
          String image = col[10] < 0 ? "" : f[col[10]].strip();
          if (errors > 0 || charIndex < 0 || index < 0 || Double.isNaN(x1) || Double.isNaN(y1)
              || Double.isNaN(x2) || Double.isNaN(y2) || Double.isNaN(score)) {
            continue;
          }
          PanelFacts p = sink.panel(line, series, pageId, image, false);
          if (p != null) {
            sink.box(line, p, kind, index, x1, y1, x2, y2, score, charIndex);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }

    /** Column positions in the order of {@link #COLUMNS}; -1 for a missing image_path. */
    private int[] columns(CsvReader.Row header) {
      return CsvReader.columnPositions(file, header, COLUMNS, COLUMNS.size() - 1,
          String.join(",", COLUMNS) + ", image_path optional");
    }
  }

  /** DASS per-panel JSON: {@code [{series_id, page_id, image, faces: [[x1,y1,x2,y2,score]], bodies}]}. */
  static final class JsonSource extends Source {
    JsonSource(Path path) {
      super(path);
    }

    @Override
    void read(Sink sink) {
      stamp();
      try (JsonElements json = new JsonElements(path, file)) {
        JsonElements.Node o;
        while ((o = json.next()) != null) {
          panel(sink, o);
        }
      }
    }

    private void panel(Sink sink, JsonElements.Node o) {
      long line = o.line();
      if (!o.isObject()) {
        sink.problem(line, "expected a panel object {series_id, page_id, image, faces, bodies},"
            + " found " + o.kind());
        return;
      }
      Map<String, JsonElements.Node> f = o.fields();
      int errors = 0;
      for (String key : f.keySet()) {
        if (!JSON_KEYS.contains(key)) {
          sink.problem(line, "unknown key '" + key + "' (expected " + String.join(", ", JSON_KEYS)
              + ")");
          errors++;
        }
      }
      String series = text(sink, line, f, "series_id", true);
      String pageId = text(sink, line, f, "page_id", true);
      String image = text(sink, line, f, "image", false);
      List<JsonElements.Node> faces = boxes(sink, line, f, "faces");
      List<JsonElements.Node> bodies = boxes(sink, line, f, "bodies");
      if (errors > 0 || series == null || pageId == null || image == null || faces == null
          || bodies == null) {
        return;
      }
      PanelFacts p = sink.panel(line, series, pageId, image, true);
      if (p == null) {
        return;
      }
      box(sink, p, faces, DetectionKind.FACE);
      box(sink, p, bodies, DetectionKind.BODY);
    }

    private static void box(Sink sink, PanelFacts p, List<JsonElements.Node> boxes,
        DetectionKind kind) {
      for (int i = 0; i < boxes.size(); i++) {
        JsonElements.Node b = boxes.get(i);
        if (!b.isArray() || (b.elements().size() != 5 && b.elements().size() != 4)
            || !b.elements().stream().allMatch(JsonElements.Node::isNumber)) {
          sink.problem(b.line(), kind.name().toLowerCase(Locale.ROOT) + " " + i
              + " is not [x1, y1, x2, y2, score]");
          continue;
        }
        List<JsonElements.Node> v = b.elements();
        double score = v.size() == 5 ? v.get(4).number() : 1.0;
        sink.box(b.line(), p, kind, i, v.get(0).number(), v.get(1).number(), v.get(2).number(),
            v.get(3).number(), score, -1);
      }
    }

    private static String text(Sink sink, long line, Map<String, JsonElements.Node> f,
        String key, boolean required) {
      JsonElements.Node n = f.get(key);
      if (n == null) {
        if (required) {
          sink.problem(line, "missing " + key);
          return null;
        }
        return "";
      }
      String s = n.text();
      if (s == null || (required && s.isBlank())) {
        sink.problem(n.line(), key + " must be a non-empty string, found " + n.kind());
        return null;
      }
      return s.strip();
    }

    private static List<JsonElements.Node> boxes(Sink sink, long line,
        Map<String, JsonElements.Node> f, String key) {
      JsonElements.Node n = f.get(key);
      if (n == null) {
        return List.of();
      }
      if (!n.isArray()) {
        sink.problem(n.line(), key + " must be an array of [x1, y1, x2, y2, score], found "
            + n.kind());
        return null;
      }
      return n.elements();
    }
  }

  private static DetectionKind kind(String s) {
    return switch (s.strip()) {
      case "face" -> DetectionKind.FACE;
      case "body" -> DetectionKind.BODY;
      default -> null;
    };
  }

  /** A non-negative integer field, or -1 (reported). */
  private static int index(Sink sink, long line, String name, String s) {
    try {
      int v = Integer.parseInt(s.strip());
      if (v >= 0 && v <= MAX_INDEX) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    sink.problem(line, name + " '" + s + "' is not an integer in [0, " + MAX_INDEX + "]");
    return -1;
  }

  /** A finite number field, or NaN (reported). */
  private static double number(Sink sink, long line, String name, String s) {
    try {
      double v = Double.parseDouble(s.strip());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    sink.problem(line, name + " '" + s + "' is not a number");
    return Double.NaN;
  }

  /**
   * {@code <page>_<panel>} or a bare {@code <page>} (panel 0) as {page, panel index}, or null.
   */
  static String[] pageAndPanel(String pageId) {
    int us = pageId.indexOf('_');
    if (us < 0) {
      return pageId.isEmpty() ? null : new String[] {pageId, "0"};
    }
    String page = pageId.substring(0, us);
    String panel = pageId.substring(us + 1);
    if (page.isEmpty() || panel.isEmpty() || panel.indexOf('_') >= 0) {
      return null;
    }
    for (int i = 0; i < panel.length(); i++) {
      if (panel.charAt(i) < '0' || panel.charAt(i) > '9') {
        return null;
      }
    }
    try {
      return new String[] {page, Integer.toString(Integer.parseInt(panel))};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the first pass: validation, small facts, content hash

  /** What is kept of one panel between the passes. */
  static final class PanelFacts {
    final int ordinal;
    final String series;
    final String page;
    final int index;
    /** {@code <series>_<page>_<panel>}, the panel id the sequences format uses. */
    final String id;
    ImageHeaders.Info image;
    long firstLine;
    boolean used;
    long dbId;

    PanelFacts(int ordinal, String series, String page, int index) {
      this.ordinal = ordinal;
      this.series = series;
      this.page = page;
      this.index = index;
      this.id = series + "_" + page + "_" + index;
    }
  }

  /** The first pass, and what it leaves for the second. */
  static final class Scan implements Sink, Prepared {
    private final Source source;
    private final Problems problems;
    private final ImageHeaders images = new ImageHeaders();
    /** Raw image name (or default-image key) to its {@link ImageHeaders.Info} or problem text. */
    private final Map<String, Object> imageNames = new HashMap<>();
    private final Map<String, PanelFacts> panels = new HashMap<>();
    private final List<PanelFacts> panelList = new ArrayList<>();
    private final List<PanelFacts> used = new ArrayList<>();
    /** (panel, kind, index) and (panel, char kind, char_index) to the line that took them. */
    private final LongIntHashMap taken = new LongIntHashMap();
    /** (panel, char_index) to instance ordinal. */
    private final LongIntHashMap instances = new LongIntHashMap();
    private long[] instanceKeys = new long[1024];
    private final BitSet refused = new BitSet();
    private final ContentHasher hasher = new ContentHasher();
    private int ordinal;
    private ImageHeaders.Info pending;
    private long detections;
    private String hash;

    Scan(Source source, Problems problems) {
      this.source = source;
      this.problems = problems;
    }

    @Override
    public void problem(long line, String message) {
      problems.add(source.file, line, message);
    }

    @Override
    public PanelFacts panel(long line, String series, String pageId, String image,
        boolean wholeObject) {
      int ord = ordinal++;
      int before = problems.size();
      String[] pp = pageAndPanel(pageId);
      if (pp == null) {
        problem(line, "page_id '" + pageId + "' is not <page>_<panel> or <page>");
        refused.set(ord);
        return null;
      }
      PanelFacts p = panels.computeIfAbsent(series + '\u0000' + pp[0] + '\u0000' + pp[1],
          k -> {
            PanelFacts f = new PanelFacts(panelList.size(), series, pp[0], Integer.parseInt(pp[1]));
            panelList.add(f);
            return f;
          });
      ImageHeaders.Info img = image(line, series, pageId, image);
      if (img != null && p.image != null && !p.image.path().equals(img.path())) {
        problem(line, "panel " + p.id + " is on image " + p.image.path() + " (line "
            + p.firstLine + "), not on " + img.path());
      }
      if (wholeObject && p.used) {
        problem(line, "panel " + p.id + " appears twice (first at line " + p.firstLine + ")");
      }
      if (problems.size() > before) {
        refused.set(ord);
        return null;
      }
      pending = img;
      if (wholeObject) {
        accept(p, line);
      }
      return p;
    }

    /** The row's image: its name resolved, checked and measured (cached); null when refused. */
    private ImageHeaders.Info image(long line, String series, String pageId, String name) {
      String key = name.isEmpty() ? "\u0000" + series + "/" + pageId : name;
      Object known = imageNames.get(key);
      if (known == null) {
        known = lookUp(series, pageId, name);
        imageNames.put(key, known);
      }
      if (known instanceof String message) {
        problem(line, message);
        return null;
      }
      return (ImageHeaders.Info) known;
    }

    private Object lookUp(String series, String pageId, String name) {
      if (name.isEmpty()) {
        String base = "images/" + series + "/" + pageId;
        DatasetFiles.Resolved jpg = DatasetFiles.resolve(source.root, base + ".jpg", "image");
        if (jpg.problem() != null) {
          return jpg.problem();
        }
        Path file = jpg.path();
        if (!Files.isRegularFile(file)) {
          Path png = source.root.resolve(base + ".png").normalize();
          if (!Files.isRegularFile(png)) {
            return "image " + base + ".jpg (or .png) not found in " + source.root
                + " (no image_path given)";
          }
          file = png;
        }
        ImageHeaders.Info info = images.read(file);
        return info.ok() ? info : info.problem();
      }
      DatasetFiles.Resolved r = DatasetFiles.resolve(source.root, name, "image");
      if (r.problem() != null) {
        return r.problem();
      }
      ImageHeaders.Info info = images.read(r.path());
      return info.ok() ? info : info.problem();
    }

    private void accept(PanelFacts p, long line) {
      if (!p.used) {
        p.used = true;
        p.image = pending;
        p.firstLine = line;
        used.add(p);
      }
    }

    @Override
    public void box(long line, PanelFacts p, DetectionKind kind, int index, double x1, double y1,
        double x2, double y2, double score, int charIndex) {
      int ord = ordinal++;
      int before = problems.size();
      String type = kind == DetectionKind.FACE ? "face" : "body";
      String box = "[" + ContentHasher.number(x1) + ", " + ContentHasher.number(y1) + ", "
          + ContentHasher.number(x2) + ", " + ContentHasher.number(y2) + "]";
      ImageHeaders.Info img = p.image != null ? p.image : pending;
      if (x1 > x2 || y1 > y2) {
        problem(line, type + " box " + box + " has x_0 > x_1 or y_0 > y_1");
      } else if (!img.contains(x1, y1, x2, y2, TOLERANCE)) {
        problem(line, type + " box " + box + " is outside the " + img.width() + "x"
            + img.height() + " image of panel " + p.id + " (1 px tolerance)");
      }
      if (score < 0 || score > 1) {
        problem(line, "score " + ContentHasher.number(score) + " is not in [0, 1]");
      }
      long boxKey = key(p.ordinal, kind == DetectionKind.FACE ? 0 : 1, index);
      int first = taken.get(boxKey);
      if (first >= 0) {
        problem(line, "duplicate " + type + " index " + index + " on panel " + p.id
            + " (first at line " + first + ")");
      }
      long charKey = key(p.ordinal, kind == DetectionKind.FACE ? 2 : 3, charIndex);
      if (charIndex >= 0) {
        int firstChar = taken.get(charKey);
        if (firstChar >= 0) {
          problem(line, "char_index " + charIndex + " on panel " + p.id + " already has a "
              + type + " (line " + firstChar + ")");
        }
      }
      if (problems.size() > before) {
        refused.set(ord);
        return;
      }
      accept(p, line);
      int at = (int) Math.min(line, Integer.MAX_VALUE);
      taken.put(boxKey, at);
      if (charIndex >= 0) {
        taken.put(charKey, at);
        long instanceKey = key(p.ordinal, 0, charIndex);
        if (instances.get(instanceKey) < 0) {
          int n = instances.size();
          if (n == instanceKeys.length) {
            instanceKeys = Arrays.copyOf(instanceKeys, n * 2);
          }
          instanceKeys[n] = instanceKey;
          instances.put(instanceKey, n);
        }
      }
      detections++;
      hasher.add("D", p.id, type, Integer.toString(index), ContentHasher.number(x1),
          ContentHasher.number(y1), ContentHasher.number(x2), ContentHasher.number(y2),
          ContentHasher.number(score), charIndex < 0 ? "" : Integer.toString(charIndex));
    }

    /** Adds the panels to the hash, once every row is read. */
    void finish() {
      for (PanelFacts p : used) {
        hasher.add("P", p.id, p.image.fingerprint());
      }
      hash = hasher.hash(NAME, "sequence");
    }

    @Override
    public String contentHash() {
      return hash;
    }

    @Override
    public String identityScope() {
      return "sequence";
    }

    @Override
    public Map<String, Long> counts() {
      Map<String, Long> c = new LinkedHashMap<>();
      c.put("series", used.stream().map(p -> p.series).distinct().count());
      c.put("pages", used.stream().map(p -> p.series + '\u0000' + p.page).distinct().count());
      c.put("panels", (long) used.size());
      c.put("detections", detections);
      c.put("instances", (long) instances.size());
      return c;
    }

    // -------------------------------------------------------------------------------------------
    // the second pass

    @Override
    public void write(BulkWriter w, long datasetId) {
      Map<String, Long> seriesIds = new HashMap<>();
      Map<String, Long> pageIds = new HashMap<>();
      for (PanelFacts p : used) {
        long s = seriesIds.computeIfAbsent(p.series, k -> w.series(datasetId, k));
        long pg = pageIds.computeIfAbsent(p.series + '\u0000' + p.page, k -> w.page(s, p.page));
        p.dbId = w.panel(pg, p.index, p.image.path(), p.image.width(), p.image.height());
      }
      int n = instances.size();
      long[] faces = new long[n];
      long[] bodies = new long[n];
      Arrays.fill(faces, -1);
      Arrays.fill(bodies, -1);
      long[] written = new long[1];
      source.checkUnchanged();
      source.read(new Sink() {
        int ord;

        @Override
        public void problem(long line, String message) {
          // reported by the first pass
        }

        @Override
        public PanelFacts panel(long line, String series, String pageId, String image,
            boolean wholeObject) {
          if (refused.get(ord++)) {
            return null;
          }
          String[] pp = pageAndPanel(pageId);
          return panels.get(series + '\u0000' + pp[0] + '\u0000' + pp[1]);
        }

        @Override
        public void box(long line, PanelFacts p, DetectionKind kind, int index, double x1,
            double y1, double x2, double y2, double score, int charIndex) {
          if (refused.get(ord++)) {
            return;
          }
          String type = kind == DetectionKind.FACE ? "face" : "body";
          long id = w.detection(p.dbId, kind, x1, y1, x2, y2, score,
              p.id + "_" + type + "_" + index, null);
          written[0]++;
          if (charIndex >= 0) {
            int i = instances.get(key(p.ordinal, 0, charIndex));
            (kind == DetectionKind.FACE ? faces : bodies)[i] = id;
          }
        }
      });
      source.checkUnchanged();
      if (written[0] != detections) {
        throw new ReidInputException(source.file + " changed while it was being imported: import"
            + " it again");
      }
      for (int i = 0; i < n; i++) {
        PanelFacts p = panelList.get((int) (instanceKeys[i] >>> 32));
        int charIndex = (int) (instanceKeys[i] & MAX_INDEX);
        w.instance(datasetId, p.id + "_" + charIndex, p.dbId, faces[i], bodies[i]);
      }
    }
  }

  /** A map key of (panel ordinal, kind code 0..3, index below 2^30). */
  static long key(int panelOrdinal, int kindCode, int index) {
    return ((long) panelOrdinal << 32) | ((long) kindCode << 30) | index;
  }

  // ---------------------------------------------------------------------------------------------
  // export

  @Override
  public Exported export(Session session, ExportSource ds, Path folder) throws IOException {
    if (InstancesFormat.NAME.equals(ds.format())) {
      throw new ReidInputException("dataset '" + ds.name() + "' (format " + ds.format()
          + ") has no panel images, only crops: export it as " + InstancesFormat.NAME);
    }
    Path csv = folder.resolve(CSV_FILE);
    long[] counts = new long[3]; // rows, images, left-out boxes
    session.doWork(c -> {
      // every instance's boxes, and its char_index where its id is <panel id>_<char_index>
      LongIntHashMap instanceOf = new LongIntHashMap();
      int[] charOf = new int[1024];
      int n = 0;
      try (PreparedStatement st = c.prepareStatement("SELECT i.face_detection_id,"
          + " i.body_detection_id, i.external_id, s.external_id, pg.external_id, p.panel_index"
          + " FROM character_instance i JOIN panel p ON p.id = i.panel_id"
          + " JOIN page pg ON pg.id = p.page_id JOIN series s ON s.id = pg.series_id"
          + " WHERE i.dataset_id = ?")) {
        st.setFetchSize(10_000);
        st.setLong(1, ds.id());
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            if (n == charOf.length) {
              charOf = Arrays.copyOf(charOf, n * 2);
            }
            String prefix = rs.getString(4) + "_" + rs.getString(5) + "_" + rs.getInt(6) + "_";
            charOf[n] = suffixIndex(rs.getString(3), prefix);
            for (int col = 1; col <= 2; col++) {
              long det = rs.getLong(col);
              if (!rs.wasNull()) {
                instanceOf.put(det, n);
              }
            }
            n++;
          }
        }
      }
      int[] chars = charOf;
      Map<String, String> placed = new HashMap<>();
      try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
          CsvWriter w = new CsvWriter(out);
          PreparedStatement st = c.prepareStatement("SELECT d.id, d.kind, d.x1, d.y1, d.x2,"
              + " d.y2, d.score, d.external_id, p.id, p.panel_index, p.image_path,"
              + " pg.external_id, s.external_id FROM detection d JOIN panel p ON p.id = d.panel_id"
              + " JOIN page pg ON pg.id = p.page_id JOIN series s ON s.id = pg.series_id"
              + " WHERE s.dataset_id = ? ORDER BY p.id, d.id")) {
        w.row(COLUMNS.toArray(new String[0]));
        st.setFetchSize(10_000);
        st.setLong(1, ds.id());
        try (ResultSet rs = st.executeQuery()) {
          List<ExportBox> panel = new ArrayList<>();
          long panelId = Long.MIN_VALUE;
          String[] where = null; // series, page id, image path
          while (rs.next()) {
            if (rs.getLong(9) != panelId) {
              counts[0] += writePanel(w, panel, where, chars, instanceOf, placed, folder, counts);
              panel.clear();
              panelId = rs.getLong(9);
              where = new String[] {rs.getString(13), rs.getString(12) + "_" + rs.getInt(10),
                  rs.getString(11)};
            }
            String kind = rs.getString(2);
            if (!kind.equals("FACE") && !kind.equals("BODY")) {
              counts[2]++;
              continue;
            }
            panel.add(new ExportBox(rs.getLong(1), kind.equals("FACE") ? "face" : "body",
                rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6),
                rs.getDouble(7), rs.getString(8)));
          }
          counts[0] += writePanel(w, panel, where, chars, instanceOf, placed, folder, counts);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + csv, e);
      }
    });
    List<String> notes = new ArrayList<>();
    if (counts[2] > 0) {
      notes.add(counts[2] + " speech bubbles left out (" + NAME + " holds faces and bodies)");
    }
    long sequences = session.createSelectionQuery(
            "select count(q) from ComicSequence q where q.dataset.id = :id", Long.class)
        .setParameter("id", ds.id()).getSingleResult();
    if (sequences > 0) {
      notes.add(sequences + " sequences and their identity labels left out (" + NAME
          + " has no sequences)");
    }
    return new Exported(CSV_FILE, counts[0], counts[1], notes);
  }

  /** One box being exported. */
  private record ExportBox(long id, String type, double x1, double y1, double x2, double y2,
      double score, String externalId) {}

  /**
   * Writes the rows of one panel: {@code char_index} from the box's instance (its own index
   * when the instance id is {@code <panel id>_<n>}, else a fresh one shared by its face and
   * body), fresh ones after the largest for boxes of no instance; {@code index} from the box id
   * {@code <panel id>_<type>_<n>}, else fresh after the largest of its type.
   */
  private static long writePanel(CsvWriter w, List<ExportBox> boxes, String[] where,
      int[] charOf, LongIntHashMap instanceOf, Map<String, String> placed, Path folder,
      long[] counts) throws IOException {
    if (boxes.isEmpty()) {
      return 0;
    }
    String series = where[0];
    String pageId = where[1];
    String source = where[2];
    if (source == null || source.isEmpty()) {
      throw new ReidInputException("panel " + series + "_" + pageId + " has no image: cannot"
          + " export it as " + NAME);
    }
    String image = placed.get(source);
    if (image == null) {
      Path from = Path.of(source);
      if (!Files.isRegularFile(from)) {
        throw new ReidInputException("image " + source + " of panel " + series + "_" + pageId
            + " is missing: cannot export it");
      }
      image = "images/" + DatasetFiles.safeName(series) + "/" + DatasetFiles.safeName(pageId)
          + DatasetFiles.extension(source);
      for (int k = 2; Files.exists(folder.resolve(image)); k++) { // two images, one panel name
        image = "images/" + DatasetFiles.safeName(series) + "/" + DatasetFiles.safeName(pageId)
            + "-" + k + DatasetFiles.extension(source);
      }
      DatasetFiles.linkOrCopy(from, folder.resolve(image));
      placed.put(source, image);
      counts[1]++;
    }
    String prefix = series + "_" + pageId + "_";
    int maxChar = -1;
    Map<String, Integer> maxIndex = new HashMap<>();
    Map<Long, Integer> indexOf = new HashMap<>();
    Set<String> takenIndex = new HashSet<>();
    for (ExportBox b : boxes) {
      int inst = instanceOf.get(b.id());
      if (inst >= 0 && charOf[inst] >= 0) {
        maxChar = Math.max(maxChar, charOf[inst]);
      }
      int idx = suffixIndex(b.externalId(), prefix + b.type() + "_");
      if (idx >= 0 && takenIndex.add(b.type() + idx)) {
        indexOf.put(b.id(), idx);
        maxIndex.merge(b.type(), idx, Math::max);
      }
    }
    Map<Integer, Integer> freshChar = new HashMap<>();
    long rows = 0;
    for (ExportBox b : boxes) {
      int inst = instanceOf.get(b.id());
      int ci;
      if (inst >= 0 && charOf[inst] >= 0) {
        ci = charOf[inst];
      } else if (inst >= 0) {
        Integer f = freshChar.get(inst);
        if (f == null) {
          f = ++maxChar;
          freshChar.put(inst, f);
        }
        ci = f;
      } else {
        ci = ++maxChar;
      }
      Integer idx = indexOf.get(b.id());
      if (idx == null) {
        idx = maxIndex.merge(b.type(), 0, (a, x) -> a + 1);
      }
      w.row(Integer.toString(ci), b.type(), Integer.toString(idx),
          ContentHasher.number(b.x1()), ContentHasher.number(b.y1()),
          ContentHasher.number(b.x2()), ContentHasher.number(b.y2()),
          ContentHasher.number(b.score()), series, pageId, image);
      rows++;
    }
    return rows;
  }

  /** {@code n} when {@code id} is {@code prefix + n} with n a non-negative int, else -1. */
  static int suffixIndex(String id, String prefix) {
    if (id == null || !id.startsWith(prefix) || id.length() == prefix.length()) {
      return -1;
    }
    String rest = id.substring(prefix.length());
    for (int i = 0; i < rest.length(); i++) {
      if (rest.charAt(i) < '0' || rest.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      int v = Integer.parseInt(rest);
      return v <= MAX_INDEX ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
