package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.PanelRecord;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.core.pairing.DetectionFilter;
import org.comicreid.core.pipeline.DetectInput;
import org.comicreid.core.pipeline.DetectOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.workflows.activities.DetectActivities;

/**
 * Detect: reads the dataset's boxes (a synthetic world's ground truth or an importer's
 * detections), optionally jitters them ({@code detect.box_jitter}, seeded), and marks which boxes
 * may enter self-supervised pretraining (Appendix B: area &ge; {@code detect.min_area} and score
 * &ge; {@code detect.min_score}). Annotated instances are never dropped; the filter only decides
 * the pretraining set. Writes {@code detections.tsv}.
 */
public final class DetectActivitiesImpl extends StageSupport implements DetectActivities {

  /** Columns of {@code detections.tsv}. */
  public static final List<String> COLUMNS =
      List.of("detection_id", "panel_id", "kind", "x1", "y1", "x2", "y2", "score", "ssl", "reason");

  public DetectActivitiesImpl(StageEnvironment env) {
    super(env, Stage.DETECT);
  }

  @Override
  public DetectOutput detect(DetectInput in) {
    StageParams p = new StageParams(in.params());
    DatasetSnapshot ds = env.dataset(in.datasetKey());
    double jitter = p.dbl("detect.box_jitter");
    DetectionFilter filter = new DetectionFilter(p.dbl("detect.min_area"), p.dbl("detect.min_score"));
    SplittableRandom rnd = new SplittableRandom(p.seed("detect.jitter"));
    Map<Long, PanelRecord> panels = new HashMap<>();
    for (PanelRecord pr : ds.panels()) {
      panels.put(pr.id(), pr);
    }
    List<List<?>> rows = new ArrayList<>();
    int faces = 0;
    int bodies = 0;
    int kept = 0;
    int byArea = 0;
    int byScore = 0;
    for (DetectionRecord d : ds.detections()) {
      PanelRecord panel = panels.get(d.panelId());
      Box b = jitter > 0 ? jittered(d.box(), jitter, rnd, panel) : d.box();
      DetectionRecord j = new DetectionRecord(d.id(), d.panelId(), d.kind(), b, d.score());
      String reason;
      if (j.box().area() < filter.minArea()) {
        reason = "area";
        byArea++;
      } else if (j.score() < filter.minScore()) {
        reason = "score";
        byScore++;
      } else {
        reason = "ok";
        kept++;
      }
      if (d.kind() == PartKind.FACE) {
        faces++;
      } else {
        bodies++;
      }
      rows.add(List.of(d.id(), d.panelId(), d.kind().name().toLowerCase(Locale.ROOT),
          b.x1(), b.y1(), b.x2(), b.y2(), d.score(), reason.equals("ok") ? 1 : 0, reason));
    }
    Published pub = publishTable(in, "detections.tsv", COLUMNS, rows);
    Path file = pub.file();
    String sha = pub.sha256();
    say(String.format(Locale.ROOT,
        "%d boxes on %d panels (%d faces, %d bodies); pretraining keeps %d, drops %d by area < %.0f"
            + " and %d by score < %.2f", rows.size(), ds.panels().size(), faces, bodies, kept,
        byArea, filter.minArea(), byScore, filter.minScore()));
    track(in, Map.of("boxes", (double) rows.size(), "faces", (double) faces,
        "bodies", (double) bodies, "ssl_kept", (double) kept,
        "ssl_dropped_area", (double) byArea, "ssl_dropped_score", (double) byScore));
    return new DetectOutput(file.toString(), sha, rows.size(), provenance(in, Map.of(), false));
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
