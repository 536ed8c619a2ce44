package org.comicreid.catalog.datasets;

import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.IdentityScope;

/**
 * How to import a dataset.
 *
 * @param name dataset name in the catalog; null for the input's base name (a file's name without
 *     its extension, a folder's name)
 * @param skipInvalid import the valid part and write the skipped rows to a report, instead of
 *     refusing the whole input
 * @param identityScope for {@code instances} only: whether its {@code identity} labels are
 *     dataset-wide ({@link IdentityScope#DATASET}, the default when null) or sequence-local; must
 *     be null for the other formats (theirs is fixed)
 * @param splitThreshold {@code split.threshold} of the C.1 split: sequences held out for
 *     validation and test (800 in the paper)
 * @param valFraction {@code split.val_fraction}: share of the held-out sequences for validation
 * @param splitSeed {@code split.seed}: seed of the C.1 shuffle
 */
public record ImportOptions(String name, boolean skipInvalid, IdentityScope identityScope,
    int splitThreshold, double valFraction, long splitSeed) {

  /** The paper's threshold. */
  public static final int DEFAULT_SPLIT_THRESHOLD = 800;
  /** Half of the held-out sequences go to validation. */
  public static final double DEFAULT_VAL_FRACTION = 0.5;

  public ImportOptions {
    if (name != null && name.isBlank()) {
      throw new ReidInputException("dataset name must not be blank");
    }
    if (splitThreshold < 1) {
      throw new ReidInputException("split.threshold must be at least 1, got " + splitThreshold);
    }
    if (!(valFraction > 0 && valFraction < 1)) {
      throw new ReidInputException("split.val_fraction must be in (0, 1), got " + valFraction);
    }
  }

  /** Default name, refuse invalid input, the format's identity scope, the paper's split. */
  public static ImportOptions defaults() {
    return new ImportOptions(null, false, null, DEFAULT_SPLIT_THRESHOLD, DEFAULT_VAL_FRACTION, 0);
  }

  public ImportOptions withName(String newName) {
    return new ImportOptions(newName, skipInvalid, identityScope, splitThreshold, valFraction,
        splitSeed);
  }

  public ImportOptions withSkipInvalid(boolean skip) {
    return new ImportOptions(name, skip, identityScope, splitThreshold, valFraction, splitSeed);
  }

  public ImportOptions withIdentityScope(IdentityScope scope) {
    return new ImportOptions(name, skipInvalid, scope, splitThreshold, valFraction, splitSeed);
  }

  public ImportOptions withSplit(int threshold, double fraction, long seed) {
    return new ImportOptions(name, skipInvalid, identityScope, threshold, fraction, seed);
  }
}
