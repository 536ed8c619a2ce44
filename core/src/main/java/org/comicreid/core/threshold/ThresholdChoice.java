package org.comicreid.core.threshold;

import java.util.List;

/**
 * A chosen clustering threshold and the statistics it was chosen from. Values that could not be
 * computed (no negative pairs) are {@code NaN}; {@code roc} is then empty.
 *
 * @param rule the rule that chose it
 * @param threshold the chosen distance threshold
 * @param posMean mean positive-pair distance
 * @param posStd population standard deviation of positive-pair distances
 * @param negMean mean negative-pair distance
 * @param negStd population standard deviation of negative-pair distances
 * @param youdenJ TPR - FPR at the threshold (pairs with distance strictly below it count as
 *     predicted same, as in clustering)
 * @param auc area under the ROC curve
 * @param roc the ROC points in ascending threshold order
 */
public record ThresholdChoice(
    Rule rule,
    double threshold,
    double posMean,
    double posStd,
    double negMean,
    double negStd,
    double youdenJ,
    double auc,
    List<RocPoint> roc) {

  /** Copies the ROC list. */
  public ThresholdChoice {
    roc = List.copyOf(roc);
  }

  /** How the threshold was chosen. */
  public enum Rule {
    /** mean(pos) + k * std(pos). */
    MEAN_STD,
    /** The ROC point maximising TPR - FPR. */
    YOUDEN
  }
}
