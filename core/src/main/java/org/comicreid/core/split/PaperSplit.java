package org.comicreid.core.split;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The train/validation/test split of the paper's Appendix C.1, for datasets that come without one.
 *
 * <ol>
 *   <li>Group the sequences by series and sort the series by ascending number of sequences, ties
 *       by series id ({@link String#compareTo}).
 *   <li>Include series in that order until the number of included sequences reaches {@code
 *       threshold} (800 in the paper); the series that reaches it is included whole.
 *   <li>Sort the included sequences by sequence id, shuffle them with {@link
 *       Collections#shuffle(List, Random)} and {@code new Random(seed)} (both fully specified by
 *       the JDK, so a seed gives the same split on every JVM), and give the first {@code
 *       round(valFraction * included)} ({@link Math#round(double)}, halves up) to validation and
 *       the rest to test.
 *   <li>Every sequence of a series that was not included is training.
 * </ol>
 *
 * The input order of the sequences does not change the result.
 */
public final class PaperSplit {

  private PaperSplit() {}

  /** The three parts of a split. */
  public enum Part {
    TRAIN,
    VAL,
    TEST;

    /** The name used in files and in the catalog: {@code train}, {@code val}, {@code test}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code train}, {@code val} or {@code test}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Part parse(String s) {
      for (Part p : values()) {
        if (p.id().equals(s)) {
          return p;
        }
      }
      throw new IllegalArgumentException("split: expected train, val or test, got '" + s + "'");
    }
  }

  /** One sequence and the series it belongs to. */
  public record Member(String sequenceId, String seriesId) {
    public Member {
      Objects.requireNonNull(sequenceId, "sequenceId");
      Objects.requireNonNull(seriesId, "seriesId");
    }
  }

  /**
   * Splits {@code sequences} by the C.1 rule.
   *
   * @param sequences every sequence with its series; sequence ids must be unique
   * @param threshold number of sequences held out for validation and test together (at least 1)
   * @param valFraction share of the held-out sequences that go to validation, in (0, 1)
   * @param seed seed of the shuffle
   * @return sequence id to part, in the order of {@code sequences}
   * @throws IllegalArgumentException when a sequence id repeats, an argument is out of range, or
   *     the split would leave training, validation or test empty (the message gives the counts)
   */
  public static Map<String, Part> assign(
      List<Member> sequences, int threshold, double valFraction, long seed) {
    if (threshold < 1) {
      throw new IllegalArgumentException("split threshold must be at least 1, got " + threshold);
    }
    if (!(valFraction > 0 && valFraction < 1)) {
      throw new IllegalArgumentException(
          "split validation fraction must be in (0, 1), got " + valFraction);
    }
    Map<String, List<String>> bySeries = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (Member m : sequences) {
      if (!seen.add(m.sequenceId())) {
        throw new IllegalArgumentException("sequence id '" + m.sequenceId() + "' appears twice");
      }
      bySeries.computeIfAbsent(m.seriesId(), k -> new ArrayList<>()).add(m.sequenceId());
    }
    List<String> order = new ArrayList<>(bySeries.keySet()); // sorted by id (TreeMap)
    order.sort(Comparator.comparingInt((String s) -> bySeries.get(s).size())); // stable

    List<String> heldOut = new ArrayList<>();
    int includedSeries = 0;
    for (String series : order) {
      if (heldOut.size() >= threshold) {
        break;
      }
      heldOut.addAll(bySeries.get(series));
      includedSeries++;
    }
    int total = sequences.size();
    if (heldOut.size() == total) {
      throw new IllegalArgumentException("split threshold " + threshold + " puts all " + total
          + " sequences of all " + order.size() + " series into validation and test, leaving"
          + " training empty: use a smaller threshold (or give the split explicitly)");
    }
    Collections.sort(heldOut);
    Collections.shuffle(heldOut, new Random(seed));
    int nVal = (int) Math.round(valFraction * heldOut.size());
    if (nVal == 0 || nVal == heldOut.size()) {
      throw new IllegalArgumentException("split threshold " + threshold + " holds out "
          + heldOut.size() + " sequence(s) of " + includedSeries + " series; with validation"
          + " fraction " + valFraction + " that leaves " + (nVal == 0 ? "validation" : "test")
          + " empty: use a larger threshold");
    }
    Map<String, Part> partOf = new HashMap<>();
    for (int i = 0; i < heldOut.size(); i++) {
      partOf.put(heldOut.get(i), i < nVal ? Part.VAL : Part.TEST);
    }
    Map<String, Part> result = new LinkedHashMap<>();
    for (Member m : sequences) {
      result.put(m.sequenceId(), partOf.getOrDefault(m.sequenceId(), Part.TRAIN));
    }
    return result;
  }
}
