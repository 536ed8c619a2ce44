package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.InstanceRecord;
import org.comicreid.core.dataset.PanelRecord;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.core.pairing.FaceBodyPairing;
import org.comicreid.core.pairing.Pairing;
import org.comicreid.core.pairing.PairingRule;
import org.comicreid.core.pipeline.PairInput;
import org.comicreid.core.pipeline.PairOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.workflows.activities.PairActivities;

/**
 * Pair: joins faces with bodies on each panel (Appendix B rule or the authors' code rule, {@code
 * pair.rule} / {@code pair.min_rate}) among the boxes detect admitted to pretraining; the
 * complete face+body pairs form the self-supervised set. Also cuts the crops of every annotated
 * instance (its own face and body boxes, as detect jittered them). Crops: faces scaled by {@code
 * pair.face_scale} and squared, resized to {@code pair.face_size}; bodies scaled to {@code
 * pair.body_size} and padded; cached by content hash. Writes {@code instances.tsv} with one row
 * per pretraining pair ({@code source=ssl}) and per annotated instance ({@code source=annotated}).
 */
public final class PairActivitiesImpl extends StageSupport implements PairActivities {

  /** Columns of {@code instances.tsv}. */
  public static final List<String> COLUMNS = List.of(
      "key", "source", "instance_id", "panel_id", "series", "face_crop", "body_crop");

  public PairActivitiesImpl(StageEnvironment env) {
    super(env, Stage.PAIR);
  }

  /** One row of a detections table. */
  record Det(long id, long panel, PartKind kind, Box box, boolean ssl) {}

  @Override
  public PairOutput pair(PairInput in) {
    StageParams p = new StageParams(in.params());
    PairingRule rule = switch (p.string("pair.rule")) {
      case "paper" -> PairingRule.PAPER;
      case "authors_code" -> PairingRule.AUTHORS_CODE;
      default -> throw new ReidInputException("pair.rule: expected paper or authors_code, got '"
          + p.string("pair.rule") + "'");
    };
    double minRate = p.dbl("pair.min_rate");
    double faceScale = p.dbl("pair.face_scale");
    int faceSize = p.integer("pair.face_size");
    int bodySize = p.integer("pair.body_size");
    DatasetSnapshot ds = env.dataset(in.datasetKey());
    Map<Long, PanelRecord> panels = new HashMap<>();
    for (PanelRecord pr : ds.panels()) {
      panels.put(pr.id(), pr);
    }
    Map<Long, Det> dets = new HashMap<>();
    Map<Long, List<Det>> byPanel = new TreeMap<>();
    Tsv.Table t = Tsv.read(Path.of(in.detect().boxesPath()));
    int cId = t.col("detection_id");
    int cPanel = t.col("panel_id");
    int cKind = t.col("kind");
    int cX1 = t.col("x1");
    int cY1 = t.col("y1");
    int cX2 = t.col("x2");
    int cY2 = t.col("y2");
    int cSsl = t.col("ssl");
    for (String[] r : t.rows()) {
      Det d = new Det(Long.parseLong(r[cId]), Long.parseLong(r[cPanel]),
          PartKind.valueOf(r[cKind].toUpperCase(Locale.ROOT)),
          new Box(Double.parseDouble(r[cX1]), Double.parseDouble(r[cY1]),
              Double.parseDouble(r[cX2]), Double.parseDouble(r[cY2])),
          r[cSsl].equals("1"));
      dets.put(d.id(), d);
      byPanel.computeIfAbsent(d.panel(), k -> new ArrayList<>()).add(d);
    }
    CropStore crops = new CropStore(env.cacheDir().resolve("crops"));
    List<List<?>> rows = new ArrayList<>();
    Map<String, Long> pairedFaceBody = new HashMap<>();
    int sslPairs = 0;
    int faceOnly = 0;
    int bodyOnly = 0;
    int done = 0;
    for (Map.Entry<Long, List<Det>> e : byPanel.entrySet()) {
      PanelRecord panel = panels.get(e.getKey());
      List<Det> faces = new ArrayList<>();
      List<Det> bodies = new ArrayList<>();
      for (Det d : e.getValue()) {
        if (d.ssl()) {
          (d.kind() == PartKind.FACE ? faces : bodies).add(d);
        }
      }
      List<Pairing> pairings = FaceBodyPairing.pair(
          faces.stream().map(Det::box).toList(), bodies.stream().map(Det::box).toList(), rule, minRate);
      for (Pairing pr : pairings) {
        if (!pr.complete()) {
          if (pr.face() >= 0) {
            faceOnly++;
          } else {
            bodyOnly++;
          }
          continue;
        }
        Det f = faces.get(pr.face());
        Det b = bodies.get(pr.body());
        pairedFaceBody.put(f.id() + ":" + b.id(), 1L);
        rows.add(List.of("ssl_" + f.id() + "_" + b.id(), "ssl", -1, panel.id(), panel.series(),
            crops.crop(panel.imagePath(), f.box(), PartKind.FACE, faceSize, faceScale),
            crops.crop(panel.imagePath(), b.box(), PartKind.BODY, bodySize, faceScale)));
        sslPairs++;
      }
      if (++done % 200 == 0) {
        tick("cropping pretraining pairs: " + done + "/" + byPanel.size() + " panels");
      }
    }
    int annotated = 0;
    int both = 0;
    int agree = 0;
    for (InstanceRecord inst : ds.instances()) {
      PanelRecord panel = panels.get(inst.panelId());
      Det f = inst.hasFace() ? require(dets, inst.faceDetectionId(), inst) : null;
      Det b = inst.hasBody() ? require(dets, inst.bodyDetectionId(), inst) : null;
      String face = f == null ? ""
          : crops.crop(panel.imagePath(), f.box(), PartKind.FACE, faceSize, faceScale).toString();
      String body = b == null ? ""
          : crops.crop(panel.imagePath(), b.box(), PartKind.BODY, bodySize, faceScale).toString();
      rows.add(List.of("inst_" + inst.id(), "annotated", inst.id(), panel.id(), panel.series(), face, body));
      annotated++;
      if (f != null && b != null && f.ssl() && b.ssl()) {
        both++; // both annotated boxes passed the filters: the rule had the chance to pair them
        if (pairedFaceBody.containsKey(f.id() + ":" + b.id())) {
          agree++;
        }
      }
    }
    Path file;
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()))) {
      Tsv.write(out.file("instances.tsv"), COLUMNS, rows);
      out.publish();
      file = out.finalFile("instances.tsv");
    }
    double agreement = both == 0 ? Double.NaN : (double) agree / both;
    say(String.format(Locale.ROOT,
        "%d face-body pairs for pretraining (%s rule, rate %.2f; %d faces and %d bodies left"
            + " single); %d annotated instances; of the %d whose face and body both passed the"
            + " filters, the rule paired %.1f%% as annotated", sslPairs, p.string("pair.rule"), minRate, faceOnly, bodyOnly,
        annotated, both, 100 * agreement));
    track(in, Map.of("ssl_pairs", (double) sslPairs, "single_faces", (double) faceOnly,
        "single_bodies", (double) bodyOnly, "annotated_instances", (double) annotated,
        "pairing_agreement", agreement));
    return new PairOutput(file.toString(), sslPairs,
        provenance(in, Map.of("detections", in.detect().boxesSha256()), false));
  }

  private static Det require(Map<Long, Det> dets, long id, InstanceRecord inst) {
    Det d = dets.get(id);
    if (d == null) {
      throw new ReidInputException("instance " + inst.externalId() + " refers to detection " + id
          + ", which the detect output does not list");
    }
    return d;
  }
}
