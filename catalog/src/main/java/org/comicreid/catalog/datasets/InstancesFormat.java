package org.comicreid.catalog.datasets;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.imageio.ImageIO;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.IdentityScope;
import org.comicreid.core.split.PaperSplit;
import org.hibernate.Session;

/**
 * The {@code instances} format: one CSV of already-cropped face and body images with their
 * identities, keyed by ({@code instance_id}, {@code sequence_id}). Panels of such a dataset have
 * no image ({@code image_path} empty, size 0): each box is the whole of its crop, whose file is
 * the detection's {@code image_path}. A panel is stored as page {@code panel_id}, panel 0.
 */
final class InstancesFormat implements DatasetFormat {

  static final String NAME = "instances";
  /** The CSV an export writes, and the file an import of a folder reads. */
  static final String CSV_FILE = "instances.csv";
  static final List<String> COLUMNS = List.of("instance_id", "series_id", "sequence_id",
      "panel_id", "identity", "face_path", "body_path", "split");
  private static final int INSTANCE = 0;
  private static final int SERIES = 1;
  private static final int SEQUENCE = 2;
  private static final int PANEL = 3;
  private static final int IDENTITY = 4;
  private static final int FACE = 5;
  private static final int BODY = 6;
  private static final int SPLIT = 7;

  @Override
  public String name() {
    return NAME;
  }

  // ---------------------------------------------------------------------------------------------
  // import

  /** An instance, as its first accepted row gives it. */
  record InstanceIn(String id, String series, String panel, ImageHeaders.Info face,
      ImageHeaders.Info body, String identity, long line) {}

  /** One accepted row: an instance in a sequence with its label. */
  record Member(InstanceIn instance, String identity) {}

  /** A sequence: its series, split, panels in order of first appearance and rows. */
  static final class SequenceIn {
    final String id;
    final String series;
    final long line;
    String split;
    final Set<String> panels = new LinkedHashSet<>();
    final List<Member> members = new ArrayList<>();
    final Map<String, Long> rowOf = new HashMap<>();

    SequenceIn(String id, String series, String split, long line) {
      this.id = id;
      this.series = series;
      this.split = split;
      this.line = line;
    }
  }

  @Override
  public Prepared prepare(Path input, ImportOptions options, Problems problems) {
    IdentityScope scope = options.identityScope() == null ? IdentityScope.DATASET
        : options.identityScope();
    Path file = input;
    if (Files.isDirectory(input)) {
      file = input.resolve(CSV_FILE);
      if (!Files.isRegularFile(file)) {
        throw new FatalProblem(input.toString(), 0, "folder has no " + CSV_FILE
            + ": give the CSV file itself");
      }
    }
    Reading r = new Reading(file, scope, problems);
    r.read();
    if (!r.hasSplitColumn && (problems.isEmpty() || options.skipInvalid())) {
      r.splitByC1(options);
    }
    return r;
  }

  /** The validation, and what it leaves to write. */
  static final class Reading implements Prepared {
    private final Path path;
    private final String file;
    private final Path root;
    private final IdentityScope scope;
    private final Problems problems;
    private final ImageHeaders images = new ImageHeaders();
    private final Map<String, InstanceIn> instances = new LinkedHashMap<>();
    /** Panel id to {series, first line}. */
    private final Map<String, String[]> panels = new LinkedHashMap<>();
    private final Map<String, SequenceIn> sequences = new LinkedHashMap<>();
    /** Sequences seen only on refused rows so far, with the first such line. */
    private final Map<String, Long> refusedSequences = new LinkedHashMap<>();
    boolean hasSplitColumn;

    Reading(Path path, IdentityScope scope, Problems problems) {
      this.path = path;
      this.file = path.toString();
      this.root = path.getParent();
      this.scope = scope;
      this.problems = problems;
    }

    void read() {
      try (CsvReader csv = new CsvReader(Files.newBufferedReader(path, StandardCharsets.UTF_8))) {
        CsvReader.Row header = csv.next();
        if (header == null) {
          throw new FatalProblem(file, 1, "empty file: expected the header "
              + String.join(",", COLUMNS.subList(0, SPLIT)) + "[,split]");
        }
        int[] col = columns(header);
        hasSplitColumn = col[SPLIT] >= 0;
        int n = header.fields().length;
        CsvReader.Row row;
        while ((row = csv.next()) != null) {
          if (row.error() != null) {
            problems.add(file, row.line(), "malformed CSV: " + row.error());
          } else if (row.fields().length != n) {
            problems.add(file, row.line(), "has " + row.fields().length
                + " fields, the header has " + n);
          } else {
            String[] v = new String[COLUMNS.size()];
            for (int k = 0; k < v.length; k++) {
              v[k] = col[k] < 0 ? "" : row.fields()[col[k]].strip();
            }
            row(row.line(), v);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
      refusedSequences.forEach((id, line) -> {
        if (!sequences.containsKey(id)) {
          problems.drop(file, line, "sequence " + id + " dropped: none of its rows was imported");
        }
      });
    }

    private int[] columns(CsvReader.Row header) {
      return CsvReader.columnPositions(file, header, COLUMNS, SPLIT,
          String.join(",", COLUMNS.subList(0, SPLIT)) + "[,split]");
    }

    private void row(long line, String[] v) {
      int before = problems.size();
      for (int k : new int[] {INSTANCE, SERIES, SEQUENCE, PANEL, IDENTITY}) {
        if (v[k].isEmpty()) {
          problems.add(file, line, COLUMNS.get(k) + " is empty");
        }
      }
      ImageHeaders.Info face = image(line, v[FACE], "face_path");
      ImageHeaders.Info body = image(line, v[BODY], "body_path");
      if (v[FACE].isEmpty() && v[BODY].isEmpty()) {
        problems.add(file, line, "face_path and body_path are both empty");
      }
      String split = hasSplitColumn ? v[SPLIT] : null;
      if (split != null && !SequencesFormat.SPLITS.contains(split)) {
        problems.add(file, line, "split '" + split + "' is not train, val or test");
      }
      if (problems.size() > before) {
        refused(v[SEQUENCE], line);
        return;
      }
      String id = v[INSTANCE];
      InstanceIn known = instances.get(id);
      if (known != null) {
        List<String> diff = new ArrayList<>();
        differ(diff, "series", known.series(), v[SERIES]);
        differ(diff, "panel", known.panel(), v[PANEL]);
        differ(diff, "face_path image", name(known.face()), name(face));
        differ(diff, "body_path image", name(known.body()), name(body));
        if (scope == IdentityScope.DATASET) {
          differ(diff, "identity", known.identity(), v[IDENTITY]);
        }
        if (!diff.isEmpty()) {
          problems.add(file, line, "instance " + id + " differs from line " + known.line() + ": "
              + String.join(", ", diff)
              + (diff.stream().anyMatch(d -> d.startsWith("identity"))
                  ? " (identity scope dataset: an instance has one identity)" : ""));
        }
      }
      String[] panel = panels.get(v[PANEL]);
      if (panel != null && !panel[0].equals(v[SERIES])) {
        problems.add(file, line, "panel " + v[PANEL] + " belongs to series " + panel[0]
            + " (line " + panel[1] + "), not " + v[SERIES]);
      }
      SequenceIn seq = sequences.get(v[SEQUENCE]);
      if (seq != null) {
        Long first = seq.rowOf.get(id);
        if (first != null) {
          problems.add(file, line, "instance " + id + " appears twice in sequence " + seq.id
              + " (first at line " + first + ")");
        }
        if (!seq.series.equals(v[SERIES])) {
          problems.add(file, line, "sequence " + seq.id + " has rows of series " + seq.series
              + " (line " + seq.line + "), not " + v[SERIES]);
        }
        if (split != null && !split.equals(seq.split)) {
          problems.add(file, line, "sequence " + seq.id + " is in split " + seq.split + " (line "
              + seq.line + "), not " + split);
        }
      }
      if (problems.size() > before) {
        refused(v[SEQUENCE], line);
        return;
      }
      InstanceIn inst = known != null ? known
          : new InstanceIn(id, v[SERIES], v[PANEL], face, body, v[IDENTITY], line);
      instances.putIfAbsent(id, inst);
      panels.putIfAbsent(v[PANEL], new String[] {v[SERIES], Long.toString(line)});
      if (seq == null) {
        seq = new SequenceIn(v[SEQUENCE], v[SERIES], split, line);
        sequences.put(seq.id, seq);
      }
      seq.panels.add(v[PANEL]);
      seq.members.add(new Member(inst, v[IDENTITY]));
      seq.rowOf.put(id, line);
    }

    private void refused(String sequence, long line) {
      if (!sequence.isEmpty()) {
        refusedSequences.putIfAbsent(sequence, line);
      }
    }

    private static String name(ImageHeaders.Info info) {
      return info == null ? "" : info.path();
    }

    private static void differ(List<String> diff, String what, String was, String now) {
      if (!was.equals(now)) {
        diff.add(what + " " + (now.isEmpty() ? "(none)" : now) + " (was "
            + (was.isEmpty() ? "(none)" : was) + ")");
      }
    }

    /** The image named in a path column, or null (empty, or a problem reported). */
    private ImageHeaders.Info image(long line, String name, String column) {
      if (name.isEmpty()) {
        return null;
      }
      DatasetFiles.Resolved r = DatasetFiles.resolve(root, name, column);
      if (r.problem() != null) {
        problems.add(file, line, r.problem());
        return null;
      }
      ImageHeaders.Info info = images.read(r.path());
      if (!info.ok()) {
        problems.add(file, line, column + ": " + info.problem());
        return null;
      }
      return info;
    }

    void splitByC1(ImportOptions options) {
      if (sequences.isEmpty()) {
        return;
      }
      List<PaperSplit.Member> members = sequences.values().stream()
          .map(q -> {
            Set<String> shared = new HashSet<>();
            q.panels.forEach(p -> shared.add("panel:" + p));
            q.members.forEach(m -> shared.add("instance:" + m.instance().id()));
            return new PaperSplit.Member(q.id, q.series, shared);
          }).toList();
      Map<String, PaperSplit.Part> parts;
      try {
        parts = PaperSplit.assign(members, options.splitThreshold(), options.valFraction(),
            options.splitSeed());
      } catch (IllegalArgumentException e) {
        throw new FatalProblem(file, 0, "C.1 split of " + members.size() + " sequences (no"
            + " split column): " + e.getMessage());
      }
      sequences.values().forEach(q -> q.split = parts.get(q.id).id());
    }

    @Override
    public String contentHash() {
      ContentHasher h = new ContentHasher();
      for (InstanceIn i : instances.values()) {
        h.add("I", i.id(), i.series(), i.panel(), i.face() == null ? "" : i.face().fingerprint(),
            i.body() == null ? "" : i.body().fingerprint());
      }
      for (SequenceIn q : sequences.values()) {
        h.add("S", q.id, q.series, Objects.toString(q.split, ""), String.join("\u0001", q.panels));
        for (Member m : q.members) {
          h.add("R", q.id, m.instance().id(), m.identity());
        }
      }
      return h.hash(NAME, scope.id());
    }

    @Override
    public String identityScope() {
      return scope.id();
    }

    @Override
    public Map<String, Long> counts() {
      Map<String, Long> c = new LinkedHashMap<>();
      c.put("series", panels.values().stream().map(p -> p[0]).distinct().count());
      c.put("pages", (long) panels.size());
      c.put("panels", (long) panels.size());
      c.put("detections", instances.values().stream()
          .mapToLong(i -> (i.face() == null ? 0 : 1) + (i.body() == null ? 0 : 1)).sum());
      c.put("instances", (long) instances.size());
      c.put("sequences", (long) sequences.size());
      c.put("annotations", sequences.values().stream().mapToLong(q -> q.members.size()).sum());
      c.put("splits", sequences.values().stream().map(q -> q.split).filter(Objects::nonNull)
          .distinct().count());
      return c;
    }

    @Override
    public void write(BulkWriter w, long datasetId) {
      Map<String, Long> seriesIds = new HashMap<>();
      Map<String, Long> panelIds = new HashMap<>();
      panels.forEach((panel, info) -> {
        long s = seriesIds.computeIfAbsent(info[0], k -> w.series(datasetId, k));
        panelIds.put(panel, w.panel(w.page(s, panel), 0, "", 0, 0));
      });
      Map<String, Long> instanceIds = new HashMap<>();
      for (InstanceIn i : instances.values()) {
        long panel = panelIds.get(i.panel());
        long face = i.face() == null ? -1 : w.detection(panel, DetectionKind.FACE, 0, 0,
            i.face().width(), i.face().height(), 1.0, null, i.face().path());
        long body = i.body() == null ? -1 : w.detection(panel, DetectionKind.BODY, 0, 0,
            i.body().width(), i.body().height(), 1.0, null, i.body().path());
        instanceIds.put(i.id(), w.instance(datasetId, i.id(), panel, face, body));
      }
      Map<String, Long> splitIds = new LinkedHashMap<>();
      for (String split : SequencesFormat.SPLITS) {
        if (sequences.values().stream().anyMatch(q -> split.equals(q.split))) {
          splitIds.put(split, w.split(datasetId, split));
        }
      }
      for (SequenceIn q : sequences.values()) {
        long id = w.sequence(datasetId, seriesIds.get(q.series), q.id,
            q.panels.stream().mapToLong(panelIds::get).toArray());
        for (Member m : q.members) {
          w.annotation(id, m.identity(), instanceIds.get(m.instance().id()));
        }
        if (q.split != null) {
          w.splitMember(splitIds.get(q.split), id);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // export

  @Override
  public Exported export(Session session, ExportSource ds, Path folder) throws IOException {
    StoredDataset d = StoredDataset.load(session, ds.id());
    List<String> notes = new ArrayList<>();
    boolean writeSplit = !d.sequences.isEmpty() && d.sequences.stream()
        .allMatch(q -> SequencesFormat.SPLITS.contains(q.split()));
    if (!writeSplit && d.sequences.stream().anyMatch(q -> !q.split().isEmpty())) {
      notes.add("splits left out: not every sequence is in train, val or test");
    }
    if (IdentityScope.SEQUENCE.id().equals(ds.identityScope())) {
      notes.add("identity labels are sequence-local: import with identity scope sequence");
    }
    Map<Long, String[]> files = new HashMap<>(); // instance -> {face, body} relative paths
    Set<String> used = new HashSet<>();
    Crops crops = new Crops();
    Set<Long> exported = new HashSet<>();
    long rows = 0;
    Path csv = folder.resolve(CSV_FILE);
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        CsvWriter w = new CsvWriter(out)) {
      List<String> header = writeSplit ? COLUMNS : COLUMNS.subList(0, SPLIT);
      w.row(header.toArray(new String[0]));
      for (StoredDataset.Sequence q : d.sequences) {
        Map<Long, Integer> position = new HashMap<>();
        for (int k = 0; k < q.panels().size(); k++) {
          position.putIfAbsent(q.panels().get(k), k);
        }
        List<StoredDataset.Annotation> ordered = new ArrayList<>(q.annotations());
        ordered.sort((a, b) -> Integer.compare(
            position.getOrDefault(d.instances.get(a.instance()).panel(), Integer.MAX_VALUE),
            position.getOrDefault(d.instances.get(b.instance()).panel(), Integer.MAX_VALUE)));
        for (StoredDataset.Annotation a : ordered) {
          StoredDataset.Instance i = d.instances.get(a.instance());
          StoredDataset.Panel p = d.panels.get(i.panel());
          String[] paths = files.get(i.id());
          if (paths == null) {
            paths = new String[] {place(d, i.face(), "faces", i, folder, used, crops),
                place(d, i.body(), "bodies", i, folder, used, crops)};
            files.put(i.id(), paths);
          }
          String panelId = p.image().isEmpty() ? p.page() : p.panelId();
          List<String> row = new ArrayList<>(List.of(i.externalId(), p.series(), q.externalId(),
              panelId, a.label(), paths[0], paths[1]));
          if (writeSplit) {
            row.add(q.split());
          }
          w.row(row.toArray(new String[0]));
          exported.add(i.id());
          rows++;
        }
      }
    }
    long left = d.instances.keySet().stream().filter(id -> !exported.contains(id)).count();
    if (left > 0) {
      notes.add(left + " instances in no sequence left out (every row names a sequence)");
    }
    return new Exported(CSV_FILE, rows, files.values().stream().flatMap(Arrays::stream)
        .filter(s -> !s.isEmpty()).count(), notes);
  }

  /**
   * Places the image of box {@code boxId} as {@code images/<faces|bodies>/<instance>.<ext>}: a
   * copy of an already-cropped image, or the box cut out of its panel image (PNG). Returns its
   * path relative to the CSV, or empty when there is no box.
   */
  private static String place(StoredDataset d, long boxId, String dir, StoredDataset.Instance i,
      Path folder, Set<String> used, Crops crops) throws IOException {
    if (boxId < 0) {
      return "";
    }
    StoredDataset.Box b = d.boxes.get(boxId);
    boolean precropped = b.imagePath() != null && !b.imagePath().isEmpty();
    String source = precropped ? b.imagePath() : d.panels.get(b.panel()).image();
    String ext = precropped ? DatasetFiles.extension(source) : ".png";
    String base = "images/" + dir + "/" + DatasetFiles.safeName(i.externalId());
    String rel = base + ext;
    for (int k = 2; !used.add(rel); k++) {
      rel = base + "-" + k + ext;
    }
    Path from = Path.of(source);
    if (!Files.isRegularFile(from)) {
      throw new ReidInputException("image " + source + " of instance " + i.externalId()
          + " is missing: cannot export it");
    }
    if (precropped) {
      DatasetFiles.copy(from, folder.resolve(rel));
    } else {
      crops.cut(from, b, folder.resolve(rel));
    }
    return rel;
  }

  /** Cuts boxes out of panel images, keeping the last panel decoded. */
  private static final class Crops {
    private Path panel;
    private BufferedImage image;

    void cut(Path from, StoredDataset.Box b, Path to) throws IOException {
      if (!from.equals(panel)) {
        image = ImageIO.read(from.toFile());
        if (image == null) {
          throw new ReidInputException("cannot decode panel image " + from);
        }
        panel = from;
      }
      int w = image.getWidth();
      int h = image.getHeight();
      int x1 = clamp((int) Math.floor(b.x1()), 0, w - 1);
      int y1 = clamp((int) Math.floor(b.y1()), 0, h - 1);
      int x2 = clamp((int) Math.ceil(b.x2()), x1 + 1, w);
      int y2 = clamp((int) Math.ceil(b.y2()), y1 + 1, h);
      BufferedImage crop = image.getSubimage(x1, y1, x2 - x1, y2 - y1);
      Files.createDirectories(to.getParent());
      ImageIO.write(crop, "png", to.toFile());
    }

    private static int clamp(int v, int lo, int hi) {
      return Math.max(lo, Math.min(hi, v));
    }
  }
}
