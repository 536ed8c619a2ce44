package org.comicreid.catalog.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.IdentityScope;
import org.comicreid.core.split.PaperSplit;
import org.hibernate.Session;

/**
 * The {@code sequences} format: the Comic Sequence Identity dataset as a folder with {@code
 * panels.json} and either {@code <split>_sequences.json} files or one {@code sequences.json}
 * (split by the C.1 rule, {@link PaperSplit}). Identity labels ({@code charId}) are
 * sequence-local ({@code identity_scope=sequence}). Annotated datasets are small (thousands of
 * sequences), so the whole input is held while it is validated.
 */
final class SequencesFormat implements DatasetFormat {

  static final String NAME = "sequences";
  static final String PANELS = "panels.json";
  static final String UNSPLIT = "sequences.json";
  static final List<String> SPLITS = List.of("train", "val", "test");
  static final List<String> PANEL_KEYS = List.of("panel_id", "series_id", "image", "faces",
      "bodies", "speech_bubbles");
  static final List<String> BOX_KEYS = List.of("id", "box", "score");
  static final List<String> SEQUENCE_KEYS = List.of("seq_id", "annotations");
  static final List<String> CHAR_KEYS = List.of("charId", "charInstances");
  static final List<String> INSTANCE_KEYS = List.of("face", "body", "uuid");

  @Override
  public String name() {
    return NAME;
  }

  // ---------------------------------------------------------------------------------------------
  // import

  /** A panel of panels.json. */
  static final class PanelIn {
    final String id;
    final String series;
    final String page;
    final int index;
    final long line;
    final ImageHeaders.Info image;
    boolean ok;
    long dbId;

    PanelIn(String id, String series, String page, int index, long line, ImageHeaders.Info image) {
      this.id = id;
      this.series = series;
      this.page = page;
      this.index = index;
      this.line = line;
      this.image = image;
    }
  }

  /** A box of panels.json. */
  record BoxIn(String id, DetectionKind kind, PanelIn panel, double x1, double y1, double x2,
      double y2, double score, long line, boolean ok) {}

  /** A character instance, as first annotated. */
  record InstanceIn(String id, BoxIn face, BoxIn body, String file, long line) {
    PanelIn panel() {
      return face != null ? face.panel() : body.panel();
    }

    String describe() {
      return "{" + (face == null ? "" : "face " + face.id()) + (face != null && body != null
          ? ", " : "") + (body == null ? "" : "body " + body.id()) + "}";
    }
  }

  /** One identity label of a sequence. */
  record LabelIn(String charId, InstanceIn instance) {}

  /** A sequence as imported. */
  static final class SequenceIn {
    final String id;
    final String file;
    final long line;
    final List<PanelIn> panels;
    final String series;
    final List<LabelIn> labels = new ArrayList<>();
    /** Character instances the input gave it, valid or not. */
    int attempted;
    String split;

    SequenceIn(String id, String file, long line, List<PanelIn> panels, String split) {
      this.id = id;
      this.file = file;
      this.line = line;
      this.panels = panels;
      this.series = panels.get(0).series;
      this.split = split;
    }
  }

  @Override
  public Prepared prepare(Path input, ImportOptions options, Problems problems) {
    if (options.identityScope() != null && options.identityScope() != IdentityScope.SEQUENCE) {
      throw new ReidInputException("format " + NAME + " has sequence-local identity labels"
          + " (charId): its identity scope is always sequence");
    }
    if (!Files.isDirectory(input)) {
      throw new FatalProblem(input.toString(), 0, "format " + NAME + " is a folder with "
          + PANELS + " and the sequence files");
    }
    Path panelsFile = input.resolve(PANELS);
    if (!Files.isRegularFile(panelsFile)) {
      throw new FatalProblem(panelsFile.toString(), 0, "missing: every " + NAME
          + " folder has " + PANELS);
    }
    List<String> splitFiles = SPLITS.stream()
        .filter(s -> Files.isRegularFile(input.resolve(s + "_sequences.json"))).toList();
    boolean unsplit = Files.isRegularFile(input.resolve(UNSPLIT));
    if (unsplit && !splitFiles.isEmpty()) {
      throw new FatalProblem(input.resolve(UNSPLIT).toString(), 0, "give either " + UNSPLIT
          + " or <split>_sequences.json files, not both (found "
          + String.join(", ", splitFiles.stream().map(s -> s + "_sequences.json").toList()) + ")");
    }
    if (!unsplit && splitFiles.isEmpty()) {
      throw new FatalProblem(input.toString(), 0, "no sequences: expected " + UNSPLIT
          + " or train_sequences.json, val_sequences.json, test_sequences.json");
    }
    Reading r = new Reading(input, problems);
    r.readPanels(panelsFile);
    if (unsplit) {
      r.readSequences(input.resolve(UNSPLIT), null);
    } else {
      for (String split : splitFiles) {
        r.readSequences(input.resolve(split + "_sequences.json"), split);
      }
    }
    r.dropEmptySequences();
    if (unsplit && (problems.isEmpty() || options.skipInvalid())) {
      r.splitByC1(input.resolve(UNSPLIT).toString(), options);
    }
    return r;
  }

  /** The validation, and what it leaves to write. */
  static final class Reading implements Prepared {
    private final Path root;
    private final Problems problems;
    private final ImageHeaders images = new ImageHeaders();
    private final Map<String, PanelIn> panels = new LinkedHashMap<>();
    private final Map<String, BoxIn> boxes = new LinkedHashMap<>();
    private final Map<String, InstanceIn> instances = new LinkedHashMap<>();
    /** Box id to the instance that holds it. */
    private final Map<String, InstanceIn> owner = new HashMap<>();
    private final Map<String, SequenceIn> sequences = new LinkedHashMap<>();

    Reading(Path root, Problems problems) {
      this.root = root;
      this.problems = problems;
    }

    void readPanels(Path path) {
      String file = path.toString();
      try (JsonElements json = new JsonElements(path, file)) {
        JsonElements.Node o;
        while ((o = json.next()) != null) {
          panel(file, o);
        }
      }
    }

    private void panel(String file, JsonElements.Node o) {
      long line = o.line();
      if (!o.isObject()) {
        problems.add(file, line, "expected a panel object, found " + o.kind());
        return;
      }
      int before = problems.size();
      Map<String, JsonElements.Node> f = o.fields();
      unknownKeys(file, line, f, PANEL_KEYS);
      String id = text(file, line, f, "panel_id");
      String series = text(file, line, f, "series_id");
      String image = text(file, line, f, "image");
      String[] pp = null;
      if (id != null && series != null) {
        pp = id.startsWith(series + "_")
            ? CharacterInstancesFormat.pageAndPanel(id.substring(series.length() + 1)) : null;
        if (pp == null || !id.equals(series + "_" + pp[0] + "_" + pp[1])) {
          problems.add(file, line, "panel_id '" + id + "' is not <series_id>_<page>_<panel>"
              + " with series_id '" + series + "'");
          pp = null;
        }
      }
      ImageHeaders.Info info = null;
      if (image != null) {
        DatasetFiles.Resolved r = DatasetFiles.resolve(root, image, "image");
        if (r.problem() != null) {
          problems.add(file, line, r.problem());
        } else {
          info = images.read(r.path());
          if (!info.ok()) {
            problems.add(file, line, info.problem());
          }
        }
      }
      PanelIn first = id == null ? null : panels.get(id);
      if (first != null) {
        problems.add(file, line, "duplicate panel_id '" + id + "' (first at line " + first.line
            + ")");
      }
      PanelIn panel = null;
      if (id != null && first == null) {
        panel = pp == null ? new PanelIn(id, series, "", 0, line, info)
            : new PanelIn(id, series, pp[0], Integer.parseInt(pp[1]), line, info);
        panels.put(id, panel);
      }
      boolean panelOk = problems.size() == before;
      if (panel != null) {
        panel.ok = panelOk;
      }
      boxes(file, f, "faces", DetectionKind.FACE, panel, panelOk);
      boxes(file, f, "bodies", DetectionKind.BODY, panel, panelOk);
      boxes(file, f, "speech_bubbles", DetectionKind.SPEECH_BUBBLE, panel, panelOk);
    }

    private void boxes(String file, Map<String, JsonElements.Node> f, String key,
        DetectionKind kind, PanelIn panel, boolean panelOk) {
      JsonElements.Node list = f.get(key);
      if (list == null) {
        return;
      }
      if (!list.isArray()) {
        problems.add(file, list.line(), key + " must be an array of boxes, found " + list.kind());
        return;
      }
      for (JsonElements.Node b : list.elements()) {
        box(file, b, kind, panel, panelOk);
      }
    }

    private void box(String file, JsonElements.Node b, DetectionKind kind, PanelIn panel,
        boolean panelOk) {
      long line = b.line();
      if (!b.isObject()) {
        problems.add(file, line, "expected a box object {id, box, score}, found " + b.kind());
        return;
      }
      int before = problems.size();
      Map<String, JsonElements.Node> f = b.fields();
      unknownKeys(file, line, f, BOX_KEYS);
      String id = text(file, line, f, "id");
      double[] xy = null;
      JsonElements.Node box = f.get("box");
      if (box == null) {
        problems.add(file, line, "missing box");
      } else if (!box.isArray() || box.elements().size() != 4
          || !box.elements().stream().allMatch(JsonElements.Node::isNumber)) {
        problems.add(file, line, "box must be [x1, y1, x2, y2]");
      } else {
        xy = box.elements().stream().mapToDouble(JsonElements.Node::number).toArray();
      }
      double score = 1.0;
      JsonElements.Node s = f.get("score");
      if (s != null) {
        if (!s.isNumber() || s.number() < 0 || s.number() > 1) {
          problems.add(file, line, "score must be a number in [0, 1]");
        } else {
          score = s.number();
        }
      }
      if (xy != null) {
        String shown = "[" + ContentHasher.number(xy[0]) + ", " + ContentHasher.number(xy[1])
            + ", " + ContentHasher.number(xy[2]) + ", " + ContentHasher.number(xy[3]) + "]";
        if (xy[0] > xy[2] || xy[1] > xy[3]) {
          problems.add(file, line, "box " + id + " " + shown + " has x1 > x2 or y1 > y2");
        } else if (panel != null && panel.image != null && panel.image.ok()
            && !panel.image.contains(xy[0], xy[1], xy[2], xy[3],
                CharacterInstancesFormat.TOLERANCE)) {
          problems.add(file, line, "box " + id + " " + shown + " is outside the "
              + panel.image.width() + "x" + panel.image.height() + " image of panel " + panel.id
              + " (1 px tolerance)");
        }
      }
      BoxIn first = id == null ? null : boxes.get(id);
      if (first != null) {
        problems.add(file, line, "duplicate box id '" + id + "' (first at line " + first.line()
            + ")");
      }
      if (id != null && first == null) {
        boolean ok = problems.size() == before && panelOk && panel != null;
        boxes.put(id, xy == null
            ? new BoxIn(id, kind, panel, 0, 0, 0, 0, score, line, false)
            : new BoxIn(id, kind, panel, xy[0], xy[1], xy[2], xy[3], score, line, ok));
      }
    }

    void readSequences(Path path, String split) {
      String file = path.toString();
      try (JsonElements json = new JsonElements(path, file)) {
        JsonElements.Node o;
        while ((o = json.next()) != null) {
          sequence(file, o, split);
        }
      }
    }

    private void sequence(String file, JsonElements.Node o, String split) {
      long line = o.line();
      if (!o.isObject()) {
        problems.add(file, line, "expected a sequence object {seq_id, annotations}, found "
            + o.kind());
        return;
      }
      int before = problems.size();
      Map<String, JsonElements.Node> f = o.fields();
      unknownKeys(file, line, f, SEQUENCE_KEYS);
      String id = text(file, line, f, "seq_id");
      JsonElements.Node annotations = f.get("annotations");
      if (annotations == null) {
        problems.add(file, line, "missing annotations");
      } else if (!annotations.isArray()) {
        problems.add(file, annotations.line(), "annotations must be an array, found "
            + annotations.kind());
      }
      if (id == null) {
        return;
      }
      SequenceIn first = sequences.get(id);
      if (first != null) {
        problems.add(file, line, "duplicate seq_id '" + id + "' (first at " + first.file + ":"
            + first.line + ")");
        return;
      }
      List<PanelIn> seqPanels = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      List<String> skippedPanels = new ArrayList<>();
      for (String pid : id.split("\\+", -1)) {
        PanelIn p = panels.get(pid);
        if (!seen.add(pid)) {
          problems.add(file, line, "seq_id '" + id + "' names panel '" + pid + "' twice");
        } else if (p == null) {
          problems.add(file, line, "seq_id '" + id + "' names panel '" + pid + "', which is not"
              + " in " + PANELS);
        } else {
          if (!p.ok) {
            skippedPanels.add(pid + " (" + PANELS + " line " + p.line + ")");
          }
          seqPanels.add(p);
        }
      }
      Set<String> series = new TreeSet<>();
      seqPanels.forEach(p -> series.add(p.series));
      if (series.size() > 1) {
        problems.add(file, line, "the panels of sequence '" + id + "' belong to different"
            + " series: " + String.join(", ", series));
      }
      if (problems.size() > before || annotations == null || !annotations.isArray()) {
        return;
      }
      if (!skippedPanels.isEmpty()) {
        problems.drop(file, line, "sequence '" + id + "' dropped: its panel "
            + String.join(", ", skippedPanels) + " was skipped");
        return;
      }
      SequenceIn seq = new SequenceIn(id, file, line, seqPanels, split);
      sequences.put(id, seq);
      Set<String> charIds = new HashSet<>();
      Map<String, Long> annotated = new HashMap<>();
      for (JsonElements.Node c : annotations.elements()) {
        seq.attempted++;
        character(file, seq, c, charIds, annotated);
      }
    }

    private void character(String file, SequenceIn seq, JsonElements.Node c, Set<String> charIds,
        Map<String, Long> annotated) {
      long line = c.line();
      if (!c.isObject()) {
        problems.add(file, line, "expected a character {charId, charInstances}, found "
            + c.kind());
        return;
      }
      Map<String, JsonElements.Node> f = c.fields();
      int before = problems.size();
      unknownKeys(file, line, f, CHAR_KEYS);
      String charId = text(file, line, f, "charId");
      if (charId != null && !charIds.add(charId)) {
        problems.add(file, line, "charId '" + charId + "' appears twice in sequence '" + seq.id
            + "'");
      }
      JsonElements.Node list = f.get("charInstances");
      if (list == null || !list.isArray() || list.elements().isEmpty()) {
        problems.add(file, line, "charInstances must be a non-empty array");
      }
      if (problems.size() > before) {
        return;
      }
      for (JsonElements.Node i : list.elements()) {
        instance(file, seq, charId, i, annotated);
      }
    }

    private void instance(String file, SequenceIn seq, String charId, JsonElements.Node i,
        Map<String, Long> annotated) {
      long line = i.line();
      if (!i.isObject()) {
        problems.add(file, line, "expected a character instance {face, body}, found "
            + i.kind());
        return;
      }
      Map<String, JsonElements.Node> f = i.fields();
      int before = problems.size();
      unknownKeys(file, line, f, INSTANCE_KEYS);
      String faceId = optionalText(file, line, f, "face");
      String bodyId = optionalText(file, line, f, "body");
      String uuid = optionalText(file, line, f, "uuid");
      if (problems.size() > before) {
        return;
      }
      if (faceId == null && bodyId == null) {
        problems.add(file, line, "a character instance needs a face, a body or both");
        return;
      }
      List<String> skipped = new ArrayList<>();
      BoxIn face = part(file, line, seq, faceId, DetectionKind.FACE, skipped);
      BoxIn body = part(file, line, seq, bodyId, DetectionKind.BODY, skipped);
      if (problems.size() > before) {
        return;
      }
      if (face != null && body != null && face.panel() != body.panel()) {
        problems.add(file, line, "face " + faceId + " is on panel " + face.panel().id
            + " but body " + bodyId + " on panel " + body.panel().id);
        return;
      }
      if (!skipped.isEmpty()) {
        problems.drop(file, line, "character instance " + String.join(", ", skipped)
            + " of sequence '" + seq.id + "' dropped: its box was skipped");
        return;
      }
      String id = uuid != null ? uuid : faceId != null ? faceId : bodyId;
      InstanceIn known = instances.get(id);
      InstanceIn candidate = new InstanceIn(id, face, body, file, line);
      if (known != null && (known.face() != face || known.body() != body)) {
        problems.add(file, line, "instance " + id + " is " + known.describe() + " at "
            + known.file() + ":" + known.line() + ", not " + candidate.describe());
        return;
      }
      for (BoxIn b : new BoxIn[] {face, body}) {
        InstanceIn holder = b == null ? null : owner.get(b.id());
        if (holder != null && !holder.id().equals(id)) {
          problems.add(file, line, "box " + b.id() + " already belongs to instance "
              + holder.id() + " (" + holder.file() + ":" + holder.line() + ")");
        }
      }
      Long twice = annotated.get(id);
      if (twice != null) {
        problems.add(file, line, "instance " + id + " is annotated twice in sequence '" + seq.id
            + "' (line " + twice + ")");
      }
      if (problems.size() > before) {
        return;
      }
      InstanceIn inst = known != null ? known : candidate;
      if (known == null) {
        instances.put(id, inst);
        for (BoxIn b : new BoxIn[] {face, body}) {
          if (b != null) {
            owner.put(b.id(), inst);
          }
        }
      }
      annotated.put(id, line);
      seq.labels.add(new LabelIn(charId, inst));
    }

    /** The box {@code id} of kind {@code kind} on one of the sequence's panels, or null. */
    private BoxIn part(String file, long line, SequenceIn seq, String id, DetectionKind kind,
        List<String> skipped) {
      if (id == null) {
        return null;
      }
      String what = kind == DetectionKind.FACE ? "face" : "body";
      BoxIn b = boxes.get(id);
      if (b == null) {
        problems.add(file, line, what + " " + id + " is not a box of " + PANELS);
        return null;
      }
      if (b.kind() != kind) {
        problems.add(file, line, what + " " + id + " is a "
            + b.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " box");
        return null;
      }
      if (b.panel() == null || !seq.panels.contains(b.panel())) {
        problems.add(file, line, what + " " + id + " is on panel "
            + (b.panel() == null ? "?" : b.panel().id) + ", not on a panel of sequence '"
            + seq.id + "'");
        return null;
      }
      if (!b.ok()) {
        skipped.add(what + " " + id + " (" + PANELS + " line " + b.line() + ")");
      }
      return b;
    }

    /** A sequence that had character instances and lost them all to skipped rows goes too. */
    void dropEmptySequences() {
      sequences.values().removeIf(q -> {
        if (q.labels.isEmpty() && q.attempted > 0) {
          problems.drop(q.file, q.line, "sequence '" + q.id + "' dropped: none of its character"
              + " instances was imported");
          return true;
        }
        return false;
      });
    }

    void splitByC1(String file, ImportOptions options) {
      if (sequences.isEmpty()) {
        return;
      }
      List<PaperSplit.Member> members = sequences.values().stream()
          .map(q -> new PaperSplit.Member(q.id, q.series, q.panels.stream()
              .map(p -> "panel:" + p.id).collect(java.util.stream.Collectors.toSet()))).toList();
      Map<String, PaperSplit.Part> parts;
      try {
        parts = PaperSplit.assign(members, options.splitThreshold(), options.valFraction(),
            options.splitSeed());
      } catch (IllegalArgumentException e) {
        throw new FatalProblem(file, 0, "C.1 split of " + members.size() + " sequences: "
            + e.getMessage());
      }
      sequences.values().forEach(q -> q.split = parts.get(q.id).id());
    }

    private void unknownKeys(String file, long line, Map<String, JsonElements.Node> f,
        List<String> known) {
      for (String key : f.keySet()) {
        if (!known.contains(key)) {
          problems.add(file, line, "unknown key '" + key + "' (expected "
              + String.join(", ", known) + ")");
        }
      }
    }

    private String text(String file, long line, Map<String, JsonElements.Node> f, String key) {
      JsonElements.Node n = f.get(key);
      if (n == null) {
        problems.add(file, line, "missing " + key);
        return null;
      }
      String s = n.text();
      if (s == null || s.isBlank()) {
        problems.add(file, n.line(), key + " must be a non-empty string, found " + n.kind());
        return null;
      }
      return s;
    }

    private String optionalText(String file, long line, Map<String, JsonElements.Node> f,
        String key) {
      return f.containsKey(key) ? text(file, line, f, key) : null;
    }

    // -------------------------------------------------------------------------------------------
    // what is imported

    private List<PanelIn> importedPanels() {
      return panels.values().stream().filter(p -> p.ok).toList();
    }

    private List<BoxIn> importedBoxes() {
      return boxes.values().stream().filter(BoxIn::ok).toList();
    }

    /** The instances that some imported sequence labels. */
    private List<InstanceIn> importedInstances() {
      Set<InstanceIn> used = new HashSet<>();
      sequences.values().forEach(q -> q.labels.forEach(l -> used.add(l.instance())));
      return instances.values().stream().filter(used::contains).toList();
    }

    @Override
    public String contentHash() {
      ContentHasher h = new ContentHasher();
      for (PanelIn p : importedPanels()) {
        h.add("P", p.id, p.series, p.image.fingerprint());
      }
      for (BoxIn b : importedBoxes()) {
        h.add("B", b.id(), b.kind().name(), b.panel().id, ContentHasher.number(b.x1()),
            ContentHasher.number(b.y1()), ContentHasher.number(b.x2()),
            ContentHasher.number(b.y2()), ContentHasher.number(b.score()));
      }
      for (InstanceIn i : importedInstances()) {
        h.add("I", i.id(), i.panel().id, i.face() == null ? "" : i.face().id(),
            i.body() == null ? "" : i.body().id());
      }
      for (SequenceIn q : sequences.values()) {
        h.add("S", q.id, q.series, Objects.toString(q.split, ""));
        for (LabelIn l : q.labels) {
          h.add("A", q.id, l.charId(), l.instance().id());
        }
      }
      return h.hash(NAME, IdentityScope.SEQUENCE.id());
    }

    @Override
    public String identityScope() {
      return IdentityScope.SEQUENCE.id();
    }

    @Override
    public Map<String, Long> counts() {
      List<PanelIn> ps = importedPanels();
      Map<String, Long> c = new LinkedHashMap<>();
      c.put("series", ps.stream().map(p -> p.series).distinct().count());
      c.put("pages", ps.stream().map(p -> p.series + '\t' + p.page).distinct().count());
      c.put("panels", (long) ps.size());
      c.put("detections", (long) importedBoxes().size());
      c.put("instances", (long) importedInstances().size());
      c.put("sequences", (long) sequences.size());
      c.put("annotations", sequences.values().stream().mapToLong(q -> q.labels.size()).sum());
      c.put("splits", sequences.values().stream().map(q -> q.split).filter(Objects::nonNull)
          .distinct().count());
      return c;
    }

    @Override
    public void write(BulkWriter w, long datasetId) {
      Map<String, Long> seriesIds = new HashMap<>();
      Map<String, Long> pageIds = new HashMap<>();
      for (PanelIn p : importedPanels()) {
        long s = seriesIds.computeIfAbsent(p.series, k -> w.series(datasetId, k));
        long pg = pageIds.computeIfAbsent(p.series + '\t' + p.page, k -> w.page(s, p.page));
        p.dbId = w.panel(pg, p.index, p.image.path(), p.image.width(), p.image.height());
      }
      Map<String, Long> boxIds = new HashMap<>();
      for (BoxIn b : importedBoxes()) {
        boxIds.put(b.id(), w.detection(b.panel().dbId, b.kind(), b.x1(), b.y1(), b.x2(), b.y2(),
            b.score(), b.id(), null));
      }
      Map<String, Long> instanceIds = new HashMap<>();
      for (InstanceIn i : importedInstances()) {
        instanceIds.put(i.id(), w.instance(datasetId, i.id(), i.panel().dbId,
            i.face() == null ? -1 : boxIds.get(i.face().id()),
            i.body() == null ? -1 : boxIds.get(i.body().id())));
      }
      Map<String, Long> splitIds = new LinkedHashMap<>();
      for (String split : SPLITS) {
        if (sequences.values().stream().anyMatch(q -> split.equals(q.split))) {
          splitIds.put(split, w.split(datasetId, split));
        }
      }
      for (SequenceIn q : sequences.values()) {
        long[] panelIds = q.panels.stream().mapToLong(p -> p.dbId).toArray();
        long id = w.sequence(datasetId, seriesIds.get(q.series), q.id, panelIds);
        for (LabelIn l : q.labels) {
          w.annotation(id, l.charId(), instanceIds.get(l.instance().id()));
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
    if (d.panels.values().stream().anyMatch(p -> p.image().isEmpty())) {
      throw new ReidInputException("dataset '" + ds.name() + "' (format " + ds.format()
          + ") has no panel images, only crops: export it as " + InstancesFormat.NAME);
    }
    if (IdentityScope.DATASET.id().equals(ds.identityScope())) {
      notes.add("identity labels were dataset-wide; as charIds they are sequence-local");
    }
    // box ids: the stored ones, else <panel id>_<face|body|bubble>_<n>
    Map<Long, String> boxIds = new HashMap<>();
    Set<String> taken = new HashSet<>();
    d.boxes.values().forEach(b -> {
      if (b.externalId() != null && !b.externalId().isEmpty() && taken.add(b.externalId())) {
        boxIds.put(b.id(), b.externalId());
      }
    });
    Map<String, Integer> counters = new HashMap<>();
    for (StoredDataset.Box b : d.boxes.values()) {
      if (!boxIds.containsKey(b.id())) {
        String prefix = d.panels.get(b.panel()).panelId() + "_" + switch (b.kind()) {
          case "FACE" -> "face";
          case "BODY" -> "body";
          default -> "bubble";
        } + "_";
        String id;
        do {
          id = prefix + counters.merge(prefix, 1, Integer::sum);
        } while (!taken.add(id));
        boxIds.put(b.id(), id);
      }
    }
    Map<Long, List<StoredDataset.Box>> boxesOf = new LinkedHashMap<>();
    d.boxes.values().forEach(b -> boxesOf.computeIfAbsent(b.panel(), k -> new ArrayList<>())
        .add(b));

    long images = 0;
    try (JsonGenerator g = generator(folder.resolve(PANELS))) {
      g.writeStartArray();
      for (StoredDataset.Panel p : d.panels.values()) {
        Path from = Path.of(p.image());
        if (!Files.isRegularFile(from)) {
          throw new ReidInputException("image " + p.image() + " of panel " + p.panelId()
              + " is missing: cannot export it");
        }
        String image = "images/" + DatasetFiles.safeName(p.series()) + "/"
            + DatasetFiles.safeName(p.page() + "_" + p.index()) + DatasetFiles.extension(p.image());
        DatasetFiles.copy(from, folder.resolve(image));
        images++;
        g.writeStartObject();
        g.writeStringField("panel_id", p.panelId());
        g.writeStringField("series_id", p.series());
        g.writeStringField("image", image);
        for (String kind : List.of("FACE", "BODY", "SPEECH_BUBBLE")) {
          List<StoredDataset.Box> list = boxesOf.getOrDefault(p.id(), List.of()).stream()
              .filter(b -> b.kind().equals(kind)).toList();
          if (list.isEmpty()) {
            continue;
          }
          g.writeArrayFieldStart(switch (kind) {
            case "FACE" -> "faces";
            case "BODY" -> "bodies";
            default -> "speech_bubbles";
          });
          for (StoredDataset.Box b : list) {
            g.writeStartObject();
            g.writeStringField("id", boxIds.get(b.id()));
            g.writeArrayFieldStart("box");
            for (double v : new double[] {b.x1(), b.y1(), b.x2(), b.y2()}) {
              g.writeNumber(ContentHasher.number(v));
            }
            g.writeEndArray();
            if (!kind.equals("SPEECH_BUBBLE") || b.score() != 1.0) {
              g.writeFieldName("score");
              g.writeNumber(ContentHasher.number(b.score()));
            }
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }

    // sequences, by split
    Map<String, List<StoredDataset.Sequence>> bySplit = new LinkedHashMap<>();
    List<StoredDataset.Sequence> unsplit = new ArrayList<>();
    for (StoredDataset.Sequence q : d.sequences) {
      if (q.split().isEmpty()) {
        unsplit.add(q);
      } else if (SPLITS.contains(q.split())) {
        bySplit.computeIfAbsent(q.split(), k -> new ArrayList<>()).add(q);
      } else {
        notes.add("sequence " + q.externalId() + " of split '" + q.split() + "' left out (the"
            + " format knows train, val and test)");
      }
    }
    if (!bySplit.isEmpty() && !unsplit.isEmpty()) {
      notes.add(unsplit.size() + " sequences without a split left out (the others have one)");
      unsplit.clear();
    }
    Set<String> seqIds = new HashSet<>();
    long rows = d.boxes.size();
    if (bySplit.isEmpty()) {
      writeSequences(folder.resolve(UNSPLIT), unsplit, d, boxIds, seqIds, notes);
    } else {
      for (String split : SPLITS) {
        List<StoredDataset.Sequence> qs = bySplit.getOrDefault(split, List.of());
        writeSequences(folder.resolve(split + "_sequences.json"), qs, d, boxIds, seqIds, notes);
        writeCharBoxes(folder.resolve(split + "_char_faces.json"), qs, d, boxIds, true);
        writeCharBoxes(folder.resolve(split + "_char_bodies.json"), qs, d, boxIds, false);
      }
    }
    return new Exported("", rows, images, notes);
  }

  /** The seq_id of a sequence: its panel ids joined with '+'. */
  private static String seqId(StoredDataset d, StoredDataset.Sequence q) {
    return String.join("+", q.panels().stream().map(id -> d.panels.get(id).panelId()).toList());
  }

  private static void writeSequences(Path file, List<StoredDataset.Sequence> qs, StoredDataset d,
      Map<Long, String> boxIds, Set<String> seqIds, List<String> notes) throws IOException {
    try (JsonGenerator g = generator(file)) {
      g.writeStartArray();
      for (StoredDataset.Sequence q : qs) {
        String seqId = seqId(d, q);
        if (!seqIds.add(seqId)) {
          notes.add("sequence " + q.externalId() + " left out: another sequence has the same"
              + " panels " + seqId);
          continue;
        }
        if (!seqId.equals(q.externalId())) {
          notes.add("sequence " + q.externalId() + " written as seq_id " + seqId);
        }
        g.writeStartObject();
        g.writeStringField("seq_id", seqId);
        g.writeArrayFieldStart("annotations");
        for (Map.Entry<String, List<StoredDataset.Instance>> e : byLabel(d, q).entrySet()) {
          g.writeStartObject();
          g.writeStringField("charId", e.getKey());
          g.writeArrayFieldStart("charInstances");
          for (StoredDataset.Instance i : e.getValue()) {
            g.writeStartObject();
            String face = i.face() < 0 ? null : boxIds.get(i.face());
            String body = i.body() < 0 ? null : boxIds.get(i.body());
            if (face != null) {
              g.writeStringField("face", face);
            }
            if (body != null) {
              g.writeStringField("body", body);
            }
            if (!i.externalId().equals(face != null ? face : body)) {
              g.writeStringField("uuid", i.externalId());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }

  /** The instances of a sequence by label, labels and instances in annotation order. */
  private static Map<String, List<StoredDataset.Instance>> byLabel(StoredDataset d,
      StoredDataset.Sequence q) {
    Map<String, List<StoredDataset.Instance>> byLabel = new LinkedHashMap<>();
    for (StoredDataset.Annotation a : q.annotations()) {
      byLabel.computeIfAbsent(a.label(), k -> new ArrayList<>())
          .add(d.instances.get(a.instance()));
    }
    return byLabel;
  }

  /**
   * {@code <split>_char_faces.json} / {@code _char_bodies.json} for the authors' code: each
   * character, keyed {@code <seq_id>:<charId>} (charIds are sequence-local), to the ids of its
   * face (body) boxes.
   */
  private static void writeCharBoxes(Path file, List<StoredDataset.Sequence> qs, StoredDataset d,
      Map<Long, String> boxIds, boolean faces) throws IOException {
    try (JsonGenerator g = generator(file)) {
      g.writeStartObject();
      for (StoredDataset.Sequence q : qs) {
        for (Map.Entry<String, List<StoredDataset.Instance>> e : byLabel(d, q).entrySet()) {
          g.writeArrayFieldStart(seqId(d, q) + ":" + e.getKey());
          for (StoredDataset.Instance i : e.getValue()) {
            long box = faces ? i.face() : i.body();
            if (box >= 0) {
              g.writeString(boxIds.get(box));
            }
          }
          g.writeEndArray();
        }
      }
      g.writeEndObject();
    }
  }

  /** A pretty-printing JSON writer (one object per line block, so problems have lines). */
  static JsonGenerator generator(Path file) throws IOException {
    Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    return new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
  }
}
