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
 *   <li>Group the included sequences that overlap (share a panel or an instance, {@link
 *       Member#shared()}) into units, each unit named by its smallest sequence id; sort the units
 *       by that id, shuffle them with {@link Collections#shuffle(List, Random)} and {@code new
 *       Random(seed)} (both fully specified by the JDK, so a seed gives the same split on every
 *       JVM), and give units to validation while it holds fewer than {@code round(valFraction *
 *       included)} ({@link Math#round(double)}, halves up) sequences; the rest go to test. The
 *       paper samples sequences; keeping overlapping ones together means validation (which picks
 *       the threshold) never sees a test panel, and an identity linked across sequences stays in
 *       one part. Sequences that overlap nothing are units of one, which is the paper's rule.
 *   <li>Every sequence of a series that was not included is training.
 * </ol>
 *
 * The input order of the sequences does not change the result.
 */
public final class PaperSplit {

  private PaperSplit() {}

  private static String root(Map<String, String> parent, String q) {
    String r = q;
    while (!parent.get(r).equals(r)) {
      r = parent.get(r);
    }
    return r;
  }

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

  /**
   * One sequence, the series it belongs to, and what it may share with other sequences.
   *
   * @param shared keys (panel ids, instance ids) that tie sequences together: sequences that share
   *     one (overlapping sequences) always land in the same part, so validation and test never
   *     show the same panel or instance
   */
  public record Member(String sequenceId, String seriesId, Set<String> shared) {
    public Member {
      Objects.requireNonNull(sequenceId, "sequenceId");
      Objects.requireNonNull(seriesId, "seriesId");
      shared = shared == null ? Set.of() : Set.copyOf(shared);
    }

    /** A sequence that shares nothing. */
    public Member(String sequenceId, String seriesId) {
      this(sequenceId, seriesId, Set.of());
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
    // overlapping held-out sequences form one unit of the sampling (union-find over shared keys)
    Map<String, Member> byId = new HashMap<>();
    sequences.forEach(m -> byId.put(m.sequenceId(), m));
    Collections.sort(heldOut);
    Map<String, String> parent = new HashMap<>();
    Map<String, String> firstWithKey = new HashMap<>();
    for (String q : heldOut) {
      parent.put(q, q);
    }
    for (String q : heldOut) {
      for (String key : new java.util.TreeSet<>(byId.get(q).shared())) {
        String other = firstWithKey.putIfAbsent(key, q);
        if (other != null) {
          String a = root(parent, other);
          String b = root(parent, q);
          if (!a.equals(b)) {
            parent.put(a.compareTo(b) < 0 ? b : a, a.compareTo(b) < 0 ? a : b);
          }
        }
      }
    }
    Map<String, List<String>> units = new TreeMap<>(); // keyed by the smallest sequence id
    for (String q : heldOut) {
      units.computeIfAbsent(root(parent, q), k -> new ArrayList<>()).add(q);
    }
    List<List<String>> shuffled = new ArrayList<>(units.values());
    Collections.shuffle(shuffled, new Random(seed));
    int nVal = (int) Math.round(valFraction * heldOut.size());
    Map<String, Part> partOf = new HashMap<>();
    int inVal = 0;
    int inTest = 0;
    for (List<String> unit : shuffled) {
      boolean val = inVal < nVal;
      for (String q : unit) {
        partOf.put(q, val ? Part.VAL : Part.TEST);
      }
      if (val) {
        inVal += unit.size();
      } else {
        inTest += unit.size();
      }
    }
    if (inVal == 0 || inTest == 0) {
      throw new IllegalArgumentException("split threshold " + threshold + " holds out "
          + heldOut.size() + " sequence(s) in " + shuffled.size() + " group(s) of overlapping"
          + " sequences from " + includedSeries + " series; with validation fraction "
          + valFraction + " that leaves " + (inVal == 0 ? "validation" : "test")
          + " empty: use a larger threshold");
    }
    Map<String, Part> result = new LinkedHashMap<>();
    for (Member m : sequences) {
      result.put(m.sequenceId(), partOf.getOrDefault(m.sequenceId(), Part.TRAIN));
    }
    return result;
  }
}
