package org.comicreid.core.threshold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.metrics.Embeddings;
import org.junit.jupiter.api.Test;

class ThresholdSelectionTest {
  static final double EPS = 1e-12;

  @Test
  void meanPlusKPopulationStd() {
    // mean 0.3, population std 0.1 (sample std would be 0.1414): 0.3 + 0.1 = 0.4
    ThresholdChoice c = ThresholdSelection.meanStd(new double[] {0.2, 0.4}, 1);
    assertEquals(0.4, c.threshold(), EPS);
    assertEquals(0.3, c.posMean(), EPS);
    assertEquals(0.1, c.posStd(), EPS);
    assertTrue(Double.isNaN(c.negMean()) && Double.isNaN(c.auc()));
    assertEquals(ThresholdChoice.Rule.MEAN_STD, c.rule());
    // k = 2 on [1,2,3,4]: mean 2.5, var (2.25+0.25+0.25+2.25)/4 = 1.25
    assertEquals(2.5 + 2 * Math.sqrt(1.25), ThresholdSelection.meanStd(new double[] {1, 2, 3, 4}, 2).threshold(), EPS);
    assertEquals(0.3 - 0.05, ThresholdSelection.meanStd(new double[] {0.2, 0.4}, -0.5).threshold(), EPS);
  }

  @Test
  void meanStdWithNegativesReportsJAtTheThreshold() {
    // t = 0.4; positives strictly below 0.4: 1 of 2; negatives below: 0 of 2 -> J = 0.5
    ThresholdChoice c = ThresholdSelection.meanStd(new double[] {0.2, 0.4}, new double[] {0.5, 0.7}, 1);
    assertEquals(0.4, c.threshold(), EPS);
    assertEquals(0.5, c.youdenJ(), EPS);
    assertEquals(0.6, c.negMean(), EPS);
    assertEquals(0.1, c.negStd(), EPS);
    assertEquals(1.0, c.auc(), EPS);
  }

  @Test
  void youdenSeparable() {
    // J = 1 at 0.3 (all positives, no negatives); midpoint to the next distance 0.5 -> 0.4
    ThresholdChoice c = ThresholdSelection.youden(new double[] {0.3, 0.1, 0.2}, new double[] {0.6, 0.5});
    assertEquals(0.4, c.threshold(), EPS);
    assertEquals(1.0, c.youdenJ(), EPS);
    assertEquals(1.0, c.auc(), EPS);
    assertEquals(6, c.roc().size()); // (0,0) + 5 distinct distances
    assertEquals(new RocPoint(0, 0, Double.NEGATIVE_INFINITY), c.roc().get(0));
    assertEquals(new RocPoint(0, 1, 0.3), c.roc().get(3));
    assertEquals(new RocPoint(0.5, 1, 0.5), c.roc().get(4));
  }

  @Test
  void youdenNonSeparable() {
    // values 0.1 .3 .4 .5 .6 .7: J = 1/3, 0, 1/3, 2/3, 1/3, 0 -> best at 0.5, threshold 0.55
    // AUC = P(pos < neg) = (3 + 2 + 2) / 9 = 7/9
    ThresholdChoice c = ThresholdSelection.youden(new double[] {0.1, 0.4, 0.5}, new double[] {0.3, 0.6, 0.7});
    assertEquals(0.55, c.threshold(), EPS);
    assertEquals(2.0 / 3, c.youdenJ(), EPS);
    assertEquals(7.0 / 9, c.auc(), EPS);
    assertEquals(2.0 / 3, ThresholdSelection.youdenAt(new double[] {0.1, 0.4, 0.5}, new double[] {0.3, 0.6, 0.7}, 0.55), EPS);
  }

  @Test
  void youdenTiesGoToTheSmallerThreshold() {
    // J = .5 at 0.1, 0 at 0.2, .5 at 0.3, 0 at 0.4: the first (0.1) wins -> (0.1 + 0.2) / 2
    ThresholdChoice c = ThresholdSelection.youden(new double[] {0.1, 0.3}, new double[] {0.2, 0.4});
    assertEquals(0.15, c.threshold(), EPS);
    assertEquals(0.75, c.auc(), EPS); // pairs (0.1<0.2, 0.1<0.4, 0.3<0.4) = 3/4
    // identical distances: J is 0 everywhere, (0,0) wins -> the smallest distance; AUC 0.5
    ThresholdChoice d = ThresholdSelection.youden(new double[] {0.2}, new double[] {0.2});
    assertEquals(0.2, d.threshold(), EPS);
    assertEquals(0.0, d.youdenJ(), EPS);
    assertEquals(0.5, d.auc(), EPS);
    assertThrows(ReidInputException.class, () -> ThresholdSelection.youden(new double[] {0.1}, new double[0]));
  }

  @Test
  void validationPairsNegativesOnlyInsideGroups() {
    // x: 0(l0) 1(l0) 3(l1) 7(l2) 10(l1); groups [0,1,2], [2,3], [0,2] (repeat)
    Embeddings e = Embeddings.of(new float[] {0, 1, 3, 7, 10}, 1, new int[] {0, 0, 1, 2, 1});
    ValidationPairs p = ValidationPairs.of(e, List.of(new int[] {0, 1, 2}, new int[] {2, 3}, new int[] {0, 2}));
    // positives anywhere: (0,1)=1, (2,4)=7
    assertArrayEquals(new double[] {1, 7}, p.positive(), EPS);
    // negatives in a shared group: (0,2)=3, (1,2)=2, (2,3)=4; not (0,3), (0,4), (3,4), ...
    assertArrayEquals(new double[] {3, 2, 4}, p.negative(), EPS);
  }
}
