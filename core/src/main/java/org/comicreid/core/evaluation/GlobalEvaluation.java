package org.comicreid.core.evaluation;

import java.util.List;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.metrics.RetrievalEngine;
import org.comicreid.core.metrics.RetrievalMetrics;

/**
 * Global evaluation (paper F.3): the queries of {@link GlobalQuerySet} retrieved against its
 * separate reference set (no query is in the reference set).
 */
public final class GlobalEvaluation {
  private GlobalEvaluation() {}

  /**
   * Builds the query set and evaluates it.
   *
   * @param all every instance's embedding (labels, if any, are ignored: identity ids are used)
   * @param series the test series
   * @param avgOfAvgs average per identity first (the authors' setting is true)
   * @param engine the retrieval engine
   */
  public static RetrievalMetrics evaluate(
      Embeddings all, List<GlobalQuerySet.Series> series, boolean avgOfAvgs, RetrievalEngine engine) {
    return evaluate(all, GlobalQuerySet.build(series), avgOfAvgs, engine);
  }

  /** Evaluates a built query set. */
  public static RetrievalMetrics evaluate(
      Embeddings all, GlobalQuerySet set, boolean avgOfAvgs, RetrievalEngine engine) {
    if (set.queryRows().length == 0 || set.referenceRows().length == 0) {
      throw new ReidInputException("global evaluation has " + set.queryRows().length + " queries and "
          + set.referenceRows().length + " references; both must be non-empty");
    }
    return engine.evaluate(set.queries(all), set.references(all), avgOfAvgs);
  }
}
