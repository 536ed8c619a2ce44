package org.comicreid.core.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.mining.IdentityClique;

/**
 * The global query and reference sets (paper F.3, FACTS "Global").
 *
 * <p>For each series: among its cliques, the one with the largest total number of instances (the
 * sum of its members' row counts as given here, not {@link IdentityClique#instanceCount()}) is
 * chosen; ties go to the lowest clique id. For every member character in ascending identity id,
 * its first row is a query and its other rows are references; a character with one row is a
 * reference only, and a character with no rows contributes nothing. A series without cliques
 * contributes nothing. Series are processed in the given order; all series' queries form one query
 * set and all references one reference set, to be evaluated with separate sets.
 *
 * @param queryRows row indexes (into the embedding matrix) of the queries
 * @param queryLabels identity id per query
 * @param referenceRows row indexes of the references
 * @param referenceLabels identity id per reference
 * @param chosen per series that contributed, the chosen clique
 */
public record GlobalQuerySet(
    int[] queryRows, int[] queryLabels, int[] referenceRows, int[] referenceLabels, List<Chosen> chosen) {

  /** Copies the list. */
  public GlobalQuerySet {
    chosen = List.copyOf(chosen);
  }

  /**
   * One test series.
   *
   * @param series the series name
   * @param cliques its cliques (members are identity ids)
   * @param rowsOfIdentity identity id to its rows, in instance order (the first is the query)
   */
  public record Series(String series, List<IdentityClique> cliques, Map<Integer, List<Integer>> rowsOfIdentity) {}

  /**
   * A series' chosen clique.
   *
   * @param series the series
   * @param cliqueId the chosen clique's id
   * @param rows its total number of rows
   */
  public record Chosen(String series, int cliqueId, int rows) {}

  /** Builds the sets. */
  public static GlobalQuerySet build(List<Series> series) {
    List<Integer> qr = new ArrayList<>();
    List<Integer> ql = new ArrayList<>();
    List<Integer> rr = new ArrayList<>();
    List<Integer> rl = new ArrayList<>();
    List<Chosen> chosen = new ArrayList<>();
    for (Series s : series) {
      IdentityClique best = null;
      int bestRows = -1;
      List<IdentityClique> byId = new ArrayList<>(s.cliques());
      byId.sort(Comparator.comparingInt(IdentityClique::id));
      for (IdentityClique c : byId) {
        int rows = 0;
        for (int m : c.members()) {
          rows += s.rowsOfIdentity().getOrDefault(m, List.of()).size();
        }
        if (rows > bestRows) {
          bestRows = rows;
          best = c;
        }
      }
      if (best == null) {
        continue;
      }
      chosen.add(new Chosen(s.series(), best.id(), bestRows));
      int[] members = best.members().clone();
      Arrays.sort(members);
      for (int m : members) {
        List<Integer> rows = s.rowsOfIdentity().getOrDefault(m, List.of());
        if (rows.size() == 1) {
          rr.add(rows.get(0));
          rl.add(m);
        } else if (rows.size() > 1) {
          qr.add(rows.get(0));
          ql.add(m);
          for (int i = 1; i < rows.size(); i++) {
            rr.add(rows.get(i));
            rl.add(m);
          }
        }
      }
    }
    return new GlobalQuerySet(ints(qr), ints(ql), ints(rr), ints(rl), chosen);
  }

  /** The query rows of {@code all}, labelled with identity ids (ids carried over). */
  public Embeddings queries(Embeddings all) {
    return select(all, queryRows, queryLabels);
  }

  /** The reference rows of {@code all}, labelled with identity ids (ids carried over). */
  public Embeddings references(Embeddings all) {
    return select(all, referenceRows, referenceLabels);
  }

  private static Embeddings select(Embeddings all, int[] rows, int[] labels) {
    int d = all.dim();
    float[] data = new float[rows.length * d];
    String[] ids = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (r < 0 || r >= all.size()) {
        throw new ReidInputException("row " + r + " is outside the " + all.size() + " embeddings");
      }
      System.arraycopy(all.data(), r * d, data, i * d, d);
      ids[i] = all.ids()[r];
    }
    return new Embeddings(ids, labels.clone(), List.of(), data, d);
  }

  private static int[] ints(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}
