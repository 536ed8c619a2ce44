package org.comicreid.learning.augment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.PartKind;

/**
 * The {@code augment.*} config keys as this package reads them: their defaults (the paper's values,
 * taken from {@link StrongSpec#paper()}, {@link WeakSpec#paper()}, {@link WeakSpec#fineTunePaper()}
 * and {@link Normalize#paper()}) and the reference sizes the blur kernels refer to. The same keys
 * are declared, with these defaults, in {@code experiments}' {@code ConfigKeys}.
 */
public final class AugmentKeys {

  /** Prefix of every key of this package. */
  public static final String PREFIX = "augment.";
  /** Face size the authors' augmentation parameters refer to (FACTS: faces are 96 px). */
  public static final int FACE_REFERENCE_SIZE = 96;
  /** Body size the authors' augmentation parameters refer to (FACTS: bodies are 128 px). */
  public static final int BODY_REFERENCE_SIZE = 128;

  private static final Map<String, String> DEFAULTS = build();

  private AugmentKeys() {}

  private static Map<String, String> build() {
    Map<String, String> m = new LinkedHashMap<>();
    m.putAll(StrongSpec.paper().toConfig());
    m.putAll(WeakSpec.paper().toConfig());
    m.putAll(WeakSpec.fineTunePaper().toConfig());
    m.putAll(Normalize.paper().toConfig());
    return Collections.unmodifiableMap(m);
  }

  /** Every key → its default as canonical text (doubles as {@link Double#toString}), in order. */
  public static Map<String, String> defaults() {
    return DEFAULTS;
  }

  /** 96 for faces, 128 for bodies. */
  public static int referenceSize(PartKind part) {
    return part == PartKind.FACE ? FACE_REFERENCE_SIZE : BODY_REFERENCE_SIZE;
  }

  /**
   * Rejects an {@code augment.*} key of {@code params} that this package does not know (a typo would
   * otherwise silently leave the default); keys of other sections are ignored.
   */
  static void rejectUnknown(Map<String, String> params) {
    if (params == null) {
      return;
    }
    for (String key : params.keySet()) {
      if (key.startsWith(PREFIX) && !DEFAULTS.containsKey(key)) {
        throw new ReidInputException("unknown config key " + key + " (value '" + params.get(key)
            + "'): expected one of the augment.* keys of the config reference");
      }
    }
  }
}
