package org.comicreid.catalog.synthetic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.comicreid.catalog.synthetic.Designs.CharacterDesign;
import org.comicreid.catalog.synthetic.Designs.SeriesStyle;
import org.comicreid.catalog.synthetic.SyntheticWorld.Bubble;
import org.comicreid.catalog.synthetic.SyntheticWorld.Instance;
import org.comicreid.core.dataset.Box;

/**
 * Lays out one panel: where each character stands and how (pose, scale, mirroring, crop at the
 * edge), foreground props, speech bubbles, lighting; then derives the ground truth boxes, which
 * parts stay visible and a detector-like score for each box.
 */
final class PanelPlanner {

  /** A visible part needs at least this fraction of its box unhidden. */
  static final double FACE_VISIBLE = 0.55;
  static final double BODY_VISIBLE = 0.45;

  record Result(
      List<Instance> instances,
      List<Figure> figures,
      List<Box> props,
      List<Bubble> bubbles,
      double[] tint,
      boolean grayscale) {}

  private final WorldSpec spec;
  private final SplittableRandom r;
  private final double w;
  private final double h;

  PanelPlanner(WorldSpec spec, SeriesStyle style, SplittableRandom r) {
    this.spec = spec;
    this.r = r;
    this.w = spec.panelWidth();
    this.h = spec.panelHeight();
  }

  Result plan(String panelId, List<CharacterDesign> who, List<CharacterDesign> cast) {
    boolean gray = r.nextDouble() < spec.grayscaleRate();
    double t = spec.tintStrength();
    double[] tint = {1 - t * r.nextDouble(), 1 - t * r.nextDouble(), 1 - t * r.nextDouble(),
        (r.nextDouble() - 0.5) * 80 * t};

    int k = who.size();
    List<Figure> figures = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      figures.add(figure(who.get(i), i, k));
    }
    // the far (small) figures first, the near (big) ones over them
    List<Figure> drawOrder = new ArrayList<>(figures);
    drawOrder.sort(Comparator.comparingDouble(Figure::size));

    List<Box> props = new ArrayList<>();
    if (r.nextDouble() < spec.occlusionRate()) {
      props.add(prop(figures.get(r.nextInt(k))));
    }
    List<Bubble> bubbles = bubbles(figures);

    // instance order: left to right
    List<Figure> byX = new ArrayList<>(figures);
    byX.sort(Comparator.comparingDouble(Figure::cx));
    List<Instance> instances = new ArrayList<>();
    for (int idx = 0; idx < byX.size(); idx++) {
      Figure f = byX.get(idx);
      List<Box> occluders = new ArrayList<>(props);
      for (int j = drawOrder.indexOf(f) + 1; j < drawOrder.size(); j++) {
        occluders.add(silhouette(drawOrder.get(j)));
      }
      bubbles.forEach(b -> occluders.add(b.ellipse()));
      instances.add(instance(panelId + "_" + idx, f, occluders, cast));
    }
    return new Result(instances, drawOrder, props, bubbles, tint, gray);
  }

  private Figure figure(CharacterDesign d, int slot, int k) {
    double size = h * (0.55 + 0.35 * r.nextDouble()) * d.height();
    double cx = w * (slot + 0.5) / k + (r.nextDouble() - 0.5) * 0.16 * w;
    double footY = h * (0.9 + 0.12 * r.nextDouble());
    double mode = r.nextDouble();
    if (mode < 0.08) {
      // close-up: big head near the top, the body runs off the bottom edge
      size = h * (1.7 + 0.6 * r.nextDouble());
      footY = h * (0.03 + 0.1 * r.nextDouble()) + size;
    } else if (mode < 0.14) {
      // head cut by the top edge
      footY = size * (0.85 + 0.1 * r.nextDouble());
    } else if (mode < 0.3) {
      // far in the background: a small figure, standing higher up
      size = h * (0.2 + 0.15 * r.nextDouble());
      footY = h * (0.55 + 0.25 * r.nextDouble());
    } else if (mode < 0.4) {
      // pushed against the left or right edge
      cx = r.nextBoolean() ? -0.05 * size + r.nextDouble() * 0.08 * size
          : w + 0.05 * size - r.nextDouble() * 0.08 * size;
    }
    boolean mirror = r.nextBoolean();
    double armBack = -0.2 + r.nextDouble() * 2.6;
    double armFront = -0.2 + r.nextDouble() * 2.6;
    double legs = r.nextDouble() * 0.35;
    return new Figure(d, cx, footY, size, mirror, armBack, armFront, legs, r.nextInt(4),
        r.nextDouble() * 2 - 1);
  }

  /** The part of a figure that hides what is behind it (narrower than its body box). */
  private static Box silhouette(Figure f) {
    Box b = f.bodyBox();
    double cx = (b.x1() + b.x2()) / 2;
    double half = f.size() * (f.torsoHalfW() + 0.02);
    return new Box(cx - half, b.y1(), cx + half, b.y2());
  }

  /** A crate, bush or post in the foreground over part of {@code f}. */
  private Box prop(Figure f) {
    Box b = f.bodyBox().clip(w, h);
    if (r.nextDouble() < 0.25) {
      // a post through the figure
      double x = b.x1() + r.nextDouble() * b.width();
      double half = Math.max(3, 0.04 * f.size());
      return new Box(x - half, 0, x + half, h);
    }
    double cover = 0.3 + 0.35 * r.nextDouble();
    double bw = b.width() * (0.6 + 0.5 * r.nextDouble());
    double x1 = b.x1() + (r.nextDouble() - 0.3) * b.width() * 0.5;
    double y1 = Math.min(h - 4, Math.max(b.y1(), b.y2() - b.height() * cover));
    return new Box(x1, y1, x1 + bw, h + 2);
  }

  private List<Bubble> bubbles(List<Figure> figures) {
    List<Bubble> out = new ArrayList<>();
    int n = spec.bubbleMax() == 0 ? 0 : r.nextInt(spec.bubbleMax() + 1);
    for (int b = 0; b < n; b++) {
      for (int attempt = 0; attempt < 8; attempt++) {
        double bw = w * (0.28 + 0.17 * r.nextDouble());
        double bh = h * (0.14 + 0.08 * r.nextDouble());
        double x1 = 3 + r.nextDouble() * (w - bw - 6);
        double y1 = 3 + r.nextDouble() * h * 0.2;
        Box e = new Box(x1, y1, x1 + bw, y1 + bh);
        boolean clear = out.stream().noneMatch(o -> o.ellipse().intersectionArea(e) > 0)
            && figures.stream().allMatch(f -> {
              Box face = f.faceBox().clip(w, h);
              return face.area() <= 0 || e.intersectionArea(face) < 0.1 * face.area();
            });
        if (clear) {
          Figure speaker = figures.get(r.nextInt(figures.size()));
          Box face = speaker.faceBox();
          out.add(new Bubble(e, (face.x1() + face.x2()) / 2,
              Math.max(y1 + bh + 4, Math.min(h - 2, face.y1()))));
          break;
        }
      }
    }
    return out;
  }

  private Instance instance(String id, Figure f, List<Box> occluders, List<CharacterDesign> cast) {
    Box faceFull = f.faceBox();
    Box bodyFull = f.bodyBox();
    Box face = round(faceFull.clip(w, h));
    Box body = round(bodyFull.clip(w, h));
    double faceVis = visible(faceFull, face, occluders);
    double bodyVis = visible(bodyFull, body, occluders);
    boolean hasFace = faceVis >= FACE_VISIBLE && face.width() >= 3 && face.height() >= 3;
    boolean hasBody = bodyVis >= BODY_VISIBLE && body.width() >= 3 && body.height() >= 3;
    if (!hasFace && !hasBody) {
      if (faceVis > bodyVis && face.area() > 0) {
        hasFace = true;
      } else {
        hasBody = true;
      }
    }
    boolean distractor = !cast.contains(f.design());
    return new Instance(id, f.design().identity(), distractor,
        hasFace ? face : null, hasFace ? score(face, faceVis) : 0,
        hasBody ? body : null, hasBody ? score(body, bodyVis) : 0);
  }

  /** The fraction of {@code full} that is inside the panel and not covered by an occluder. */
  private static double visible(Box full, Box clipped, List<Box> occluders) {
    if (full.area() <= 0 || clipped.area() <= 0) {
      return 0;
    }
    double inside = clipped.area() / full.area();
    double covered = 0;
    for (Box o : occluders) {
      covered += clipped.intersectionArea(o);
    }
    double open = Math.max(0, 1 - covered / clipped.area());
    return inside * open;
  }

  /** A detector-like confidence: near 1 for clear, large boxes; lower when small or hidden. */
  private double score(Box b, double visible) {
    double s = 0.96 + 0.04 * r.nextDouble();
    if (visible < 0.9) { // a detector shrugs off a little overlap, not a half-hidden figure
      s -= 0.6 * (0.9 - visible);
    }
    double area = b.area();
    if (area < 200) {
      s -= 0.15 * (1 - area / 200);
    }
    if (r.nextDouble() < 0.04) {
      s -= 0.03 + 0.05 * r.nextDouble();
    }
    s = Math.max(0.5, Math.min(1.0, s));
    return Math.round(s * 10000) / 10000.0;
  }

  private static Box round(Box b) {
    return new Box(r2(b.x1()), r2(b.y1()), r2(b.x2()), r2(b.y2()));
  }

  private static double r2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
