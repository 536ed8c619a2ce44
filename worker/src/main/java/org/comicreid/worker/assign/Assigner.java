package org.comicreid.worker.assign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.comicreid.activities.stages.TrainedModel;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.clustering.Linkage;
import org.comicreid.core.clustering.SequenceAssignment;
import org.comicreid.core.dataset.Box;
import org.comicreid.experiments.report.plots.SequenceSheet;

/**
 * Applies a trained pipeline to sequences: embeds every instance with the run's model ({@link
 * TrainedModel}), assigns identities per sequence at one threshold and linkage ({@link
 * SequenceAssignment}, what the cluster stage does), and writes {@code assignments.json} and
 * {@code panels/<sequence>.png} (boxes coloured by assigned identity, {@link SequenceSheet}) into
 * a staging directory that is renamed to the output directory at the end.
 */
public final class Assigner {

  /** Name of the JSON result in the output directory. */
  public static final String JSON = "assignments.json";
  /** Sub-directory of the sequence sheets. */
  public static final String PANELS = "panels";

  private Assigner() {}

  /**
   * What to apply and how.
   *
   * @param run the resolved pipeline
   * @param threshold the distance threshold
   * @param thresholdSource where it came from ({@code threshold stage}, {@code cluster.threshold},
   *     {@code --threshold})
   * @param linkage the linkage
   * @param source what the sequences are, for the JSON ({@code dataset}/{@code split} or {@code
   *     directory}/{@code detections})
   */
  public record Settings(TrainedRun run, double threshold, String thresholdSource, Linkage linkage,
      Map<String, Object> source) {}

  /** What was written. */
  public record Summary(Path out, int sequences, int instances, int assigned, int identities,
      int sheets, List<String> skippedSheets) {}

  /** Runs the assignment and writes {@code out} (replacing an earlier assign output there). */
  public static Summary run(Settings s, List<PanelSequences.Sequence> sequences, CropStore crops,
      Path out, PrintWriter progress) {
    List<TrainedModel.Crops> rows = new ArrayList<>();
    for (PanelSequences.Sequence q : sequences) {
      for (PanelSequences.Instance i : q.instances()) {
        rows.add(new TrainedModel.Crops(i.id(), i.faceCrop(), i.bodyCrop()));
      }
    }
    long t0 = System.nanoTime();
    progress.println(String.format(Locale.ROOT, "assign: embedding %d instances of %d sequences"
        + " with %s", rows.size(), sequences.size(), s.run().fineTune().checkpointPath()));
    progress.flush();
    Map<Long, float[]> emb = rows.isEmpty() ? Map.of() : TrainedModel.embed(
        Path.of(s.run().pretrain().checkpointPath()), Path.of(s.run().fineTune().checkpointPath()),
        s.run().params(org.comicreid.core.pipeline.Stage.FINE_TUNE),
        s.run().pretrain().provenance(), rows, crops);
    progress.println(String.format(Locale.ROOT, "assign: embedded in %.1f s",
        (System.nanoTime() - t0) / 1e9));
    progress.flush();

    List<SequenceAssignment.Members> members = new ArrayList<>();
    for (PanelSequences.Sequence q : sequences) {
      long[] ids = q.instances().stream().mapToLong(PanelSequences.Instance::id).toArray();
      String[] labels = q.labelled()
          ? q.instances().stream().map(PanelSequences.Instance::truth).toArray(String[]::new)
          : null;
      members.add(new SequenceAssignment.Members(q.id(), ids, labels));
    }
    SequenceAssignment.Outcome outcome =
        SequenceAssignment.assign(members, emb, s.threshold(), s.linkage());
    Map<String, SequenceAssignment.Assigned> byId = new HashMap<>();
    outcome.sequences().forEach(a -> byId.put(a.id(), a));

    Path abs = out.toAbsolutePath().normalize();
    Path staging;
    try {
      Files.createDirectories(abs.getParent());
      staging = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".partial-");
      Files.createDirectories(staging.resolve(PANELS));
    } catch (IOException e) {
      throw new ReidRunException("cannot create the output next to " + abs + ": " + e.getMessage(), e);
    }
    try {
      List<Object> seqDocs = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      Set<String> names = new HashSet<>();
      int assigned = 0;
      int instances = 0;
      int sheets = 0;
      int every = Math.max(1, sequences.size() / 10);
      for (int k = 0; k < sequences.size(); k++) {
        PanelSequences.Sequence q = sequences.get(k);
        SequenceAssignment.Assigned a = byId.get(q.id());
        Map<Long, Integer> clusterOf = new HashMap<>();
        if (a != null) {
          for (int i = 0; i < a.instanceIds().length; i++) {
            clusterOf.put(a.instanceIds()[i], a.cluster(i));
          }
        }
        instances += q.instances().size();
        assigned += clusterOf.size();
        String file = fileName(q.id(), names);
        String why = sheet(q, clusterOf, a, staging.resolve(PANELS).resolve(file + ".png"));
        if (why == null) {
          sheets++;
        } else {
          skipped.add(q.id() + " (" + why + ")");
        }
        seqDocs.add(sequenceDoc(q, clusterOf, a, why == null ? PANELS + "/" + file + ".png" : null,
            why));
        if ((k + 1) % every == 0 || k + 1 == sequences.size()) {
          progress.println(String.format(Locale.ROOT, "assign: %d/%d sequences", k + 1,
              sequences.size()));
          progress.flush();
        }
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("run", s.run().workflowId());
      doc.put("run_resolved_from", s.run().resolvedFrom());
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("pretrain_checkpoint", s.run().pretrain().checkpointPath());
      model.put("finetune_checkpoint", s.run().fineTune().checkpointPath());
      model.put("finetune_checkpoint_sha256", s.run().fineTune().checkpointSha256());
      model.put("trained_on", s.run().dataset());
      doc.put("model", model);
      doc.put("threshold", s.threshold());
      doc.put("threshold_source", s.thresholdSource());
      doc.put("linkage", s.linkage().name().toLowerCase(Locale.ROOT));
      doc.put("panels", s.source());
      doc.put("mean_adjusted_rand", finite(outcome.scores().meanAri()));
      doc.put("mean_purity", finite(outcome.scores().meanPurity()));
      doc.put("sequences", seqDocs);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(staging.resolve(JSON).toFile(), doc);
      replace(staging, abs);
      return new Summary(abs, sequences.size(), instances, assigned, outcome.clusterCount(), sheets,
          skipped);
    } catch (IOException | RuntimeException e) {
      deleteTree(staging);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new ReidRunException("cannot write " + abs + ": " + e.getMessage(), e);
    }
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static Map<String, Object> sequenceDoc(PanelSequences.Sequence q,
      Map<Long, Integer> clusterOf, SequenceAssignment.Assigned a, String sheet, String why) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", q.id());
    if (!q.series().isEmpty()) {
      d.put("series", q.series());
    }
    if (!q.split().isEmpty()) {
      d.put("split", q.split());
    }
    List<Object> panels = new ArrayList<>();
    for (PanelSequences.Panel p : q.panels()) {
      Map<String, Object> pd = new LinkedHashMap<>();
      pd.put("id", p.id());
      pd.put("image", p.image() == null ? null : p.image().toString());
      pd.put("width", p.width());
      pd.put("height", p.height());
      panels.add(pd);
    }
    d.put("panels", panels);
    d.put("identities", a == null ? 0 : a.result().clustering().clusterCount());
    if (a != null && a.labels() != null) {
      d.put("adjusted_rand", finite(a.result().ari()));
      d.put("purity", finite(a.result().purity()));
    }
    d.put("sheet", sheet);
    if (why != null) {
      d.put("sheet_skipped", why);
    }
    List<Object> insts = new ArrayList<>();
    for (PanelSequences.Instance i : q.instances()) {
      Map<String, Object> id = new LinkedHashMap<>();
      id.put("id", i.id());
      id.put("external_id", i.externalId());
      id.put("panel", i.panel());
      id.put("face_box", box(i.face()));
      id.put("body_box", box(i.body()));
      if (!i.onPanel()) {
        id.put("boxes_on", "cropped images");
      }
      id.put("identity", clusterOf.get(i.id()));
      if (!clusterOf.containsKey(i.id())) {
        id.put("unassigned", "the model's parts (finetune.parts) cannot embed this instance");
      }
      if (i.truth() != null) {
        id.put("true_identity", i.truth());
      }
      if (i.globalTruth() != null) {
        id.put("true_global_identity", i.globalTruth());
      }
      insts.add(id);
    }
    d.put("instances", insts);
    return d;
  }

  private static List<Double> box(Box b) {
    return b == null ? null : List.of(b.x1(), b.y1(), b.x2(), b.y2());
  }

  /**
   * Draws one sequence's sheet; returns why it could not be drawn (no panel images, boxes on
   * cropped images), or null when written.
   */
  private static String sheet(PanelSequences.Sequence q, Map<Long, Integer> clusterOf,
      SequenceAssignment.Assigned a, Path file) {
    List<BufferedImage> images = new ArrayList<>();
    for (PanelSequences.Panel p : q.panels()) {
      if (p.image() == null || !Files.isRegularFile(p.image())) {
        return "panel " + p.id() + " has no image file";
      }
      images.add(CropStore.image(p.image()));
    }
    List<SequenceSheet.Instance> drawn = new ArrayList<>();
    for (PanelSequences.Instance i : q.instances()) {
      Integer c = clusterOf.get(i.id());
      if (c == null) {
        continue;
      }
      if (!i.onPanel()) {
        return "the boxes of instance " + i.externalId() + " are on cropped images, not on the panel";
      }
      drawn.add(new SequenceSheet.Instance(i.panel(), i.face(), i.body(), Integer.toString(c),
          i.truth() == null ? Integer.toString(c) : i.truth()));
    }
    int identities = a == null ? 0 : a.result().clustering().clusterCount();
    String caption;
    SequenceSheet sheet;
    if (q.labelled() && a != null) {
      caption = String.format(Locale.ROOT, "%s%s, %s | adjusted Rand %.3f | purity %.3f",
          q.series().isEmpty() ? "" : "series " + q.series() + " | ",
          count(drawn.size(), "instance", "instances"),
          count(identities, "identity", "identities"), a.result().ari(), a.result().purity());
      sheet = new SequenceSheet(q.id(), caption, images, drawn);
    } else {
      caption = count(drawn.size(), "instance", "instances") + ", "
          + count(identities, "identity", "identities");
      sheet = SequenceSheet.predictedOnly(q.id(), caption, images, drawn);
    }
    try {
      sheet.write(file);
    } catch (RuntimeException e) {
      throw new ReidRunException("cannot render the sheet of sequence " + q.id() + " (" + file
          + "): " + e.getMessage(), e);
    }
    return null;
  }

  static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /** The sequence id with characters unsafe in file names replaced, unique within the output. */
  static String fileName(String id, Set<String> taken) {
    String base = id.replaceAll("[^A-Za-z0-9._+-]", "_");
    String name = base;
    for (int n = 2; !taken.add(name); n++) {
      name = base + "_" + n;
    }
    return name;
  }

  /** Moves the finished staging directory to {@code out}, replacing an earlier output there. */
  private static void replace(Path staging, Path out) throws IOException {
    Path old = null;
    if (Files.exists(out)) {
      old = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".old-");
      Files.delete(old);
      Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteTree(old);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover staging or old directory is harmless; the output itself is complete
    }
  }
}
