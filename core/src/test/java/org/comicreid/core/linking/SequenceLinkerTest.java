package org.comicreid.core.linking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.IdentityScope;
import org.comicreid.core.dataset.SequenceRecord;
import org.junit.jupiter.api.Test;

public class SequenceLinkerTest {

  static SequenceRecord seq(long id, String ext, String series, Map<Long, String> labels) {
    return new SequenceRecord(id, ext, series, "train", List.of(), labels);
  }

  /**
   * s1: 101:a 102:a 103:b 108:b 104:c; s2 shares the panel with 103 and 104: 103:x 105:x 104:y
   * 106:z; s3 has no overlap: 201:p 202:p 203:q.
   */
  public static List<SequenceRecord> threeSequences() {
    return List.of(
        seq(1, "s1", "A", Map.of(101L, "a", 102L, "a", 103L, "b", 108L, "b", 104L, "c")),
        seq(2, "s2", "A", Map.of(103L, "x", 105L, "x", 104L, "y", 106L, "z")),
        seq(3, "s3", "A", Map.of(201L, "p", 202L, "p", 203L, "q")));
  }

  @Test
  void twoSequencesSharingAPanelAreLinked() {
    LinkResult r = SequenceLinker.link(threeSequences());
    // nodes: s1:a s1:b s1:c s2:x s2:y s2:z s3:p s3:q = 8; 103 joins s1:b+s2:x, 104 joins s1:c+s2:y
    assertEquals(8, r.identitiesBefore());
    assertEquals(6, r.identitiesAfter());
    assertEquals(List.of("s1:a", "s1:b", "s1:c", "s2:z", "s3:p", "s3:q"), r.identityNames());
    assertEquals(List.of(101L, 102L), r.identityInstances().get(0));
    assertEquals(List.of(103L, 105L, 108L), r.identityInstances().get(1));
    assertEquals(List.of(104L), r.identityInstances().get(2));
    assertEquals(1, r.identityOf(2, "x"));
    assertEquals(2, r.identityOf(2, "y"));
    assertEquals(1, r.identityOf(105L));
    assertEquals(-1, r.identityOf(999L)); // in no sequence
    assertEquals(-1, r.identityOf(3, "nope"));
    assertEquals(0, r.conflicts());
    // edges: s1 {0,1,2}, s2 {1,2,3}, s3 {4,5}
    assertArrayEquals(new int[] {1, 2}, r.knownDifferent().get(0));
    assertArrayEquals(new int[] {0, 2, 3}, r.knownDifferent().get(1));
    assertArrayEquals(new int[] {0, 1, 3}, r.knownDifferent().get(2));
    assertArrayEquals(new int[] {1, 2}, r.knownDifferent().get(3));
    assertArrayEquals(new int[] {5}, r.knownDifferent().get(4));
    assertTrue(r.knownDifferent(0, 2));
    assertFalse(r.knownDifferent(0, 3)); // never in one sequence
    assertEquals(List.of("A", "A", "A", "A", "A", "A"), r.identitySeries());
  }

  @Test
  void pairCountsBeforeAndAfterLinking() {
    LinkResult r = SequenceLinker.link(threeSequences());
    // before: s1 has 10 pairs, positives (101,102) (103,108) -> 2 pos, 8 neg;
    // s2 has 6 pairs, positive (103,105) -> 1 pos, 5 neg, but (103,104) is already a negative of s1;
    // s3 has 3 pairs: (201,202) pos, 2 neg. pos = 2+1+1 = 4, neg = 8+5-1+2 = 14
    assertEquals(4, r.positivePairsBefore());
    assertEquals(14, r.negativePairsBefore());
    // after: sizes 2,3,1,1,2,1 -> pos = 1+3+0+0+1+0 = 5 (new: (105,108));
    // neg over edges: 0-1 2*3, 0-2 2*1, 1-2 3*1, 1-3 3*1, 2-3 1*1, 4-5 2*1 = 6+2+3+3+1+2 = 17
    assertEquals(5, r.positivePairsAfter());
    assertEquals(17, r.negativePairsAfter());
  }

  @Test
  void instanceLabelledDifferentlyMergesBothLabelsAndCountsConflicts() {
    // s4 says 301 != 302; s5 says 301 == 302: s4:m ~ s5:k ~ s4:n become one identity
    LinkResult r = SequenceLinker.link(List.of(
        seq(4, "s4", "A", Map.of(301L, "m", 302L, "n")),
        seq(5, "s5", "A", Map.of(301L, "k", 302L, "k"))));
    assertEquals(3, r.identitiesBefore());
    assertEquals(1, r.identitiesAfter());
    assertEquals(List.of("s4:m"), r.identityNames());
    assertEquals(1, r.conflicts());
    assertArrayEquals(new int[0], r.knownDifferent().get(0));
    assertEquals(1, r.positivePairsBefore());
    assertEquals(1, r.negativePairsBefore());
    assertEquals(1, r.positivePairsAfter());
    assertEquals(0, r.negativePairsAfter());
  }

  @Test
  void linkAcrossSeriesIsAnInputError() {
    assertThrows(ReidInputException.class, () -> SequenceLinker.link(List.of(
        seq(1, "s1", "A", Map.of(1L, "a")), seq(2, "s2", "B", Map.of(1L, "b")))));
    assertThrows(ReidInputException.class, () -> SequenceLinker.link(List.of(
        seq(1, "s1", "A", Map.of(1L, "a")), seq(1, "s1", "A", Map.of(2L, "b")))));
  }

  @Test
  void datasetWideLabelsJoinSequencesThatShareNoInstance() {
    // q1 and q2 share no instance; with dataset-wide labels "alice" is one character in series A,
    // while "alice" in series B is another one. q3 (series B) says alice != carol.
    List<SequenceRecord> seqs = List.of(
        seq(1, "q1", "A", Map.of(1L, "alice", 2L, "bob")),
        seq(2, "q2", "A", Map.of(3L, "alice", 4L, "alice", 5L, "carol")),
        seq(3, "q3", "B", Map.of(6L, "alice", 7L, "carol")));
    LinkResult local = SequenceLinker.link(seqs);
    // nodes q1:alice q1:bob q2:alice q2:carol q3:alice q3:carol
    assertEquals(6, local.identitiesAfter()); // negative control: sequence-local labels stay apart
    LinkResult r = SequenceLinker.link(seqs, IdentityScope.DATASET);
    assertEquals(6, r.identitiesBefore());
    // A: alice {1,3,4}, bob {2}, carol {5}; B: alice {6}, carol {7}
    assertEquals(5, r.identitiesAfter());
    assertEquals(r.identityOf(1L), r.identityOf(4L));
    assertEquals(List.of(1L, 3L, 4L), r.identityInstances().get(r.identityOf(1L)));
    assertFalse(r.identityOf(1L) == r.identityOf(6L));
    // before: q1 (1,2) neg; q2 (3,4) pos, (3,5) (4,5) neg; q3 (6,7) neg -> 1 pos, 4 neg
    assertEquals(1, r.positivePairsBefore());
    assertEquals(4, r.negativePairsBefore());
    // after: A-alice has 3 instances -> 3 pos; edges A: alice-bob 3*1, alice-carol 3*1; B: 1*1
    assertEquals(3, r.positivePairsAfter());
    assertEquals(7, r.negativePairsAfter());
    assertFalse(r.knownDifferent(r.identityOf(2L), r.identityOf(5L))); // bob, carol never met
  }

  @Test
  void emptyInput() {
    LinkResult r = SequenceLinker.link(List.of());
    assertEquals(0, r.identitiesAfter());
    assertEquals(0, r.positivePairsAfter());
  }
}
