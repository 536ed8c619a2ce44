package org.comicreid.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.experiments.config.ConfigKeys;
import org.comicreid.experiments.config.ConfigLoader;
import org.comicreid.experiments.config.ResolvedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every sweep file in {@code configs/sweeps/} is well formed and every member it expands to is a
 * valid config: the top-level keys are the sweep format's, the name is the file name, the base
 * exists, every override key is declared in {@link ConfigKeys} and every member x grid x seed
 * combination loads through {@link ConfigLoader} (which rejects unknown keys and bad values). It
 * also checks what makes the sweeps cheap and comparable: members of a fine-tuning sweep share
 * every stage up to meta-mining (so one pretraining serves all), no two members compute the same
 * thing, and each {@code -small} file has a full-size twin sweeping the same keys.
 *
 * <p>Self-contained on purpose (SnakeYAML and the config loader only), so that it does not depend
 * on the sweep runner's parser; the negative cases below show each check rejects a broken file.
 */
class SweepConfigsFilesTest {

  static final Path CONFIGS = Path.of("..", "configs");
  static final Path SWEEPS = CONFIGS.resolve("sweeps");

  /** The keys a sweep file may have at the top level. */
  static final Set<String> TOP_KEYS =
      Set.of("sweep", "base", "description", "set", "members", "grid", "seeds", "concurrency", "columns");

  /** The named column presets of the sweep format. */
  static final Set<String> PRESETS = Set.of("default", "table3", "figure3");

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  static final Pattern COLUMN_PATH = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)+");

  /** Stages every member of a fine-tuning sweep must share (they run before fine-tuning). */
  static final List<Stage> UPSTREAM =
      List.of(Stage.DETECT, Stage.PAIR, Stage.PRETRAIN, Stage.LINK_SEQUENCES, Stage.META_MINE);

  /** The sweeps the paper's tables and figure need, each with a -small twin. */
  static final List<String> PAPER_SWEEPS =
      List.of("table3", "table4", "table5", "table7", "table8", "table9", "table10", "figure3");

  private final ConfigLoader loader = new ConfigLoader(Map.of());

  /** Loaded member configs by (absolute base path, overrides...); see {@link #load}. */
  private static final Map<List<String>, ResolvedConfig> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

  @TempDir Path tmp;

  /** One member after expansion: its name and its overrides in application order. */
  record Member(String name, List<String> overrides) {}

  @Test
  void thePaperSweepsAndTheirSmallTwinsArePresent() {
    Set<String> names = sweepFiles().stream().map(SweepConfigsFilesTest::stem).collect(Collectors.toSet());
    for (String s : PAPER_SWEEPS) {
      assertTrue(names.contains(s), "configs/sweeps/" + s + ".yaml is missing");
      assertTrue(names.contains(s + "-small"), "configs/sweeps/" + s + "-small.yaml is missing");
    }
  }

  @Test
  void everySweepFileIsValid() {
    List<Path> files = sweepFiles();
    assertFalse(files.isEmpty(), "no sweep files in " + SWEEPS);
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      problems.addAll(check(f));
    }
    assertEquals(List.of(), problems);
  }

  /** The runner's own parser ({@link SweepFile}) reads every file the same way. */
  @Test
  void theSweepParserReadsEveryFile() throws IOException {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(SWEEPS)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        SweepPlan plan = SweepFile.read(f);
        assertEquals(f.getFileName().toString().replace(".yaml", ""), plan.name());
        org.junit.jupiter.api.Assertions.assertTrue(plan.runs().size() >= 1, f.toString());
      }
    }
  }

  @Test
  void everySmallFileHasAFullSizeTwinAndViceVersa() {
    List<String> problems = twinProblems(sweepFiles());
    assertEquals(List.of(), problems);
  }

  @Test
  void theFullSizeAndSmallBasesAreThePaperAndScaledConfigs() throws IOException {
    for (Path f : sweepFiles()) {
      Path base = f.getParent().resolve((String) read(f).get("base")).normalize();
      Path expected = stem(f).endsWith("-small") ? CONFIGS.resolve("scaled/base.yaml") : CONFIGS.resolve("paper.yaml");
      assertTrue(Files.isSameFile(expected, base), f + ": base " + base + ", expected " + expected);
    }
  }

  @Test
  void sweepsVaryWhatTheirTableVaries() {
    // Table 3 and Figure 3 compare pretraining variants: every member pretrains its own model.
    for (String s : List.of("table3", "figure3", "table3-small", "figure3-small")) {
      Path f = SWEEPS.resolve(s + ".yaml");
      Set<String> variants = new TreeSet<>();
      for (Member m : members(f, read(f))) {
        variants.add(load(f, m).text("pretrain.variant"));
      }
      assertEquals(Set.of("face", "body", "unaligned", "aligned", "separate"), variants, s);
    }
  }

  @Test
  void referenceMembersAreOneRunSharedAcrossSweepsAndConfigs() {
    // The contrastive reference of Tables 7-10 is Table 5's contrastive member and the single
    // config paper/table5-contrastive.yaml (scaled/ for -small): one run serves them all.
    for (String suffix : List.of("", "-small")) {
      String dir = suffix.isEmpty() ? "paper" : "scaled";
      String reference = loader.load(CONFIGS.resolve(dir + "/table5-contrastive.yaml"), List.of()).configHash();
      assertEquals(reference, memberHash("table5" + suffix, "contrastive"));
      assertEquals(reference, memberHash("table7" + suffix, suffix.isEmpty() ? "series_per_batch=16" : "series_per_batch=4"));
      assertEquals(reference, memberHash("table8" + suffix, "base"));
      assertEquals(reference, memberHash("table9" + suffix, "out_dim=256"));
      assertEquals(reference, memberHash("table10" + suffix, "fusion=sum"));
      String triplet = loader.load(CONFIGS.resolve(dir + "/table5-triplet.yaml"), List.of()).configHash();
      assertEquals(triplet, memberHash("table5" + suffix, "triplet-miner"));
      for (String v : List.of("face", "body", "unaligned", "aligned", "separate")) {
        String single = loader.load(CONFIGS.resolve(dir + "/figure3-" + v + ".yaml"), List.of()).configHash();
        assertEquals(single, memberHash("figure3" + suffix, v));
        assertEquals(single, memberHash("table3" + suffix, v));
      }
    }
    // Table 4's run differs from Table 5's triplet run only by the ImageNet baseline, which the
    // -small twin leaves out: there it is the same run.
    assertEquals(memberHash("table5-small", "triplet-miner"), memberHash("table4-small", "triplet-miner"));
    assertFalse(memberHash("table5", "triplet-miner").equals(memberHash("table4", "triplet-miner")));
  }

  private String memberHash(String sweep, String member) {
    Path f = SWEEPS.resolve(sweep + ".yaml");
    List<Member> ms = members(f, read(f));
    Member m = ms.stream().filter(x -> x.name().equals(member)).findFirst()
        .orElseThrow(() -> new AssertionError(sweep + " has no member '" + member + "' among "
            + ms.stream().map(Member::name).toList()));
    return load(f, m).configHash();
  }

  // ---- negative controls: each check rejects a file that breaks it ----

  @Test
  void rejectsAnUnknownTopLevelKeyAndAWrongName() throws IOException {
    Path f = write("broken.yaml", "sweep: other\nbase: ../paper.yaml\nmember: []\n");
    List<String> p = check(f);
    assertTrue(p.stream().anyMatch(s -> s.contains("unknown top-level key 'member'")), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.contains("sweep 'other'") && s.contains("file name")), p.toString());
  }

  @Test
  void rejectsAMissingBase() throws IOException {
    Path f = write("nobase.yaml", "sweep: nobase\nbase: ../nowhere.yaml\nseeds: 1\n");
    List<String> p = check(f);
    assertTrue(p.stream().anyMatch(s -> s.contains("base ../nowhere.yaml") && s.contains("no such file")), p.toString());
  }

  @Test
  void rejectsAnUndeclaredKeyAndABadValue() throws IOException {
    Path f = write("bad.yaml", """
        sweep: bad
        base: ../paper.yaml
        members:
          - name: typo
            set: {finetune.los: triplet}
          - name: badenum
            set: {finetune.loss: hinge}
          - name: ok
            set: {finetune.loss: triplet}
        grid:
          finetune.out_dim: [64, 0]
        """);
    List<String> p = check(f);
    assertTrue(p.stream().anyMatch(s -> s.contains("typo") && s.contains("finetune.los") && s.contains("not declared")),
        p.toString());
    assertTrue(p.stream().anyMatch(s -> s.contains("badenum") && s.contains("finetune.loss")), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.contains("'ok out_dim=0'") && s.contains("finetune.out_dim")), p.toString());
  }

  @Test
  void rejectsAPretrainingKeyInAFineTuningSweepAndDuplicateMembers() throws IOException {
    Path f = write("table9.yaml", """
        sweep: table9
        base: ../paper.yaml
        members:
          - name: a
            set: {finetune.out_dim: 64, pretrain.epochs: 10}
          - name: b
            set: {finetune.out_dim: 64}
        """);
    List<String> p = check(f);
    assertTrue(p.stream().anyMatch(s -> s.contains("pretrain.epochs") && s.contains("finetune.* or evaluate.*")),
        p.toString());
    assertTrue(p.stream().anyMatch(s -> s.contains("upstream stage Pretrain")), p.toString());
    Path g = write("table10.yaml", """
        sweep: table10
        base: ../paper.yaml
        members:
          - name: a
            set: {finetune.fusion: sum}
          - name: a
            set: {finetune.fusion: sum}
        """);
    List<String> q = check(g);
    assertTrue(q.stream().anyMatch(s -> s.contains("member name 'a' twice")), q.toString());
    assertTrue(q.stream().anyMatch(s -> s.contains("same config")), q.toString());
  }

  @Test
  void rejectsAnUnpairedSmallFileAndTwinsSweepingDifferentKeys() throws IOException {
    Path lone = write("lone-small.yaml", "sweep: lone-small\nbase: ../paper.yaml\n");
    Path full = write("pair.yaml", "sweep: pair\nbase: ../paper.yaml\ngrid: {finetune.out_dim: [64, 128]}\n");
    Path small = write("pair-small.yaml", "sweep: pair-small\nbase: ../paper.yaml\ngrid: {finetune.fusion: [sum, concat]}\n");
    List<String> p = twinProblems(List.of(lone, full, small));
    assertTrue(p.stream().anyMatch(s -> s.contains("lone-small") && s.contains("no full-size twin")), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.contains("pair") && s.contains("sweep different keys")), p.toString());
  }

  // ---- the checks ----

  /** Every problem of one sweep file, each naming the file (and member or key); empty = valid. */
  List<String> check(Path file) {
    List<String> problems = new ArrayList<>();
    String where = file.toString() + ": ";
    Map<String, Object> doc;
    try {
      doc = read(file);
    } catch (RuntimeException e) {
      return List.of(where + "cannot parse: " + e.getMessage());
    }
    for (String k : doc.keySet()) {
      if (!TOP_KEYS.contains(k)) {
        problems.add(where + "unknown top-level key '" + k + "' (allowed: " + new TreeSet<>(TOP_KEYS) + ")");
      }
    }
    Object name = doc.get("sweep");
    if (!(name instanceof String s) || !NAME.matcher(s).matches() || !s.equals(stem(file))) {
      problems.add(where + "sweep '" + name + "': expected the file name without .yaml ('" + stem(file)
          + "'), letters, digits, '.', '_', '-'");
    }
    if (doc.containsKey("description") && !(doc.get("description") instanceof String d && !d.contains("\n"))) {
      problems.add(where + "description: expected one line of text");
    }
    for (String k : List.of("seeds", "concurrency")) {
      if (doc.containsKey(k) && !(doc.get(k) instanceof Integer n && n >= 1)) {
        problems.add(where + k + ": expected an integer >= 1, got " + doc.get(k));
      }
    }
    problems.addAll(columnProblems(where, doc.get("columns")));
    if (!(doc.get("base") instanceof String b)) {
      problems.add(where + "base: required, a config path relative to the sweep file");
      return problems;
    }
    Path base = file.getParent().resolve(b).normalize();
    if (!Files.isRegularFile(base)) {
      problems.add(where + "base " + b + ": no such file (" + base + ")");
      return problems;
    }
    List<Member> members;
    try {
      members = members(file, doc);
    } catch (IllegalArgumentException e) {
      problems.add(where + e.getMessage());
      return problems;
    }
    Set<String> seen = new HashSet<>();
    Map<String, String> byConfigHash = new LinkedHashMap<>();
    Map<Stage, Set<String>> upstream = new TreeMap<>();
    boolean pretrainingSweep = stem(file).startsWith("table3") || stem(file).startsWith("figure3");
    for (Member m : members) {
      if (!seen.add(m.name())) {
        problems.add(where + "member name '" + m.name() + "' twice");
      }
      boolean declared = true;
      for (String o : m.overrides()) {
        String key = o.substring(0, o.indexOf('='));
        if (ConfigKeys.find(key).isEmpty()) {
          problems.add(where + "member '" + m.name() + "': " + key + " is not declared in ConfigKeys");
          declared = false;
        } else if (key.startsWith("experiment.")) {
          problems.add(where + "member '" + m.name() + "': " + key + " must not be overridden (seeds: sets"
              + " experiment.seed; the base's experiment.name keeps stages shared across sweeps)");
        } else if (!pretrainingSweep && !key.startsWith("finetune.") && !key.startsWith("evaluate.")
            && memberKeys(doc).contains(key)) {
          problems.add(where + "member '" + m.name() + "': " + key + " varies between members of a fine-tuning"
              + " sweep; only finetune.* or evaluate.* keys may, so that members share the pretraining");
        }
      }
      if (!declared) {
        continue;
      }
      int seeds = doc.get("seeds") instanceof Integer n && n >= 1 ? n : 1;
      for (int i = 0; i < seeds; i++) {
        List<String> overrides = new ArrayList<>(m.overrides());
        ResolvedConfig c;
        try {
          c = load(file, new Member(m.name(), overrides));
          if (i > 0) {
            long seed = Long.parseLong(c.text("experiment.seed")) + i;
            overrides.add("experiment.seed=" + seed);
            c = load(file, new Member(m.name(), overrides));
          }
        } catch (ReidInputException e) {
          problems.add(where + "member '" + m.name() + "': " + e.getMessage());
          break;
        }
        String label = m.name() + (seeds > 1 ? " seed " + i : "");
        String other = byConfigHash.putIfAbsent(c.configHash(), label);
        if (other != null) {
          problems.add(where + "members '" + other + "' and '" + label + "' resolve to the same config");
        }
        for (Stage s : UPSTREAM) {
          upstream.computeIfAbsent(s, k -> new TreeSet<>()).add(c.sliceHash(s));
        }
      }
    }
    if (!pretrainingSweep) {
      for (Map.Entry<Stage, Set<String>> e : upstream.entrySet()) {
        if (e.getValue().size() > 1) {
          problems.add(where + "members differ in the upstream stage " + e.getKey().displayName()
              + " (slice hashes " + e.getValue() + "); a fine-tuning sweep must share it");
        }
      }
    }
    return problems;
  }

  /** Problems of the -small / full-size pairing among {@code files}. */
  static List<String> twinProblems(List<Path> files) {
    Map<String, Path> byName = new TreeMap<>();
    files.forEach(f -> byName.put(stem(f), f));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Path> e : byName.entrySet()) {
      String name = e.getKey();
      String twin = name.endsWith("-small") ? name.substring(0, name.length() - "-small".length()) : name + "-small";
      if (!byName.containsKey(twin)) {
        problems.add(e.getValue() + ": no " + (name.endsWith("-small") ? "full-size" : "-small") + " twin " + twin
            + ".yaml");
      } else if (!name.endsWith("-small")) {
        Map<String, Object> full = read(e.getValue());
        Map<String, Object> small = read(byName.get(twin));
        if (!sweptKeys(full).equals(sweptKeys(small))) {
          problems.add(name + " and " + twin + " sweep different keys: " + sweptKeys(full) + " vs " + sweptKeys(small));
        }
        if (!memberNames(full).equals(memberNames(small))) {
          problems.add(name + " and " + twin + " have different members: " + memberNames(full) + " vs "
              + memberNames(small));
        }
      }
    }
    return problems;
  }

  private static List<String> columnProblems(String where, Object columns) {
    if (columns == null) {
      return List.of();
    }
    if (!(columns instanceof List<?> list) || list.isEmpty()) {
      return List.of(where + "columns: expected a non-empty list");
    }
    List<String> problems = new ArrayList<>();
    Set<Object> seen = new HashSet<>();
    for (Object c : list) {
      if (!(c instanceof String s) || !(PRESETS.contains(s) || COLUMN_PATH.matcher(s).matches())) {
        problems.add(where + "column '" + c + "': expected one of " + new TreeSet<>(PRESETS) + " or a dotted path");
      } else if (!seen.add(c)) {
        problems.add(where + "column '" + c + "' twice");
      }
    }
    return problems;
  }

  /**
   * The members of a sweep: each explicit member (or one unnamed member without any) crossed with
   * the grid, named {@code <member> <key-last-segment>=<value>...}; the sweep's {@code set} comes
   * first in every member's overrides, then the member's, then the grid's.
   */
  static List<Member> members(Path file, Map<String, Object> doc) {
    List<String> common = overrides("set", doc.get("set"));
    List<Member> base = new ArrayList<>();
    Object ms = doc.get("members");
    if (ms == null) {
      base.add(new Member("", common));
    } else if (ms instanceof List<?> list && !list.isEmpty()) {
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("name") instanceof String n) || n.isBlank()
            || !Set.of("name", "set").containsAll(m.keySet())) {
          throw new IllegalArgumentException("members: each member needs a name and may have a set, got " + o);
        }
        List<String> own = new ArrayList<>(common);
        own.addAll(overrides("member '" + n + "' set", m.get("set")));
        base.add(new Member(n, own));
      }
    } else {
      throw new IllegalArgumentException("members: expected a non-empty list");
    }
    Object g = doc.get("grid");
    if (g == null) {
      return base;
    }
    if (!(g instanceof Map<?, ?> grid) || grid.isEmpty()) {
      throw new IllegalArgumentException("grid: expected a map of key: [values]");
    }
    List<Member> out = base;
    for (Map.Entry<?, ?> e : grid.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
        throw new IllegalArgumentException("grid " + key + ": expected a non-empty list of values");
      }
      String last = key.substring(key.lastIndexOf('.') + 1);
      List<Member> next = new ArrayList<>();
      for (Member m : out) {
        for (Object v : values) {
          String text = scalar("grid " + key, v);
          List<String> o = new ArrayList<>(m.overrides());
          o.add(key + "=" + text);
          next.add(new Member((m.name().isEmpty() ? "" : m.name() + " ") + last + "=" + text, o));
        }
      }
      out = next;
    }
    return out;
  }

  private static List<String> overrides(String where, Object set) {
    if (set == null) {
      return List.of();
    }
    if (!(set instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where + ": expected a map of dotted config keys to values");
    }
    List<String> out = new ArrayList<>();
    map.forEach((k, v) -> out.add(k + "=" + scalar(where + " " + k, v)));
    return out;
  }

  private static String scalar(String where, Object v) {
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    throw new IllegalArgumentException(where + ": expected a string, number or boolean, got " + v);
  }

  /** The keys that members or grid entries set (what the sweep varies). */
  static Set<String> sweptKeys(Map<String, Object> doc) {
    Set<String> keys = new TreeSet<>(memberKeys(doc));
    if (doc.get("grid") instanceof Map<?, ?> g) {
      g.keySet().forEach(k -> keys.add(String.valueOf(k)));
    }
    return keys;
  }

  private static Set<String> memberKeys(Map<String, Object> doc) {
    Set<String> keys = new TreeSet<>();
    if (doc.get("members") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && m.get("set") instanceof Map<?, ?> s) {
          s.keySet().forEach(k -> keys.add(String.valueOf(k)));
        }
      }
    }
    if (doc.get("grid") instanceof Map<?, ?> g) {
      g.keySet().forEach(k -> keys.add(String.valueOf(k)));
    }
    return keys;
  }

  private static List<String> memberNames(Map<String, Object> doc) {
    List<String> names = new ArrayList<>();
    if (doc.get("members") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          names.add(String.valueOf(m.get("name")));
        }
      }
    }
    return names;
  }

  /**
   * The member's config: its base with its overrides. Loads are cached across the tests of this
   * class (the loader takes tens of milliseconds per config and the tests share members).
   */
  private ResolvedConfig load(Path file, Member m) {
    Path base = file.getParent().resolve((String) read(file).get("base")).toAbsolutePath().normalize();
    List<String> key = new ArrayList<>();
    key.add(base.toString());
    key.addAll(m.overrides());
    ResolvedConfig c = LOADED.get(key);
    if (c == null) {
      c = loader.load(base, m.overrides());
      LOADED.put(List.copyOf(key), c);
    }
    return c;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(Path file) {
    try {
      Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
      if (!(o instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("expected a map at the top level");
      }
      return (Map<String, Object>) o;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> sweepFiles() {
    try (Stream<Path> s = Files.list(SWEEPS)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String stem(Path f) {
    String n = f.getFileName().toString();
    return n.endsWith(".yaml") ? n.substring(0, n.length() - ".yaml".length()) : n;
  }

  /** Writes a sweep file into {@code tmp/sweeps/} beside a copy of paper.yaml, so ../paper.yaml resolves. */
  private Path write(String name, String text) throws IOException {
    Path dir = tmp.resolve("sweeps");
    Files.createDirectories(dir);
    Files.copy(CONFIGS.resolve("paper.yaml"), tmp.resolve("paper.yaml"), StandardCopyOption.REPLACE_EXISTING);
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }
}
