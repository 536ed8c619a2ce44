package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.comicreid.catalog.images.CropSpec;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.InstanceRecord;
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
 * complete face+body pairs form the self-supervised set. Annotated instances whose face and body
 * are already-cropped images (the "instances" layout) are pretraining pairs as they are. Also lists
 * every annotated instance with its own face and body boxes (as detect jittered them).
 *
 * <p>Nothing is cropped here: {@code instances.tsv} holds crop specs ({@link CropSpec#encode()}),
 * and the stages that read pixels cut (and cache) the crops they use. Faces follow the paper's
 * rule (scaled by {@code pair.face_scale}, squared, resized to {@code pair.face_size}); bodies and
 * already-cropped images are scaled to their side ({@code pair.body_size} / {@code
 * pair.face_size}) and padded. The detections table is read row by row, one panel at a time, and
 * {@code instances.tsv} is written row by row, so a million boxes cost memory for one panel.
 */
public final class PairActivitiesImpl extends StageSupport implements PairActivities {

  /** Columns of {@code instances.tsv}; the crop columns hold crop specs, empty = no such part. */
  public static final List<String> COLUMNS = List.of(
      "key", "source", "instance_id", "panel_id", "series", "face_crop", "body_crop");

  public PairActivitiesImpl(StageEnvironment env) {
    super(env, Stage.PAIR);
  }

  /** One row of a detections table. */
  record Det(long id, long panel, String series, String image, boolean precropped, PartKind kind,
      Box box, boolean ssl) {}

  /** Crop settings of this run. */
  record Crops(int faceSize, int bodySize, double faceScale) {
    String spec(Det d) {
      return CropSpec.ofPart(d.image(), d.box(), d.precropped(), d.kind(), faceSize, bodySize,
          faceScale).encode();
    }
  }

  /** Counts of one run. */
  static final class Counts {
    long panels;
    long boxes;
    long sslPairs;
    long faceOnly;
    long bodyOnly;
  }

  @Override
  public PairOutput pair(PairInput in) {
    StageParams p = new StageParams(in.params());
    PairingRule rule = rule(in.params());
    double minRate = p.dbl("pair.min_rate");
    Crops crops = new Crops(p.integer("pair.face_size"), p.integer("pair.body_size"),
        p.dbl("pair.face_scale"));
    DatasetSnapshot ds = env.dataset(in.datasetKey());
    Set<Long> annotatedBoxes = new HashSet<>();
    for (InstanceRecord inst : ds.instances()) {
      annotatedBoxes.add(inst.faceDetectionId());
      annotatedBoxes.add(inst.bodyDetectionId());
    }
    Map<Long, Det> dets = new HashMap<>();
    Counts n = new Counts();
    Set<String> pairedFaceBody = new HashSet<>();
    long t0 = System.nanoTime();
    StageContext ctx = StageContext.current();
    int[] summary = new int[3]; // annotated instances, both parts passed the filters, paired as annotated
    Path file;
    String sha;
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()))) {
      try (Tsv.Writer w = new Tsv.Writer(out.file("instances.tsv"), COLUMNS)) {
        class PanelPairer implements Tsv.RowSink {
          int cId;
          int cPanel;
          int cSeries;
          int cImage;
          int cPre;
          int cKind;
          int cX1;
          int cY1;
          int cX2;
          int cY2;
          int cSsl;
          long panel = Long.MIN_VALUE;
          final List<Det> faces = new ArrayList<>();
          final List<Det> bodies = new ArrayList<>();

          @Override
          public void header(Tsv.Header h) {
            cId = h.col("detection_id");
            cPanel = h.col("panel_id");
            cSeries = h.col("series");
            cImage = h.col("image");
            cPre = h.col("precropped");
            cKind = h.col("kind");
            cX1 = h.col("x1");
            cY1 = h.col("y1");
            cX2 = h.col("x2");
            cY2 = h.col("y2");
            cSsl = h.col("ssl");
          }

          @Override
          public void row(String[] r) {
            Det d = new Det(Long.parseLong(r[cId]), Long.parseLong(r[cPanel]), r[cSeries],
                r[cImage], r[cPre].equals("1"), PartKind.valueOf(r[cKind].toUpperCase(Locale.ROOT)),
                new Box(Double.parseDouble(r[cX1]), Double.parseDouble(r[cY1]),
                    Double.parseDouble(r[cX2]), Double.parseDouble(r[cY2])),
                r[cSsl].equals("1"));
            n.boxes++;
            if (annotatedBoxes.contains(d.id())) {
              dets.put(d.id(), d);
            }
            if (d.panel() != panel) {
              flush();
              panel = d.panel();
              if (++n.panels % 20_000 == 0) {
                ctx.heartbeat(null);
                tick(String.format(Locale.ROOT, "paired %d panels, %d boxes, %.0f boxes/s",
                    n.panels, n.boxes, n.boxes / ((System.nanoTime() - t0) / 1e9)));
              }
            }
            if (d.ssl() && !d.precropped()) {
              (d.kind() == PartKind.FACE ? faces : bodies).add(d);
            }
          }

          /** Pairs the boxes of the panel read so far. */
          void flush() {
            if (faces.isEmpty() && bodies.isEmpty()) {
              return;
            }
            List<Pairing> pairings = FaceBodyPairing.pair(faces.stream().map(Det::box).toList(),
                bodies.stream().map(Det::box).toList(), rule, minRate);
            for (Pairing pr : pairings) {
              if (!pr.complete()) {
                if (pr.face() >= 0) {
                  n.faceOnly++;
                } else {
                  n.bodyOnly++;
                }
                continue;
              }
              Det f = faces.get(pr.face());
              Det b = bodies.get(pr.body());
              pairedFaceBody.add(f.id() + ":" + b.id());
              w.row(List.of("ssl_" + f.id() + "_" + b.id(), "ssl", -1, f.panel(), f.series(),
                  crops.spec(f), crops.spec(b)));
              n.sslPairs++;
            }
            faces.clear();
            bodies.clear();
          }
        }
        PanelPairer pairer = new PanelPairer();
        Tsv.stream(Path.of(in.detect().boxesPath()), pairer);
        pairer.flush(); // the last panel
        int both = 0;
        int agree = 0;
        int annotated = 0;
        for (InstanceRecord inst : ds.instances()) {
          Det f = inst.hasFace() ? require(dets, inst.faceDetectionId(), inst) : null;
          Det b = inst.hasBody() ? require(dets, inst.bodyDetectionId(), inst) : null;
          long panel = (f != null ? f : b).panel();
          String series = (f != null ? f : b).series();
          String face = f == null ? "" : crops.spec(f);
          String body = b == null ? "" : crops.spec(b);
          w.row(List.of("inst_" + inst.id(), "annotated", inst.id(), panel, series, face, body));
          annotated++;
          if (f != null && b != null && f.precropped() && b.precropped()) {
            // already-cropped face and body of one instance: a pretraining pair as it is
            w.row(List.of("ssl_inst_" + inst.id(), "ssl", -1, panel, series, face, body));
            n.sslPairs++;
          } else if (f != null && b != null && f.ssl() && b.ssl()) {
            both++; // both annotated boxes passed the filters: the rule had the chance to pair them
            if (pairedFaceBody.contains(f.id() + ":" + b.id())) {
              agree++;
            }
          }
        }
        summary[0] = annotated;
        summary[1] = both;
        summary[2] = agree;
      }
      sha = sha(out.file("instances.tsv"));
      out.publish();
      file = out.finalFile("instances.tsv");
    }
    double agreement = summary[1] == 0 ? Double.NaN : (double) summary[2] / summary[1];
    say(String.format(Locale.ROOT,
        "%d face-body pairs for pretraining (%s rule, rate %.2f; %d faces and %d bodies left"
            + " single) from %d boxes on %d panels; %d annotated instances; %s (%.1f s)",
        n.sslPairs, p.string("pair.rule"), minRate, n.faceOnly, n.bodyOnly, n.boxes, n.panels,
        summary[0], summary[1] == 0
            ? "no annotated face and body on a panel passed the filters, so the rule's agreement"
                + " with the annotations is not measured"
            : String.format(Locale.ROOT, "of the %d whose face and body both passed the filters,"
                + " the rule paired %.1f%% as annotated", summary[1], 100 * agreement),
        (System.nanoTime() - t0) / 1e9));
    track(in, Map.of("ssl_pairs", (double) n.sslPairs, "single_faces", (double) n.faceOnly,
        "single_bodies", (double) n.bodyOnly, "annotated_instances", (double) summary[0],
        "pairing_agreement", agreement));
    return new PairOutput(file.toString(), n.sslPairs,
        provenance(in, Map.of("detections", in.detect().boxesSha256(), "instances", sha), false));
  }

  /** The pairing rule of a pair config slice ({@code pair.rule}). */
  public static PairingRule rule(Map<String, String> params) {
    StageParams p = new StageParams(params);
    return switch (p.string("pair.rule")) {
      case "paper" -> PairingRule.PAPER;
      case "authors_code" -> PairingRule.AUTHORS_CODE;
      default -> throw new ReidInputException("pair.rule: expected paper or authors_code, got '"
          + p.string("pair.rule") + "'");
    };
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
