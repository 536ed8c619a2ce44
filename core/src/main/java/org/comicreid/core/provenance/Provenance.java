package org.comicreid.core.provenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.comicreid.core.BuildInfo;

/**
 * What a stage output was computed from. Two outputs with equal provenance are the same run.
 *
 * <p>{@link #canonical()} is a stable line-based text form (no JSON library needed): a header,
 * then {@code name=value} lines in a fixed order, config and inputs sorted by key, with {@code \},
 * newlines and carriage returns escaped. {@link #parse(String)} reads it back; {@link #hash()} is
 * the sha256 of it.
 *
 * @param config the resolved config as a flat map (key → canonical text)
 * @param inputHashes input name → content hash
 * @param codeVersion git commit of the code, {@code -dirty} when built with local changes
 * @param engineName the numeric engine (e.g. {@code PyTorch}); empty when none was used
 * @param engineVersion its version; empty when none was used
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param osName {@code os.name}
 * @param osArch {@code os.arch}
 */
public record Provenance(
    SortedMap<String, String> config,
    SortedMap<String, String> inputHashes,
    String codeVersion,
    String engineName,
    String engineVersion,
    String javaVersion,
    String javaVendor,
    String osName,
    String osArch) {

  /** First line of {@link #canonical()}. */
  public static final String HEADER = "comic-reid provenance v1";

  public Provenance {
    config = Collections.unmodifiableSortedMap(new TreeMap<>(config));
    inputHashes = Collections.unmodifiableSortedMap(new TreeMap<>(inputHashes));
    Objects.requireNonNull(codeVersion, "codeVersion");
    Objects.requireNonNull(engineName, "engineName");
    Objects.requireNonNull(engineVersion, "engineVersion");
    Objects.requireNonNull(javaVersion, "javaVersion");
    Objects.requireNonNull(javaVendor, "javaVendor");
    Objects.requireNonNull(osName, "osName");
    Objects.requireNonNull(osArch, "osArch");
  }

  /**
   * Provenance of work done now in this JVM: code version from {@link BuildInfo}, runtime from
   * system properties; the caller names the engine (empty strings when no engine was used).
   */
  public static Provenance capture(Map<String, String> config, Map<String, String> inputHashes,
      String engineName, String engineVersion) {
    return new Provenance(new TreeMap<>(config), new TreeMap<>(inputHashes),
        BuildInfo.current().codeVersion(), engineName, engineVersion,
        System.getProperty("java.version", ""), System.getProperty("java.vendor", ""),
        System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  /** Every field as one flat map: {@code code.version}, ..., {@code config.<key>}, {@code input.<name>}. */
  public SortedMap<String, String> toFlatMap() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("code.version", codeVersion);
    m.put("engine.name", engineName);
    m.put("engine.version", engineVersion);
    m.put("java.version", javaVersion);
    m.put("java.vendor", javaVendor);
    m.put("os.name", osName);
    m.put("os.arch", osArch);
    config.forEach((k, v) -> m.put("config." + k, v));
    inputHashes.forEach((k, v) -> m.put("input." + k, v));
    return m;
  }

  /** The canonical text form (see the class comment). */
  public String canonical() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    toFlatMap().forEach((k, v) -> sb.append(escape(k)).append('=').append(escape(v)).append('\n'));
    return sb.toString();
  }

  /** sha256 hex of {@link #canonical()}. */
  public String hash() {
    return ContentHash.sha256(canonical());
  }

  /**
   * The entries that differ between two provenances (as {@code name: this → other}, {@code
   * (absent)} for a missing entry), sorted by name; empty when they are the same run.
   */
  public List<String> diff(Provenance other) {
    SortedMap<String, String> a = toFlatMap();
    SortedMap<String, String> b = other.toFlatMap();
    TreeMap<String, Boolean> names = new TreeMap<>();
    a.keySet().forEach(k -> names.put(k, true));
    b.keySet().forEach(k -> names.put(k, true));
    List<String> out = new ArrayList<>();
    for (String k : names.keySet()) {
      String x = a.get(k);
      String y = b.get(k);
      if (!Objects.equals(x, y)) {
        out.add(k + ": " + (x == null ? "(absent)" : x) + " → " + (y == null ? "(absent)" : y));
      }
    }
    return out;
  }

  /**
   * Reads {@link #canonical()} text back.
   *
   * @throws IllegalArgumentException naming the line when the text is not canonical provenance
   */
  public static Provenance parse(String text) {
    String[] lines = text.split("\n", -1);
    if (lines.length == 0 || !lines[0].equals(HEADER)) {
      throw new IllegalArgumentException("provenance line 1: expected '" + HEADER + "'");
    }
    Map<String, String> fields = new TreeMap<>();
    SortedMap<String, String> config = new TreeMap<>();
    SortedMap<String, String> inputs = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      int eq = indexOfUnescaped(line, '=');
      if (eq < 0) {
        throw new IllegalArgumentException("provenance line " + (i + 1) + ": expected name=value");
      }
      String k = unescape(line.substring(0, eq));
      String v = unescape(line.substring(eq + 1));
      if (k.startsWith("config.")) {
        config.put(k.substring(7), v);
      } else if (k.startsWith("input.")) {
        inputs.put(k.substring(6), v);
      } else {
        fields.put(k, v);
      }
    }
    for (String required : List.of("code.version", "engine.name", "engine.version", "java.version",
        "java.vendor", "os.name", "os.arch")) {
      if (!fields.containsKey(required)) {
        throw new IllegalArgumentException("provenance: missing " + required);
      }
    }
    return new Provenance(config, inputs, fields.get("code.version"), fields.get("engine.name"),
        fields.get("engine.version"), fields.get("java.version"), fields.get("java.vendor"),
        fields.get("os.name"), fields.get("os.arch"));
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("=", "\\=");
  }

  private static int indexOfUnescaped(String s, char c) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\') {
        i++;
      } else if (ch == c) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(switch (n) {
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> n;
        });
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }
}
