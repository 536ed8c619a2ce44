package org.comicreid.learning.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.PartKind;
import org.junit.jupiter.api.Test;

class YoloxDecoderTest {

  /** r = 1: input pixels are image pixels. */
  static final Letterbox IDENTITY = Letterbox.of(1000, 1000, 1000, 1000);

  static float[] row(double cx, double cy, double w, double h, double obj, double... cls) {
    float[] r = new float[5 + cls.length];
    r[0] = (float) cx;
    r[1] = (float) cy;
    r[2] = (float) w;
    r[3] = (float) h;
    r[4] = (float) obj;
    for (int k = 0; k < cls.length; k++) {
      r[5 + k] = (float) cls[k];
    }
    return r;
  }

  static List<Box> boxes(List<DetectedBox> d) {
    return d.stream().map(DetectedBox::box).toList();
  }

  /** Same boxes in the same order, to 1e-9 px (division by r is not exact in binary). */
  static void assertBoxes(List<Box> expected, List<DetectedBox> actual) {
    assertEquals(expected.size(), actual.size(), actual::toString);
    for (int i = 0; i < expected.size(); i++) {
      Box e = expected.get(i);
      Box a = actual.get(i).box();
      String msg = "box " + i + ": expected " + e + ", got " + a;
      assertEquals(e.x1(), a.x1(), 1e-9, msg);
      assertEquals(e.y1(), a.y1(), 1e-9, msg);
      assertEquals(e.x2(), a.x2(), 1e-9, msg);
      assertEquals(e.y2(), a.y2(), 1e-9, msg);
    }
  }

  static List<Double> scores(List<DetectedBox> d) {
    return d.stream().map(DetectedBox::score).toList();
  }

  @Test
  void scoreIsObjectnessTimesClassAndTheThresholdIsInclusive() {
    YoloxDecoder dec = new YoloxDecoder(0.5, 0.4);
    float[][] rows = {
      row(100, 100, 10, 10, 1.0, 0.5), // 0.5 = threshold: kept
      row(300, 300, 10, 10, 0.5, 0.5), // 0.25: dropped
      row(500, 500, 10, 10, 0.9, 0.25), // 0.225: dropped although objectness 0.9 passes
      row(700, 700, 10, 10, 0.25, 1.0), // 0.25: dropped although the class score passes
    };
    List<DetectedBox> d = dec.decode(rows, IDENTITY, PartKind.FACE);
    assertEquals(List.of(new Box(95, 95, 105, 105)), boxes(d));
    assertEquals(List.of(0.5), scores(d));
    assertEquals(PartKind.FACE, d.get(0).kind());
  }

  @Test
  void nmsRemovesIouAboveTheThresholdAndKeepsIouAtIt() {
    // A = (0,0)-(10,10), area 100; B = (0,0)-(10,4) inside A, area 40: IoU exactly 0.4.
    float[][] rows = {row(5, 5, 10, 10, 0.9, 1.0), row(5, 2, 10, 4, 0.8, 1.0)};
    assertEquals(0.4, YoloxDecoder.iou(new Box(0, 0, 10, 10), new Box(0, 0, 10, 4)));

    List<DetectedBox> at = new YoloxDecoder(0.5, 0.4).decode(rows, IDENTITY, PartKind.BODY);
    assertEquals(List.of(new Box(0, 0, 10, 10), new Box(0, 0, 10, 4)), boxes(at));

    List<DetectedBox> below = new YoloxDecoder(0.5, 0.39).decode(rows, IDENTITY, PartKind.BODY);
    assertEquals(List.of(new Box(0, 0, 10, 10)), boxes(below));
  }

  @Test
  void nmsIsGreedyASuppressedBoxSuppressesNothing() {
    // A (0..10), B (4..14), C (8..18) on one row, height 10: IoU(A,B) = IoU(B,C) = 60/140 = 0.43,
    // IoU(A,C) = 20/180 = 0.11. B goes (suppressed by A), so C survives.
    float[][] rows = {
      row(13, 5, 10, 10, 0.7, 1.0), // C
      row(9, 5, 10, 10, 0.8, 1.0), // B
      row(5, 5, 10, 10, 0.9, 1.0), // A
    };
    List<DetectedBox> d = new YoloxDecoder(0.5, 0.4).decode(rows, IDENTITY, PartKind.FACE);
    assertEquals(List.of(new Box(0, 0, 10, 10), new Box(8, 0, 18, 10)), boxes(d));
  }

  @Test
  void outputIsByDecreasingScoreWithTiesInRowOrder() {
    float[][] rows = {
      row(100, 100, 10, 10, 0.6, 1.0),
      row(300, 100, 10, 10, 0.8, 1.0),
      row(500, 100, 10, 10, 0.7, 1.0),
      row(700, 100, 10, 10, 0.8, 1.0), // ties with row 1: comes after it
    };
    List<DetectedBox> d = new YoloxDecoder(0.5, 0.4).decode(rows, IDENTITY, PartKind.FACE);
    assertEquals(List.of(300.0, 700.0, 500.0, 100.0),
        d.stream().map(b -> (b.box().x1() + b.box().x2()) / 2).toList());
  }

  @Test
  void ofTwoOverlappingBoxesWithEqualScoresTheEarlierRowIsKept() {
    float[] first = row(50, 50, 20, 20, 0.8, 1.0);
    float[] second = row(51, 50, 20, 20, 0.8, 1.0);
    YoloxDecoder dec = new YoloxDecoder(0.5, 0.4);
    assertEquals(List.of(new Box(40, 40, 60, 60)),
        boxes(dec.decode(new float[][] {first, second}, IDENTITY, PartKind.FACE)));
    assertEquals(List.of(new Box(41, 40, 61, 60)),
        boxes(dec.decode(new float[][] {second, first}, IDENTITY, PartKind.FACE)));
  }

  @Test
  void boxesAreDividedByRAndClippedToTheImage() {
    Letterbox lb = Letterbox.of(800, 500, 640, 640); // r = 0.8, image on (0,0)-(640,400)
    float[][] rows = {
      row(100, 100, 40, 20, 0.9, 1.0), // (80,90)-(120,110) -> (100,112.5)-(150,137.5)
      row(620, 390, 80, 40, 0.8, 1.0), // (580,370)-(660,410) -> (725,462.5)-(825,512.5), clipped
    };
    List<DetectedBox> d = new YoloxDecoder(0.55, 0.4).decode(rows, lb, PartKind.BODY);
    assertBoxes(List.of(new Box(100, 112.5, 150, 137.5), new Box(725, 462.5, 800, 500)), d);
  }

  @Test
  void severalClassColumnsUseTheLargest() {
    float[][] rows = {row(100, 100, 10, 10, 0.9, 0.2, 0.8, 0.5)};
    List<DetectedBox> d = new YoloxDecoder(0.7, 0.4).decode(rows, IDENTITY, PartKind.FACE);
    assertEquals(1, d.size()); // first (0.18) or last (0.45) class would drop it
    assertEquals(0.72, d.get(0).score(), 1e-6);
  }

  @Test
  void fiveColumnsMeanScoreIsObjectness() {
    // DASS's heads have no class column.
    float[] flat = {100, 100, 10, 10, 0.6f, 300, 300, 10, 10, 0.5f};
    List<DetectedBox> d = new YoloxDecoder(0.55, 0.4).decode(flat, 5, IDENTITY, PartKind.FACE);
    assertEquals(List.of(new Box(95, 95, 105, 105)), boxes(d));
    assertEquals(0.6, d.get(0).score(), 1e-7);
  }

  @Test
  void emptyInputsGiveNoBoxes() {
    YoloxDecoder dec = new YoloxDecoder(0.55, 0.4);
    assertEquals(List.of(), dec.decode(new float[0], 6, IDENTITY, PartKind.FACE));
    assertEquals(List.of(), dec.decode(new float[0][], IDENTITY, PartKind.FACE));
    assertEquals(List.of(),
        dec.decode(new float[][] {row(1, 1, 1, 1, 0.1, 1.0)}, IDENTITY, PartKind.FACE));
  }

  @Test
  void malformedOutputIsRejectedWithItsShape() {
    YoloxDecoder dec = new YoloxDecoder(0.55, 0.4);
    IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class,
        () -> dec.decode(new float[8], 4, IDENTITY, PartKind.FACE));
    assertTrue(narrow.getMessage().contains("at least 5 columns"), narrow.getMessage());
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> dec.decode(new float[13], 6, IDENTITY, PartKind.FACE));
    assertTrue(ragged.getMessage().contains("13 values"), ragged.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> dec.decode(new float[][] {row(5, 5, -2, 4, 0.9, 1.0)}, IDENTITY, PartKind.FACE));
    assertTrue(negative.getMessage().startsWith("row 0:"), negative.getMessage());
    // the same row below the threshold is not looked at
    assertEquals(List.of(),
        dec.decode(new float[][] {row(5, 5, -2, 4, 0.1, 1.0)}, IDENTITY, PartKind.FACE));
  }

  @Test
  void thresholdsOutsideTheUnitIntervalAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new YoloxDecoder(1.5, 0.4));
    assertThrows(IllegalArgumentException.class, () -> new YoloxDecoder(0.5, Double.NaN));
  }
}
