package org.comicreid.activities.stages;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.clustering.PartitionScores;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.InstanceRecord;
import org.comicreid.core.dataset.PanelRecord;
import org.comicreid.core.dataset.SequenceRecord;
import org.comicreid.experiments.report.plots.SequenceSheet;

/**
 * The paper's Appendix A figures of a run: for the first test sequences of {@code clusters.tsv}
 * (the cluster stage's order), a {@link SequenceSheet} of the sequence's panels from the catalog,
 * each clustered instance's face and body boxes coloured by its cluster and, below, by its
 * ground-truth identity (the catalog's sequence labels), captioned with the sequence's adjusted
 * Rand index and purity. Written as {@code sequences/<sequence id>.png}.
 *
 * <p>A sequence whose panels have no image file (a dataset of pre-cropped instances) or whose
 * boxes are on crops rather than on the panel cannot be drawn: it is skipped, and the next one is
 * taken. A sheet that cannot be rendered or written fails the stage.
 */
final class QualitativeSheets {
  /** Sub-directory of the stage's artifact directory. */
  static final String DIR = "sequences";

  private QualitativeSheets() {}

  /**
   * Renders up to {@code limit} sheets into {@code dir}/{@value #DIR}.
   *
   * @param say where the summary and skip reasons go
   * @return the files written, relative to {@code dir}
   * @throws ReidRunException when clusters.tsv and the catalog disagree, or a sheet fails
   */
  static List<String> write(DatasetSnapshot ds, Path clustersTsv, int limit, Path dir,
      Consumer<String> say) {
    if (limit <= 0) {
      return List.of();
    }
    Tsv.Table t = Tsv.read(clustersTsv);
    int cs = t.col("sequence");
    int ci = t.col("instance_id");
    int cc = t.col("cluster");
    Map<String, List<String[]>> bySequence = new LinkedHashMap<>();
    for (String[] r : t.rows()) {
      bySequence.computeIfAbsent(r[cs], k -> new ArrayList<>()).add(r);
    }
    if (bySequence.isEmpty()) {
      say.accept("no qualitative sheets: " + clustersTsv.getFileName() + " has no clustered test"
          + " sequence");
      return List.of();
    }
    Map<String, SequenceRecord> sequences = new HashMap<>();
    ds.sequences().forEach(s -> sequences.put(s.externalId(), s));
    Map<Long, PanelRecord> panels = ds.panelsById();
    Map<Long, InstanceRecord> instances = ds.instancesById();
    Map<Long, DetectionRecord> detections = ds.detectionsById();

    List<String> written = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Map.Entry<String, List<String[]>> e : bySequence.entrySet()) {
      if (written.size() == limit) {
        break;
      }
      SequenceRecord s = sequences.get(e.getKey());
      if (s == null) {
        throw new ReidRunException(clustersTsv + ": sequence " + e.getKey() + " is not in dataset "
            + ds.name());
      }
      List<BufferedImage> images = new ArrayList<>();
      String why = null;
      for (long pid : s.panelIds()) {
        PanelRecord p = panels.get(pid);
        if (p == null || p.imagePath().isEmpty() || !Files.isRegularFile(Path.of(p.imagePath()))) {
          why = "panel " + (p == null ? pid : p.externalId()) + " has no image file";
          break;
        }
        images.add(CropStore.image(Path.of(p.imagePath())));
      }
      List<SequenceSheet.Instance> drawn = new ArrayList<>();
      int[] pred = new int[e.getValue().size()];
      int[] truth = new int[pred.length];
      Map<String, Integer> truthCode = new HashMap<>();
      for (int k = 0; why == null && k < pred.length; k++) {
        String[] r = e.getValue().get(k);
        long id = Long.parseLong(r[ci]);
        InstanceRecord inst = instances.get(id);
        String label = s.labels().get(id);
        if (inst == null || label == null) {
          throw new ReidRunException(clustersTsv + ": instance " + id + " of sequence " + s.externalId()
              + " is not " + (inst == null ? "an instance of dataset " + ds.name()
              : "labelled in that sequence"));
        }
        int panel = s.panelIds().indexOf(inst.panelId());
        if (panel < 0) {
          throw new ReidRunException("instance " + inst.externalId() + " of sequence "
              + s.externalId() + " is on panel " + inst.panelId() + ", not one of the sequence's "
              + s.panelIds());
        }
        Box face = inst.hasFace() ? box(detections.get(inst.faceDetectionId()), inst) : null;
        Box body = inst.hasBody() ? box(detections.get(inst.bodyDetectionId()), inst) : null;
        if ((inst.hasFace() && face == null) || (inst.hasBody() && body == null)) {
          why = "the boxes of instance " + inst.externalId() + " are on cropped images, not on the"
              + " panel";
          break;
        }
        pred[k] = Integer.parseInt(r[cc]);
        truth[k] = truthCode.computeIfAbsent(label, x -> truthCode.size());
        drawn.add(new SequenceSheet.Instance(panel, face, body, r[cc], label));
      }
      if (why != null) {
        skipped.add(s.externalId() + " (" + why + ")");
        continue;
      }
      String caption = String.format(Locale.ROOT, "series %s | adjusted Rand %.3f | purity %.3f |"
              + " %d instances, %d clusters, %d identities", s.series(),
          PartitionScores.adjustedRandIndex(pred, truth), PartitionScores.purity(pred, truth),
          pred.length, java.util.Arrays.stream(pred).distinct().count(), truthCode.size());
      String name = DIR + "/" + fileName(s, names) + ".png";
      try {
        new SequenceSheet(s.externalId(), caption, images, drawn).write(dir.resolve(name));
      } catch (RuntimeException ex) {
        throw new ReidRunException("cannot render the qualitative sheet of sequence "
            + s.externalId() + " (" + name + "): " + ex.getMessage(), ex);
      }
      written.add(name);
    }
    say.accept(String.format(Locale.ROOT, "qualitative sheets of %d of %d clustered test sequences"
            + " in %s/ (evaluate.qualitative_sequences=%d)%s", written.size(), bySequence.size(), DIR,
        limit, skipped.isEmpty() ? "" : "; skipped " + skipped.size() + ": " + skipped.get(0)
            + (skipped.size() > 1 ? ", ..." : "")));
    return written;
  }

  /** The box of a detection on its panel, or null when it is on a pre-cropped image. */
  private static Box box(DetectionRecord d, InstanceRecord inst) {
    if (d == null) {
      throw new ReidRunException("instance " + inst.externalId() + " refers to a detection the"
          + " dataset snapshot does not hold");
    }
    return d.precropped() ? null : d.box();
  }

  /** The sequence id with characters unsafe in file names replaced, unique within the run. */
  static String fileName(SequenceRecord s, Set<String> taken) {
    String base = s.externalId().replaceAll("[^A-Za-z0-9._+-]", "_");
    String name = base;
    if (!taken.add(name)) {
      name = base + "_" + s.id();
      taken.add(name);
    }
    return name;
  }
}
