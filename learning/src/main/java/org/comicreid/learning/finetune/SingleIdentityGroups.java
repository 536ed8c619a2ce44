package org.comicreid.learning.finetune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.comicreid.core.random.Seeds;

/**
 * Artificial negatives for single-identity characters ({@code finetune.single_identity}, paper
 * Appendix G.2; FACTS "Fine-tuning sampler"). Meta-mining leaves out characters that never
 * co-occur with another one in a train sequence (they belong to no clique); with the option on,
 * such singleton characters of two different series are paired, and each pair becomes one extra
 * mining group holding all instances of both characters (their identities differ, so every
 * cross-character pair is a negative).
 *
 * <p><b>Pairing rule</b> (the paper does not give one):
 *
 * <ol>
 *   <li>the singletons are sorted by (series, identity), then shuffled with {@code
 *       Random(Seeds.derive(seed, 5))};
 *   <li>greedy matching in that order: each still unpaired singleton is paired with the next
 *       unpaired singleton of another series (each singleton is in at most one such pair);
 *   <li>the singletons left over then all belong to one series (two leftovers of different series
 *       would have been matched); each is paired with a partner drawn uniformly, with the same
 *       generator, from the singletons of the other series, which are therefore in two groups;
 *   <li>when all singletons belong to one series, no group is made.
 * </ol>
 *
 * A group is owned by (batched with) the series of the pair's first member, i.e. the one that
 * came first in the shuffled order.
 */
public final class SingleIdentityGroups {

  private SingleIdentityGroups() {}

  /**
   * A character that co-occurs with no other one in a train sequence.
   *
   * @param series its series
   * @param identity its identity label
   * @param instanceIndexes its instances (indexes into {@link FineTuneData#instances()})
   */
  public record Singleton(String series, int identity, int[] instanceIndexes) {}

  /** The extra mining groups, in the order they were made (see the class comment). */
  public static List<MiningGroup> pair(List<Singleton> singletons, long seed) {
    List<Singleton> order = new ArrayList<>(singletons);
    order.removeIf(s -> s.instanceIndexes().length == 0);
    order.sort(Comparator.comparing(Singleton::series).thenComparingInt(Singleton::identity));
    Random rnd = new Random(Seeds.derive(seed, 5));
    Collections.shuffle(order, rnd);
    boolean[] used = new boolean[order.size()];
    List<MiningGroup> out = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      if (used[i]) {
        continue;
      }
      for (int j = i + 1; j < order.size(); j++) {
        if (!used[j] && !order.get(j).series().equals(order.get(i).series())) {
          used[i] = true;
          used[j] = true;
          out.add(group(order.get(i), order.get(j)));
          break;
        }
      }
    }
    for (int i = 0; i < order.size(); i++) {
      if (used[i]) {
        continue;
      }
      List<Singleton> others = new ArrayList<>();
      for (Singleton s : order) {
        if (!s.series().equals(order.get(i).series())) {
          others.add(s);
        }
      }
      if (!others.isEmpty()) {
        out.add(group(order.get(i), others.get(rnd.nextInt(others.size()))));
      }
    }
    return out;
  }

  private static MiningGroup group(Singleton a, Singleton b) {
    TreeSet<Integer> idx = new TreeSet<>();
    for (int i : a.instanceIndexes()) {
      idx.add(i);
    }
    for (int i : b.instanceIndexes()) {
      idx.add(i);
    }
    return new MiningGroup(a.series(), idx.stream().mapToInt(Integer::intValue).toArray());
  }
}
