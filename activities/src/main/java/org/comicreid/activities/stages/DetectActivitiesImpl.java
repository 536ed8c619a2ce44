package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.catalog.repository.DetectionStream;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.InstanceRecord;
import org.comicreid.learning.detect.DetectedBox;
import org.comicreid.learning.detect.DetectorSettings;
import org.comicreid.learning.detect.TorchScriptDetector;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.PanelRecord;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.core.pairing.DetectionFilter;
import org.comicreid.core.pipeline.DetectInput;
import org.comicreid.core.pipeline.DetectOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.workflows.activities.DetectActivities;

/**
 * Detect: streams the dataset's boxes panel by panel (a synthetic or comicgen world's exact
 * boxes, or an importer's detections, a million of them if need be), optionally jitters them
 * ({@code detect.box_jitter}, seeded), and marks which boxes may enter self-supervised
 * pretraining (Appendix B: area &ge; {@code detect.min_area} and score &ge; {@code
 * detect.min_score}). Annotated instances are never dropped; the filter only decides the
 * pretraining set. Writes {@code detections.tsv} row by row, in panel order, with each box's
 * image (the panel, or for already-cropped images the crop file itself, {@code precropped=1}).
 */
public final class DetectActivitiesImpl extends StageSupport implements DetectActivities {

  /** Columns of {@code detections.tsv}. */
  public static final List<String> COLUMNS = List.of("detection_id", "panel_id", "series", "image",
      "precropped", "kind", "x1", "y1", "x2", "y2", "score", "ssl", "reason");

  public DetectActivitiesImpl(StageEnvironment env) {
    super(env, Stage.DETECT);
  }

  /** Counts of one run, logged and tracked. */
  static final class Counts {
    long panels;
    long faces;
    long bodies;
    long kept;
    long byArea;
    long byScore;
    long detected;
    long annotated;
    long noImage;

    long boxes() {
      return faces + bodies;
    }
  }

  @Override
  public DetectOutput detect(DetectInput in) {
    StageParams p = new StageParams(in.params());
    double jitter = p.dbl("detect.box_jitter");
    DetectionFilter filter = new DetectionFilter(p.dbl("detect.min_area"), p.dbl("detect.min_score"));
    SplittableRandom rnd = new SplittableRandom(p.seed("detect.jitter"));
    boolean useDetector = p.string("detect.source").equals("detector");
    Set<Long> annotated = new HashSet<>();
    TorchScriptDetector detector = null;
    if (useDetector) {
      for (InstanceRecord i : env.dataset(in.datasetKey()).instances()) {
        annotated.add(i.faceDetectionId());
        annotated.add(i.bodyDetectionId());
      }
      detector = loadDetector(p);
    }
    Counts n = new Counts();
    long[] nextId = {-1};
    long t0 = System.nanoTime();
    StageContext ctx = StageContext.current();
    int every = useDetector ? 50 : 20_000;
    Published pub;
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()));
        TorchScriptDetector det = detector) {
      try (Tsv.Writer w = new Tsv.Writer(out.file("detections.tsv"), COLUMNS)) {
        DetectionStream.forEachPanel(env.catalog(), in.datasetKey(), pd -> {
          PanelRecord panel = pd.panel();
          for (DetectionRecord d : pd.detections()) {
            if (useDetector && !annotated.contains(d.id())) {
              continue; // the detector's boxes replace the dataset's, except annotated ones
            }
            Box b = jitter > 0 && !d.precropped() ? jittered(d.box(), jitter, rnd, panel) : d.box();
            write(w, panel, d, b, useDetector ? null : filter, n);
          }
          if (useDetector) {
            if (panel.imagePath().isEmpty()) {
              n.noImage++;
            } else {
              for (DetectedBox db : det.detect(CropStore.image(Path.of(panel.imagePath())))) {
                write(w, panel, new DetectionRecord(nextId[0]--, panel.id(), db.kind(), db.box(),
                    db.score()), db.box(), filter, n);
                n.detected++;
              }
            }
          }
          if (++n.panels % every == 0) {
            ctx.heartbeat(null);
            tick(String.format(Locale.ROOT, "%d panels, %d boxes, %.1f panels/s", n.panels,
                n.boxes(), n.panels / ((System.nanoTime() - t0) / 1e9)));
          }
        });
      }
      String sha = sha(out.file("detections.tsv"));
      out.publish();
      pub = new Published(out.finalFile("detections.tsv"), sha);
    }
    if (useDetector) {
      say(String.format(Locale.ROOT, "detector %s found %d boxes on %d panels (%d panels have no"
              + " panel image); the %d annotated boxes are kept for the annotated instances",
          p.string("detect.model"), n.detected, n.panels - n.noImage, n.noImage, n.annotated));
    }
    double streamed = (System.nanoTime() - t0) / 1e9;
    long ts = System.nanoTime();
    Map<String, String> provenance = provenance(in, Map.of(), useDetector);
    say(String.format(Locale.ROOT,
        "%d boxes on %d panels (%d faces, %d bodies); pretraining keeps %d, drops %d by area < %.0f"
            + " and %d by score < %.2f (streamed in %.1f s; annotated part loaded in %.1f s)",
        n.boxes(), n.panels, n.faces, n.bodies, n.kept, n.byArea, filter.minArea(), n.byScore,
        filter.minScore(), streamed, (System.nanoTime() - ts) / 1e9));
    track(in, Map.of("boxes", (double) n.boxes(), "panels", (double) n.panels,
        "faces", (double) n.faces, "bodies", (double) n.bodies, "ssl_kept", (double) n.kept,
        "ssl_dropped_area", (double) n.byArea, "ssl_dropped_score", (double) n.byScore,
        "detector_boxes", (double) n.detected));
    return new DetectOutput(pub.file().toString(), pub.sha256(), n.boxes(), provenance);
  }

  /**
   * Writes one box; {@code filter} decides whether it may enter pretraining, or, when null, it is
   * an annotated box kept only for its instance ({@code reason=annotated}, not for pretraining).
   */
  private static void write(Tsv.Writer w, PanelRecord panel, DetectionRecord d, Box b,
      DetectionFilter filter, Counts n) {
    String reason;
    if (filter == null) {
      reason = "annotated";
      n.annotated++;
    } else if (b.area() < filter.minArea()) {
      reason = "area";
      n.byArea++;
    } else if (d.score() < filter.minScore()) {
      reason = "score";
      n.byScore++;
    } else {
      reason = "ok";
      n.kept++;
    }
    if (d.kind() == PartKind.FACE) {
      n.faces++;
    } else {
      n.bodies++;
    }
    w.row(List.of(d.id(), panel.id(), panel.series(),
        d.precropped() ? d.imagePath() : panel.imagePath(), d.precropped() ? 1 : 0,
        d.kind().name().toLowerCase(Locale.ROOT), b.x1(), b.y1(), b.x2(), b.y2(), d.score(),
        reason.equals("ok") ? 1 : 0, reason));
  }

  private TorchScriptDetector loadDetector(StageParams p) {
    DetectorSettings settings = detectorSettings(p.values(), env.device());
    say(String.format(Locale.ROOT, "running detector %s at %dx%d, confidence %.2f, NMS %.2f",
        p.string("detect.model"), settings.inputWidth(), settings.inputHeight(),
        settings.confidence(), settings.nms()));
    return TorchScriptDetector.load(settings);
  }

  /**
   * The detector of a detect config slice ({@code detect.model}, {@code detect.input_size},
   * {@code detect.confidence}, {@code detect.nms}) on {@code device}.
   *
   * @throws ReidInputException when {@code detect.model} is empty
   */
  public static DetectorSettings detectorSettings(Map<String, String> params, String device) {
    StageParams p = new StageParams(params);
    String model = p.string("detect.model");
    if (model.isBlank()) {
      throw new ReidInputException("detect.source=detector needs detect.model, the TorchScript"
          + " detector file (see tools/detector/trace_dass.py)");
    }
    int side = p.integer("detect.input_size");
    return new DetectorSettings(Path.of(model).toAbsolutePath(), side, side,
        p.dbl("detect.confidence"), p.dbl("detect.nms"), device);
  }

  /** Moves each edge by up to {@code f} of the box size, keeping the box inside the panel. */
  static Box jittered(Box b, double f, SplittableRandom rnd, PanelRecord panel) {
    double w = b.width();
    double h = b.height();
    double x1 = b.x1() + (rnd.nextDouble() * 2 - 1) * f * w;
    double x2 = b.x2() + (rnd.nextDouble() * 2 - 1) * f * w;
    double y1 = b.y1() + (rnd.nextDouble() * 2 - 1) * f * h;
    double y2 = b.y2() + (rnd.nextDouble() * 2 - 1) * f * h;
    Box j = new Box(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
    return j.clip(panel.width(), panel.height());
  }
}
