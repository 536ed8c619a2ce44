package org.comicreid.core.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.comicreid.core.split.PaperSplit.Member;
import org.comicreid.core.split.PaperSplit.Part;
import org.junit.jupiter.api.Test;

/**
 * The C.1 split on a hand-made dataset of six series with 8, 5, 3, 2, 2 and 1 sequences. Sorted by
 * ascending size (ties by id): s6(1), s4(2), s5(2), s3(3), s2(5), s1(8). With threshold 5: s6 gives
 * 1, s4 gives 3, s5 gives 5 >= 5, so s6, s4 and s5 are held out (5 sequences: round(0.5 * 5) = 3
 * for validation, 2 for test) and s3, s2, s1 (16 sequences) are training.
 */
class PaperSplitTest {

  /** Series id to its number of sequences; sequence ids are {@code <series>-<letter>}. */
  static List<Member> dataset(Map<String, Integer> sizes) {
    List<Member> out = new ArrayList<>();
    sizes.forEach((series, n) -> {
      for (int i = 0; i < n; i++) {
        out.add(new Member(series + "-" + (char) ('a' + i), series));
      }
    });
    return out;
  }

  static final Map<String, Integer> SIZES =
      Map.of("s1", 8, "s2", 5, "s3", 3, "s4", 2, "s5", 2, "s6", 1);

  static Set<String> seriesOf(Map<String, Part> split, Part part) {
    return split.entrySet().stream().filter(e -> e.getValue() == part)
        .map(e -> e.getKey().substring(0, 2)).collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> sequencesOf(Map<String, Part> split, Part part) {
    return split.entrySet().stream().filter(e -> e.getValue() == part).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void smallestSeriesAreHeldOutUntilTheThresholdIsReached() {
    List<Member> data = dataset(SIZES);
    Map<String, Part> split = PaperSplit.assign(data, 5, 0.5, 0);
    assertEquals(21, split.size());
    assertEquals(Set.of("s1", "s2", "s3"), seriesOf(split, Part.TRAIN));
    assertEquals(16, sequencesOf(split, Part.TRAIN).size());
    Set<String> val = sequencesOf(split, Part.VAL);
    Set<String> test = sequencesOf(split, Part.TEST);
    assertEquals(3, val.size());
    assertEquals(2, test.size());
    Set<String> heldOut = new TreeSet<>(val);
    heldOut.addAll(test);
    assertEquals(Set.of("s4-a", "s4-b", "s5-a", "s5-b", "s6-a"), heldOut);
    // the result keeps the input order
    assertEquals(data.stream().map(Member::sequenceId).toList(), List.copyOf(split.keySet()));
  }

  @Test
  void theSeedFixesTheShuffle() {
    // sorted held-out ids [s4-a, s4-b, s5-a, s5-b, s6-a]; new Random(0).nextInt(5,4,3,2) gives
    // 0, 3, 1, 1, so Collections.shuffle swaps (4,0), (3,3), (2,1), (1,1):
    // [s6-a, s5-a, s4-b, s5-b, s4-a] -> validation is the first three.
    Map<String, Part> seed0 = PaperSplit.assign(dataset(SIZES), 5, 0.5, 0);
    assertEquals(Set.of("s6-a", "s5-a", "s4-b"), sequencesOf(seed0, Part.VAL));
    assertEquals(Set.of("s5-b", "s4-a"), sequencesOf(seed0, Part.TEST));

    assertEquals(seed0, PaperSplit.assign(dataset(SIZES), 5, 0.5, 0));
    // negative control: another seed moves sequences between validation and test, never to train
    Map<String, Part> seed1 = PaperSplit.assign(dataset(SIZES), 5, 0.5, 1);
    assertNotEquals(sequencesOf(seed0, Part.VAL), sequencesOf(seed1, Part.VAL));
    assertEquals(sequencesOf(seed0, Part.TRAIN), sequencesOf(seed1, Part.TRAIN));
  }

  @Test
  void inputOrderDoesNotMatter() {
    List<Member> data = dataset(SIZES);
    Map<String, Part> expected = PaperSplit.assign(data, 5, 0.5, 7);
    List<Member> shuffled = new ArrayList<>(data);
    Collections.shuffle(shuffled, new Random(42));
    assertEquals(expected, Map.copyOf(PaperSplit.assign(shuffled, 5, 0.5, 7)));
  }

  @Test
  void tiesAreBrokenBySeriesId() {
    // threshold 3: s6 (1) then s4 (2) reaches 3; s5 has as many sequences as s4 but sorts after it
    Map<String, Part> split = PaperSplit.assign(dataset(SIZES), 3, 0.5, 0);
    assertEquals(Set.of("s1", "s2", "s3", "s5"), seriesOf(split, Part.TRAIN));
    // negative control: rename s4 to s7, now s5 wins the tie
    Map<String, Integer> renamed = new java.util.HashMap<>(SIZES);
    renamed.put("s7", renamed.remove("s4"));
    Map<String, Part> other = PaperSplit.assign(dataset(renamed), 3, 0.5, 0);
    assertEquals(Set.of("s1", "s2", "s3", "s7"), seriesOf(other, Part.TRAIN));
  }

  @Test
  void theSeriesThatReachesTheThresholdIsIncludedWhole() {
    // threshold 4: s6 (1), s4 (3), s5 (5): one more series than 4 needs, and all of it
    Map<String, Part> split = PaperSplit.assign(dataset(SIZES), 4, 0.5, 0);
    assertEquals(Set.of("s1", "s2", "s3"), seriesOf(split, Part.TRAIN));
    // threshold 6: s3 (3 sequences) is needed too, 8 held out: 4 validation, 4 test
    Map<String, Part> six = PaperSplit.assign(dataset(SIZES), 6, 0.5, 0);
    assertEquals(Set.of("s1", "s2"), seriesOf(six, Part.TRAIN));
    assertEquals(4, sequencesOf(six, Part.VAL).size());
    assertEquals(4, sequencesOf(six, Part.TEST).size());
    // validation fraction 0.25 of 8 = 2
    Map<String, Part> quarter = PaperSplit.assign(dataset(SIZES), 6, 0.25, 0);
    assertEquals(2, sequencesOf(quarter, Part.VAL).size());
    assertEquals(6, sequencesOf(quarter, Part.TEST).size());
  }

  @Test
  void overlappingSequencesStayTogether() {
    // series a has 6 sequences, b 10: threshold 6 holds out a. a1-a2-a3 overlap in a chain
    // (a1 shares panel p1 with a2, a2 shares p2 with a3), a4 and a5 share an instance, a6 is alone
    List<Member> data = new ArrayList<>();
    data.add(new Member("a1", "a", Set.of("panel:p0", "panel:p1")));
    data.add(new Member("a2", "a", Set.of("panel:p1", "panel:p2")));
    data.add(new Member("a3", "a", Set.of("panel:p2", "panel:p3")));
    data.add(new Member("a4", "a", Set.of("instance:i9")));
    data.add(new Member("a5", "a", Set.of("instance:i9", "panel:p7")));
    data.add(new Member("a6", "a", Set.of("panel:p8")));
    for (int i = 0; i < 10; i++) {
      data.add(new Member("b" + i, "b", Set.of("panel:q" + i)));
    }
    for (long seed = 0; seed < 20; seed++) {
      Map<String, Part> split = PaperSplit.assign(data, 6, 0.5, seed);
      assertEquals(split.get("a1"), split.get("a2"), "seed " + seed);
      assertEquals(split.get("a2"), split.get("a3"), "seed " + seed);
      assertEquals(split.get("a4"), split.get("a5"), "seed " + seed);
      assertTrue(split.get("a1") != Part.TRAIN && split.get("a4") != Part.TRAIN
          && split.get("a6") != Part.TRAIN);
      // units of 3, 2 and 1 sequences; validation takes units until it holds round(0.5*6) = 3
      long val = sequencesOf(split, Part.VAL).size();
      assertTrue(val >= 3 && val <= 5, "seed " + seed + ": " + val + " in validation");
      assertEquals(10, sequencesOf(split, Part.TRAIN).size());
    }
    // negative control: without the shared keys the chain is torn apart for some seed
    List<Member> loose = data.stream().map(m -> new Member(m.sequenceId(), m.seriesId())).toList();
    boolean torn = false;
    for (long seed = 0; seed < 20 && !torn; seed++) {
      Map<String, Part> split = PaperSplit.assign(loose, 6, 0.5, seed);
      torn = split.get("a1") != split.get("a2") || split.get("a2") != split.get("a3");
    }
    assertTrue(torn);
  }

  @Test
  void aSplitWithAnEmptyPartIsRefused() {
    List<Member> data = dataset(SIZES);
    IllegalArgumentException noTrain = assertThrows(IllegalArgumentException.class,
        () -> PaperSplit.assign(data, 21, 0.5, 0));
    assertTrue(noTrain.getMessage().contains("training empty"), noTrain.getMessage());
    // 20 still leaves nothing: s1 is needed to reach 20 and brings all 21
    assertThrows(IllegalArgumentException.class, () -> PaperSplit.assign(data, 20, 0.5, 0));
    // threshold 1 holds out s6's one sequence: validation gets round(0.5) = 1, test none
    IllegalArgumentException noTest = assertThrows(IllegalArgumentException.class,
        () -> PaperSplit.assign(data, 1, 0.5, 0));
    assertTrue(noTest.getMessage().contains("test empty"), noTest.getMessage());
    IllegalArgumentException noVal = assertThrows(IllegalArgumentException.class,
        () -> PaperSplit.assign(data, 5, 0.05, 0));
    assertTrue(noVal.getMessage().contains("validation empty"), noVal.getMessage());
  }

  @Test
  void badArgumentsAreRefused() {
    List<Member> data = dataset(SIZES);
    assertThrows(IllegalArgumentException.class, () -> PaperSplit.assign(data, 0, 0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> PaperSplit.assign(data, 5, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> PaperSplit.assign(data, 5, 1, 0));
    List<Member> dup = new ArrayList<>(data);
    dup.add(new Member("s1-a", "s2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PaperSplit.assign(dup, 5, 0.5, 0));
    assertTrue(e.getMessage().contains("'s1-a'"), e.getMessage());
    assertEquals(Part.VAL, Part.parse("val"));
    assertThrows(IllegalArgumentException.class, () -> Part.parse("dev"));
  }
}
