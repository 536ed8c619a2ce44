package org.comicreid.learning.finetune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which parts of a character fine-tuning uses ({@code finetune.parts}).
 *
 * <ul>
 *   <li>{@link #FACE}: faces only. Bodies are treated as absent (padded); instances without a face
 *       are dropped from training and validation, and are left out of the stage's embeddings
 *       table (a face model cannot embed them);
 *   <li>{@link #BODY}: likewise with bodies;
 *   <li>{@link #BOTH}: faces and bodies, each instance with what it has.
 * </ul>
 *
 * <p>{@code auto} follows {@code pretrain.variant}: {@code face} → FACE, {@code body} → BODY,
 * anything else (including an absent key, read as {@code aligned}) → BOTH.
 */
public enum Parts {
  /** Faces only. */
  FACE,
  /** Bodies only. */
  BODY,
  /** Faces and bodies. */
  BOTH;

  /**
   * Resolves a {@code finetune.parts} value.
   *
   * @param parts {@code auto}, {@code face}, {@code body} or {@code both}
   * @param pretrainVariant the value of {@code pretrain.variant} ({@code null} = {@code aligned})
   * @throws IllegalArgumentException naming the key and the bad value
   */
  public static Parts resolve(String parts, String pretrainVariant) {
    String v = parts == null ? "" : parts.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "face" -> FACE;
      case "body" -> BODY;
      case "both" -> BOTH;
      case "auto" -> {
        String variant = pretrainVariant == null ? "aligned"
            : pretrainVariant.strip().toLowerCase(Locale.ROOT);
        yield variant.equals("face") ? FACE : variant.equals("body") ? BODY : BOTH;
      }
      default -> throw new IllegalArgumentException(
          "finetune.parts: expected one of [auto, face, body, both], got '" + parts + "'");
    };
  }

  /**
   * The instance as these parts see it: the unused part removed; {@code null} when the instance
   * lacks the part used (it is dropped).
   */
  public FineTuneData.Instance apply(FineTuneData.Instance in) {
    return switch (this) {
      case BOTH -> in;
      case FACE -> in.face() == null ? null
          : in.body() == null ? in
          : new FineTuneData.Instance(in.face(), null, in.identity(), in.series());
      case BODY -> in.body() == null ? null
          : in.face() == null ? in
          : new FineTuneData.Instance(null, in.body(), in.identity(), in.series());
    };
  }

  /**
   * The data as these parts see it: every instance through {@link #apply}, dropped ones removed,
   * mining groups renumbered (dropped members removed; groups left with fewer than two instances
   * removed, as they cannot give a pair).
   */
  public FineTuneData restrict(FineTuneData data) {
    List<FineTuneData.Instance> kept = new ArrayList<>();
    Map<Integer, Integer> newIndex = new HashMap<>();
    for (int i = 0; i < data.instances().size(); i++) {
      FineTuneData.Instance in = apply(data.instances().get(i));
      if (in != null) {
        newIndex.put(i, kept.size());
        kept.add(in);
      }
    }
    List<MiningGroup> groups = new ArrayList<>();
    for (MiningGroup g : data.groups()) {
      int[] idx = java.util.Arrays.stream(g.instanceIndexes()).filter(newIndex::containsKey)
          .map(newIndex::get).toArray();
      if (idx.length >= 2) {
        groups.add(new MiningGroup(g.series(), idx));
      }
    }
    return new FineTuneData(data.featureDim(), kept, groups);
  }
}
