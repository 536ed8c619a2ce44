package org.comicreid.core.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.PartKind;
import org.junit.jupiter.api.Test;

class PairingTest {

  private static List<Pairing> pairs(int... fb) {
    java.util.ArrayList<Pairing> l = new java.util.ArrayList<>();
    for (int i = 0; i < fb.length; i += 2) {
      l.add(new Pairing(fb[i], fb[i + 1]));
    }
    return l;
  }

  @Test
  void faceCropIsScaledSquareCentredAndClipped() {
    // w=20, h=10 -> side 24 around centre (20,25): (8,13)-(32,37)
    assertEquals(new Box(8, 13, 32, 37), FaceCrops.faceCropBox(new Box(10, 20, 30, 30), 1.2, 100, 100));
    // side 12 around (5,5): (-1,-1)-(11,11), clipped to (0,0)-(11,11)
    assertEquals(new Box(0, 0, 11, 11), FaceCrops.faceCropBox(new Box(0, 0, 10, 10), 1.2, 100, 100));
    // clipped at the far edges of a 30x30 image: (24,24)-(36,36) -> (24,24)-(30,30)
    assertEquals(new Box(24, 24, 30, 30), FaceCrops.faceCropBox(new Box(25, 25, 35, 35), 1.2, 30, 30));
    assertThrows(ReidInputException.class, () -> FaceCrops.faceCropBox(new Box(0, 0, 1, 1), 0, 10, 10));
  }

  @Test
  void detectionFilterBoundsAreInclusive() {
    DetectionFilter f = DetectionFilter.paper();
    DetectionRecord ok = new DetectionRecord(1, 1, PartKind.FACE, new Box(0, 0, 8, 8), 0.95); // area 64
    DetectionRecord small = new DetectionRecord(2, 1, PartKind.FACE, new Box(0, 0, 8, 7.99), 0.99);
    DetectionRecord low = new DetectionRecord(3, 1, PartKind.BODY, new Box(0, 0, 100, 100), 0.9499);
    DetectionRecord both = new DetectionRecord(4, 1, PartKind.BODY, new Box(0, 0, 1, 1), 0.5);
    assertTrue(f.accepts(ok));
    assertFalse(f.accepts(small));
    assertFalse(f.accepts(low));
    DetectionFilter.FilterReport r = f.summarize(List.of(ok, small, low, both));
    assertEquals(new DetectionFilter.FilterReport(4, 1, 2, 2), r);
    assertEquals(3, r.dropped());
    assertEquals(List.of(ok), f.filter(List.of(ok, small, low, both)));
  }

  @Test
  void paperTable6Example() {
    // Appendix B, Table 6: f0-b1, f1-b0, f2 alone, f3-b3, b2 alone. f3 lies inside both b1 and b3
    // (rate 1); f0 (higher, y1=189) claims b1 first, and b3 is also the closer top edge (7 vs 328).
    List<Box> faces = List.of(
        new Box(520, 189, 691, 395), new Box(110, 66, 156, 117), new Box(246, 124, 272, 153),
        new Box(517, 420, 538, 445));
    List<Box> bodies = List.of(
        new Box(47, 30, 222, 560), new Box(491, 92, 717, 541), new Box(185, 433, 253, 562),
        new Box(498, 413, 585, 541));
    List<Pairing> expected = pairs(0, 1, 1, 0, 2, -1, 3, 3, -1, 2);
    assertEquals(expected, FaceBodyPairing.pair(faces, bodies, PairingRule.PAPER));
    assertEquals(expected, FaceBodyPairing.pair(faces, bodies, PairingRule.AUTHORS_CODE));
  }

  @Test
  void multipleCandidatesPaperTakesClosestTopAuthorsTakesHighestRate() {
    Box face = new Box(10, 10, 20, 20); // area 100
    List<Box> bodies = List.of(
        new Box(0, 0, 30, 100), // rate 1, |10-0| = 10
        new Box(5, 8, 25, 60), // rate 1, |10-8| = 2
        new Box(15, 0, 40, 100)); // rate 50/100 = 0.5
    // PAPER: candidates b0, b1 (rate > 0.95); b1 has the closer top edge
    assertEquals(pairs(0, 1, -1, 0, -1, 2), FaceBodyPairing.pair(List.of(face), bodies, PairingRule.PAPER));
    // AUTHORS_CODE: b0, b1 tie at rate 1 -> lower index b0
    assertEquals(pairs(0, 0, -1, 1, -1, 2), FaceBodyPairing.pair(List.of(face), bodies, PairingRule.AUTHORS_CODE));
    // AUTHORS_CODE: the higher rate wins over the lower index: b0 rate 0.5, b1 rate 0.8
    List<Box> b2 = List.of(new Box(15, 0, 40, 100), new Box(12, 0, 40, 100));
    assertEquals(pairs(0, 1, -1, 0), FaceBodyPairing.pair(List.of(face), b2, PairingRule.AUTHORS_CODE));
    // and PAPER matches neither (rates 0.5 and 0.8 are not > 0.95)
    assertEquals(pairs(0, -1, -1, 0, -1, 1), FaceBodyPairing.pair(List.of(face), b2, PairingRule.PAPER));
  }

  @Test
  void paperTieOnTopDistanceGoesToLowerBodyIndex() {
    Box face = new Box(0, 100, 10, 200); // area 1000
    Box above = new Box(0, 98, 10, 300); // rate 1, |100-98| = 2
    Box below = new Box(0, 102, 10, 300); // rate 980/1000 = 0.98, |100-102| = 2
    // equal top distance: the lower index wins, whatever the rate
    assertEquals(pairs(0, 0, -1, 1), FaceBodyPairing.pair(List.of(face), List.of(above, below), PairingRule.PAPER));
    assertEquals(pairs(0, 0, -1, 1), FaceBodyPairing.pair(List.of(face), List.of(below, above), PairingRule.PAPER));
    // AUTHORS_CODE instead takes the higher rate (body "above") in either order
    assertEquals(pairs(0, 1, -1, 0), FaceBodyPairing.pair(List.of(face), List.of(below, above), PairingRule.AUTHORS_CODE));
  }

  @Test
  void thresholdBoundaryStrictForPaperInclusiveForAuthors() {
    Box face = new Box(0, 0, 10, 10);
    Box exactly = new Box(0, 0.5, 10, 100); // intersection 10 * 9.5 = 95 -> rate 0.95
    assertEquals(0.95, FaceBodyPairing.rate(face, exactly));
    assertEquals(pairs(0, -1, -1, 0), FaceBodyPairing.pair(List.of(face), List.of(exactly), PairingRule.PAPER));
    assertEquals(pairs(0, 0), FaceBodyPairing.pair(List.of(face), List.of(exactly), PairingRule.AUTHORS_CODE, 0.95));
    Box above = new Box(0, 0.4, 10, 100); // rate 0.96
    assertEquals(pairs(0, 0), FaceBodyPairing.pair(List.of(face), List.of(above), PairingRule.PAPER));
    // AUTHORS_CODE default 0.20: rate exactly 0.2 is a candidate, 0.19 is not
    Box fifth = new Box(0, 8, 10, 100); // 10 * 2 = 20 -> 0.2
    assertEquals(pairs(0, 0), FaceBodyPairing.pair(List.of(face), List.of(fifth), PairingRule.AUTHORS_CODE));
    Box less = new Box(0, 8.1, 10, 100); // 0.19
    assertEquals(pairs(0, -1, -1, 0), FaceBodyPairing.pair(List.of(face), List.of(less), PairingRule.AUTHORS_CODE));
  }

  @Test
  void bodyUsedOnceTopFaceClaimsItOthersFallBack() {
    // face 0 is lower (y1 = 30) than face 1 (y1 = 10); both lie inside body 0
    List<Box> faces = List.of(new Box(10, 30, 20, 40), new Box(10, 10, 20, 20));
    List<Box> one = List.of(new Box(0, 0, 50, 100));
    for (PairingRule rule : PairingRule.values()) {
      assertEquals(pairs(0, -1, 1, 0), FaceBodyPairing.pair(faces, one, rule), rule.name());
    }
    // a second body containing only face 0: face 0 falls back to it
    List<Box> two = List.of(new Box(0, 0, 50, 100), new Box(5, 25, 30, 90));
    for (PairingRule rule : PairingRule.values()) {
      assertEquals(pairs(0, 1, 1, 0), FaceBodyPairing.pair(faces, two, rule), rule.name());
    }
    // alone, face 0 has both bodies free: PAPER prefers body 1 (|30-25| < |30-0|), AUTHORS_CODE
    // body 0 (both rates are 1, lower index)
    assertEquals(pairs(0, 1, -1, 0), FaceBodyPairing.pair(faces.subList(0, 1), two, PairingRule.PAPER));
    assertEquals(pairs(0, 0, -1, 1), FaceBodyPairing.pair(faces.subList(0, 1), two, PairingRule.AUTHORS_CODE));
  }

  @Test
  void unmatchedPartsAreSingleEntriesAndEveryPartAppearsOnce() {
    List<Box> faces = List.of(new Box(0, 0, 10, 10), new Box(200, 200, 210, 210));
    List<Box> bodies = List.of(new Box(100, 0, 150, 90), new Box(0, 0, 10, 80), new Box(300, 0, 350, 90));
    assertEquals(pairs(0, 1, 1, -1, -1, 0, -1, 2), FaceBodyPairing.pair(faces, bodies, PairingRule.PAPER));
    assertEquals(pairs(-1, 0), FaceBodyPairing.pair(List.of(), bodies.subList(0, 1), PairingRule.PAPER));
    assertEquals(pairs(0, -1), FaceBodyPairing.pair(faces.subList(0, 1), List.of(), PairingRule.AUTHORS_CODE));
    assertThrows(ReidInputException.class, () -> FaceBodyPairing.pair(faces, bodies, PairingRule.PAPER, 1.5));
  }
}
