package org.comicreid.catalog.comicgen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.comicreid.catalog.comicgen.ComicgenWorld.DrawnPanel;
import org.comicreid.catalog.comicgen.ComicgenWorld.SequenceScript;
import org.comicreid.catalog.comicgen.ComicgenWorld.Summary;
import org.comicreid.catalog.comicgen.ComicgenWorld.World;
import org.comicreid.catalog.comicgen.PanelComposer.Placed;

/**
 * Writes a drawn world as a {@code sequences} dataset (docs/datasets.md, section 2): panels.json,
 * one {@code <split>_sequences.json} per split, {@value ComicgenWorld#TRUTH} and
 * {@value ComicgenWorld#MANIFEST}. Array files hold one record per line, so a line number names a
 * record. Output is UTF-8 with {@code \n} line ends on every platform.
 */
final class DatasetWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DatasetWriter() {}

  static Summary write(ComicgenKit kit, World world, Path dir) throws IOException {
    Map<String, DrawnPanel> byId = new LinkedHashMap<>();
    List<String> panelLines = new ArrayList<>();
    Map<String, String> truth = new LinkedHashMap<>();
    int instances = 0;
    Set<String> identities = new LinkedHashSet<>();
    for (DrawnPanel p : world.panels()) {
      byId.put(p.script().panelId(), p);
      ObjectNode node = JSON.createObjectNode();
      node.put("panel_id", p.script().panelId());
      node.put("series_id", p.script().series());
      node.put("image", p.script().image());
      ArrayNode faces = node.putArray("faces");
      ArrayNode bodies = node.putArray("bodies");
      for (int i = 0; i < p.characters().size(); i++) {
        Placed c = p.characters().get(i);
        if (c.face() != null) {
          faces.add(box(p.faceId(i), c.face()));
        }
        if (c.body() != null) {
          bodies.add(box(p.bodyId(i), c.body()));
        }
        truth.put(p.instanceId(i), c.who().identity());
        identities.add(c.who().identity());
        instances++;
      }
      node.putArray("speech_bubbles");
      panelLines.add(compact(node));
    }
    writeLines(dir.resolve("panels.json"), panelLines);

    Map<String, List<String>> bySplit = new LinkedHashMap<>();
    ComicgenWorld.SPLITS.forEach(s -> bySplit.put(s, new ArrayList<>()));
    for (SequenceScript seq : world.script().sequences()) {
      String split = world.script().splitOfSeries().get(seq.series());
      bySplit.get(split).add(compact(sequence(seq, byId)));
    }
    for (Map.Entry<String, List<String>> e : bySplit.entrySet()) {
      writeLines(dir.resolve(e.getKey() + "_sequences.json"), e.getValue());
    }

    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : truth.entrySet()) {
      sb.append(first ? "\n  " : ",\n  ").append(JSON.writeValueAsString(e.getKey()))
          .append(": ").append(JSON.writeValueAsString(e.getValue()));
      first = false;
    }
    sb.append("\n}\n");
    Files.writeString(dir.resolve(ComicgenWorld.TRUTH), sb.toString(), StandardCharsets.UTF_8);

    Summary summary = new Summary(world.script().spec().hash(), world.script().series().size(),
        world.panels().size(), world.script().sequences().size(), instances, identities.size());
    Files.writeString(dir.resolve(ComicgenWorld.MANIFEST), manifest(kit, world, summary),
        StandardCharsets.UTF_8);
    return summary;
  }

  /**
   * The summary of the world of {@code spec} when {@code dir} holds it complete (its manifest
   * names the spec's hash and every panel image is there), else null.
   */
  static Summary existingSummary(Path dir, ComicgenSpec spec) {
    try {
      Path manifest = dir.resolve(ComicgenWorld.MANIFEST);
      Path panels = dir.resolve("panels.json");
      if (!Files.isRegularFile(manifest) || !Files.isRegularFile(panels)) {
        return null;
      }
      JsonNode m = JSON.readTree(manifest.toFile());
      if (!m.path("hash").asText().equals(spec.hash())) {
        return null;
      }
      for (JsonNode p : JSON.readTree(panels.toFile())) {
        if (!Files.isRegularFile(dir.resolve(p.path("image").asText()))) {
          return null;
        }
      }
      JsonNode s = m.path("summary");
      return new Summary(spec.hash(), s.path("series").asInt(), s.path("panels").asInt(),
          s.path("sequences").asInt(), s.path("instances").asInt(), s.path("identities").asInt());
    } catch (IOException e) {
      return null;
    }
  }

  /** The authors' shape: charIds c0, c1, ... in order of first appearance in the sequence. */
  private static ObjectNode sequence(SequenceScript seq, Map<String, DrawnPanel> byId) {
    Map<String, ArrayNode> byIdentity = new LinkedHashMap<>();
    for (String panelId : seq.panelIds()) {
      DrawnPanel p = byId.get(panelId);
      for (int i = 0; i < p.characters().size(); i++) {
        Placed c = p.characters().get(i);
        ObjectNode inst = JSON.createObjectNode();
        if (c.face() != null) {
          inst.put("face", p.faceId(i));
        }
        if (c.body() != null) {
          inst.put("body", p.bodyId(i));
        }
        byIdentity.computeIfAbsent(c.who().identity(), k -> JSON.createArrayNode()).add(inst);
      }
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("seq_id", String.join("+", seq.panelIds()));
    ArrayNode annotations = node.putArray("annotations");
    int label = 0;
    for (ArrayNode instances : byIdentity.values()) {
      ObjectNode a = annotations.addObject();
      a.put("charId", "c" + label++);
      a.set("charInstances", instances);
    }
    return node;
  }

  private static ObjectNode box(String id, PixelBox b) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", id);
    ArrayNode coords = node.putArray("box");
    for (int v : b.toArray()) {
      coords.add(v);
    }
    node.put("score", 1.0);
    return node;
  }

  private static String manifest(ComicgenKit kit, World world, Summary summary)
      throws JsonProcessingException {
    ObjectNode m = JSON.createObjectNode();
    m.put("generator", "comic-reid comicgen world");
    m.put("generator_version", ComicgenSpec.GENERATOR_VERSION);
    m.put("comicgen_version", kit.version());
    m.put("hash", summary.hash());
    m.put("spec", world.script().spec().canonical());
    ObjectNode s = m.putObject("summary");
    s.put("series", summary.series());
    s.put("panels", summary.panels());
    s.put("sequences", summary.sequences());
    s.put("instances", summary.instances());
    s.put("identities", summary.identities());
    ObjectNode splits = m.putObject("splits");
    world.script().splitOfSeries().forEach(splits::put);
    ObjectNode casts = m.putObject("casts");
    world.script().casts().forEach((sid, cast) -> {
      ArrayNode a = casts.putArray(sid);
      cast.forEach(a::add);
    });
    ArrayNode people = m.putArray("identities");
    for (Cast.Person p : world.script().people()) {
      ObjectNode o = people.addObject();
      o.put("name", p.identity());
      o.put("aavatar", p.aavatar());
      ArrayNode looks = o.putArray("looks");
      p.looks().forEach(l -> looks.add(l.name()));
      p.traits().forEach(o::put);
    }
    ObjectWriter w = JSON.writer(new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n")));
    return w.writeValueAsString(m) + "\n";
  }

  private static String compact(ObjectNode node) throws JsonProcessingException {
    return JSON.writeValueAsString(node);
  }

  private static void writeLines(Path file, List<String> records) throws IOException {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < records.size(); i++) {
      sb.append(i == 0 ? "\n  " : ",\n  ").append(records.get(i));
    }
    sb.append(records.isEmpty() ? "]\n" : "\n]\n");
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }
}
