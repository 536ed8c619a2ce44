package org.comicreid.learning.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SingleIdentityGroupsTest {

  /** Singletons per series (counts), each with 2 consecutive instance indexes; identity = index/2. */
  static List<SingleIdentityGroups.Singleton> singletons(int... perSeries) {
    List<SingleIdentityGroups.Singleton> out = new ArrayList<>();
    int next = 0;
    for (int s = 0; s < perSeries.length; s++) {
      for (int k = 0; k < perSeries[s]; k++) {
        out.add(new SingleIdentityGroups.Singleton("S" + s, next / 2, new int[] {next, next + 1}));
        next += 2;
      }
    }
    return out;
  }

  /** The singletons (by identity) a group is made of, checked to be whole characters. */
  static List<SingleIdentityGroups.Singleton> members(MiningGroup g,
      List<SingleIdentityGroups.Singleton> all) {
    Map<Integer, SingleIdentityGroups.Singleton> byIndex = new HashMap<>();
    for (SingleIdentityGroups.Singleton s : all) {
      for (int i : s.instanceIndexes()) {
        byIndex.put(i, s);
      }
    }
    Set<SingleIdentityGroups.Singleton> out = new java.util.LinkedHashSet<>();
    for (int i : g.instanceIndexes()) {
      assertTrue(byIndex.containsKey(i), "index " + i + " is no singleton's instance");
      out.add(byIndex.get(i));
    }
    int total = out.stream().mapToInt(s -> s.instanceIndexes().length).sum();
    assertEquals(total, g.instanceIndexes().length, "a group holds every instance of its characters");
    return new ArrayList<>(out);
  }

  @Test
  void groupsJoinTwoSingletonsOfDifferentSeriesAndUseEveryOne() {
    List<SingleIdentityGroups.Singleton> all = singletons(3, 2, 2);
    List<MiningGroup> groups = SingleIdentityGroups.pair(all, 11);
    Set<Integer> used = new HashSet<>();
    for (MiningGroup g : groups) {
      List<SingleIdentityGroups.Singleton> m = members(g, all);
      assertEquals(2, m.size());
      assertNotEquals(m.get(0).series(), m.get(1).series(), "a group within one series");
      assertTrue(g.series().equals(m.get(0).series()) || g.series().equals(m.get(1).series()));
      m.forEach(s -> used.add(s.identity()));
    }
    assertEquals(7, used.size(), "every singleton takes part");
    // 7 singletons: g greedy pairs and 7 - 2g leftovers of one series, each with a drawn partner
    assertTrue(groups.size() >= 4 && groups.size() <= 5, groups.size() + " groups");
  }

  @Test
  void leftoversOfOneSeriesGetPartnersFromTheOthers() {
    List<SingleIdentityGroups.Singleton> all = singletons(5, 1);
    List<MiningGroup> groups = SingleIdentityGroups.pair(all, 3);
    assertEquals(5, groups.size(), "each S0 singleton pairs with the one S1 singleton");
    for (MiningGroup g : groups) {
      List<SingleIdentityGroups.Singleton> m = members(g, all);
      assertTrue(m.stream().anyMatch(s -> s.series().equals("S1")));
      assertTrue(m.stream().anyMatch(s -> s.series().equals("S0")));
    }
  }

  @Test
  void oneSeriesGivesNoGroups() {
    assertEquals(List.of(), SingleIdentityGroups.pair(singletons(4), 1));
    assertEquals(List.of(), SingleIdentityGroups.pair(List.of(), 1));
  }

  @Test
  void thePairingIsDeterministicFromTheSeedAndTheInputOrderDoesNotMatter() {
    List<SingleIdentityGroups.Singleton> all = singletons(4, 4, 4, 4);
    List<SingleIdentityGroups.Singleton> reversed = new ArrayList<>(all);
    java.util.Collections.reverse(reversed);
    List<String> a = text(SingleIdentityGroups.pair(all, 5));
    assertEquals(a, text(SingleIdentityGroups.pair(reversed, 5)));
    assertNotEquals(a, text(SingleIdentityGroups.pair(all, 6)), "another seed, same pairing");
  }

  static List<String> text(List<MiningGroup> gs) {
    return gs.stream().map(g -> g.series() + Arrays.toString(g.instanceIndexes())).toList();
  }
}
